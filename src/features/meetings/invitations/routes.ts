import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { flashMessages } from '#platform/http/flash.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { idOf } from '#platform/http/params.ts';
import { formatDateTime } from '#platform/views/views.ts';
import { meetingHeading } from '../heading.ts';
import { formErrors, type Issue } from '#platform/validation/index.ts';
import { meetingCalendar } from './calendar.ts';

const view = (name: string) => `meetings/invitations/views/${name}.njk`;

/** A meeting's invitations page, sending invitations and papers, and its calendar file. */
export const invitationsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { invitations, sessions, config } = services;
  const flashes = flashMessages(sessions);
  const host = new URL(config.publicUrl).host;

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    meetingId: string,
    issues?: Issue[],
  ) {
    const { t, lang } = request;
    const page = await invitations.invitationsPage(actorOf(request), meetingId);
    const { meeting, counts, messages } = page;
    const errors = issues ? formErrors(t, issues) : undefined;
    const row = (key: string, value: string | number) => ({
      key: { text: key },
      value: { text: String(value) },
    });
    const when = (at: Date | null) => (at ? formatDateTime(at, lang) : t('invitations:never'));
    return reply.code(issues ? 400 : 200).render(view('invitations'), {
      pageTitle: t('invitations:title'),
      meeting: meetingHeading(lang, meeting),
      invitees: [
        row(t('invitations:counts.invited'), counts.invited),
        row(t('invitations:counts.notInvited'), counts.notInvited),
        ...(counts.backups ? [row(t('invitations:counts.backups'), counts.backups)] : []),
      ],
      replies: [
        ...(['yes', 'maybe', 'no', 'apologies'] as const).map((r) =>
          row(t(`meetings:replies.${r}`), counts.replies[r]),
        ),
        row(t('invitations:counts.noReply'), counts.replies.none),
      ],
      messages: [
        row(t('invitations:messages.queued'), messages.queued),
        row(t('invitations:messages.emailed'), messages.emails),
        ...Object.entries(messages.blocked).map(([reason, n]) =>
          row(t(`invitations:reasons.${reason}`), n),
        ),
      ],
      sent: [
        row(t('invitations:sent.invitations'), when(page.invitedAt)),
        row(t('invitations:sent.papers'), when(page.papersAt)),
      ],
      reminders: page.reminders.map((r) =>
        row(
          t(`invitations:reminders.${r.key}`, { defaultValue: r.key }),
          t('invitations:reminders.line', { at: formatDateTime(r.at, lang), count: r.sent }),
        ),
      ),
      canManage: page.canManage,
      stopped: page.stopped ? t(`invitations:errors.${page.stopped}`) : null,
      notInvited: counts.notInvited,
      errorList: errors?.errorList,
      ...(await flashes.take(request)),
    });
  }

  app.get('/meetings/:id/invitations', guarded, (request, reply) =>
    render(request, reply, idOf(request)),
  );

  for (const [path, send, done] of [
    ['send', invitations.sendInvitations, 'invitations:done.invitations'],
    ['papers', invitations.sendPapers, 'invitations:done.papers'],
  ] as const) {
    app.post(`/meetings/:id/invitations/${path}`, guarded, async (request, reply) => {
      const meetingId = idOf(request);
      const result = await send(actorOf(request), meetingId);
      if (!result.ok) return render(request, reply, meetingId, result.issues);
      const url = `/meetings/${meetingId}/invitations`;
      const { count, queued, emailed } = result.value;
      const message = { key: done, values: { count, queued, emailed } };
      return reply.redirect(await flashes.redirectUrl(request, url, message), 303);
    });
  }

  app.get('/meetings/:id/calendar.ics', guarded, async (request, reply) => {
    const lang = request.lang === 'cy' ? 'cy' : 'en';
    const meeting = await invitations.calendarFor(actorOf(request), idOf(request), lang);
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="meeting-${meeting.id}.ics"`)
      .header('cache-control', 'private, no-store')
      .send(meetingCalendar(meeting, host));
  });
};

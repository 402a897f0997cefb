import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '#platform/modules/contract.ts';
import { HttpError } from '#platform/http/errors.ts';
import { flashMessages } from '#platform/http/flash.ts';
import { personGuarded, personOf } from '#platform/http/guards.ts';
import { idOf, parsedOr404 } from '#platform/http/params.ts';
import { formErrors, type Issue } from '#platform/validation/index.ts';
import { meetingCalendar } from '../invitations/calendar.ts';
import { sendPaperFile } from '../papers/routes.ts';
import type { Paper } from '../papers/service.ts';
import { replies, type Reply } from '../tables.ts';
import type { PaperChoice } from '../papers/choose.ts';
import { placeOf, whenOf } from './present.ts';
import type { InvitedMeeting, InvitedMeetingDetails } from './repository.ts';

const view = (name: string) => `meetings/portal/views/${name}.njk`;
const paperParams = z.object({ id: z.guid(), paperId: z.guid() });
const replyForm = z.object({ reply: z.enum(replies) });

const local = (lang: string, en: string, cy: string) => (lang === 'cy' ? cy : en);
const localOrOther = (lang: string, en: string | null, cy: string | null) =>
  (lang === 'cy' ? (cy ?? en) : (en ?? cy)) || null;

/** A file's size in KB or MB (the same in both languages). */
const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${String(Math.max(1, Math.round(bytes / 1024)))} KB`;

/**
 * The people's portal: the meetings a person is invited to (/portal/meetings), one meeting
 * with its agenda, papers, calendar file, the reply form and, afterwards, what came of it.
 * A meeting the person is not invited to answers 404, whoever else may see it.
 */
export const meetingPortalRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { meetingPortal, sessions, config } = services;
  const flashes = flashMessages(sessions);
  const host = new URL(config.publicUrl).host;

  const listRow = (request: FastifyRequest, row: InvitedMeeting) => {
    const { t, lang } = request;
    return {
      href: `/portal/meetings/${row.id}`,
      title: local(lang, row.titleEn, row.titleCy),
      when: whenOf(t, lang, row.startsAt, row.endsAt),
      place: placeOf(t, row),
      cancelled: row.status === 'cancelled',
      reply: row.reply ? t(`meetings:replies.${row.reply}`) : t('meetingPortal:noReply'),
    };
  };

  app.get('/portal/meetings', personGuarded, async (request, reply) => {
    const { upcoming, past } = await meetingPortal.ownMeetings(personOf(request));
    return reply.render(view('list'), {
      pageTitle: request.t('meetingPortal:list.title'),
      upcoming: upcoming.map((row) => listRow(request, row)),
      past: past.map((row) => listRow(request, row)),
    });
  });

  const paperView = (
    request: FastifyRequest,
    meeting: InvitedMeetingDetails,
    choice: PaperChoice,
  ) => {
    const { t, lang } = request;
    const versionOf = (paper: Paper) => ({
      text: [
        t(`papers:languages.${paper.language}`),
        t(`papers:formats.${paper.format}`),
        t(`papers:types.${paper.mediaType.split('/')[1]!.split('.').pop()!}`),
        sizeText(paper.sizeBytes),
      ].join(', '),
      href: hrefOf(meeting, paper),
    });
    const { chosen } = choice;
    // the versions are one paper: a summary given with any of them, in the reader's language first
    const versions = [chosen, ...choice.others];
    const summaryIn = (l: string) =>
      versions.map((p) => (l === 'cy' ? p.summaryCy : p.summaryEn)).find(Boolean) ?? null;
    return {
      title: local(lang, chosen.titleEn, chosen.titleCy),
      summary: summaryIn(lang) ?? summaryIn(lang === 'cy' ? 'en' : 'cy'),
      ...versionOf(chosen),
      others: choice.others.map(versionOf),
    };
  };

  /** Minutes of an open meeting are public; an invitee gets any others through the portal. */
  const hrefOf = (meeting: InvitedMeetingDetails, paper: Paper) =>
    paper.kind === 'minutes' && meeting.kind === 'open_meeting' && meeting.status === 'planned'
      ? `/meetings/${meeting.id}/minutes/${paper.id}`
      : `/portal/meetings/${meeting.id}/papers/${paper.id}`;

  async function renderMeeting(
    request: FastifyRequest,
    reply: FastifyReply,
    refused?: { issues: Issue[]; chosen?: Reply },
  ) {
    const { t, lang } = request;
    const page = await meetingPortal.ownMeeting(personOf(request), idOf(request), lang);
    if (!page) throw new HttpError(404);
    const { meeting } = page;
    const errors = refused ? formErrors(t, refused.issues) : undefined;
    const chosen = refused?.chosen ?? meeting.reply;
    return reply.code(refused ? 400 : 200).render(view('show'), {
      pageTitle: local(lang, meeting.titleEn, meeting.titleCy),
      meeting: {
        id: meeting.id,
        kind: t(`meetings:kinds.${meeting.kind}`),
        purpose: localOrOther(lang, meeting.purposeEn, meeting.purposeCy),
        when: whenOf(t, lang, meeting.startsAt, meeting.endsAt),
        place: placeOf(t, meeting),
        address: meeting.attendanceMode === 'online' ? null : meeting.venueAddress,
        directions:
          meeting.attendanceMode === 'online'
            ? null
            : localOrOther(lang, meeting.directionsEn, meeting.directionsCy),
        online:
          meeting.attendanceMode === 'in_person' || meeting.status === 'cancelled' || page.over
            ? null
            : meeting.onlineDetails,
        language: t(`meetings:languages.${meeting.languages}`),
        cancelled: meeting.status === 'cancelled',
        started: page.started,
        over: page.over,
        reply: meeting.reply ? t(`meetings:replies.${meeting.reply}`) : null,
      },
      // replies are taken until the meeting starts, unless it is cancelled
      replyOpen: !page.started && meeting.status === 'planned',
      replyItems: replies.map((value) => ({
        value,
        text: t(`meetingPortal:reply.options.${value}`),
        ...(value === 'maybe' || value === 'apologies'
          ? { hint: { text: t(`meetingPortal:reply.hints.${value}`) } }
          : {}),
        checked: chosen === value,
      })),
      agenda: page.agenda.map((item) => ({
        title: local(lang, item.titleEn, item.titleCy),
        summary: localOrOther(lang, item.summaryEn, item.summaryCy),
      })),
      papers: page.papers.map((choice) => paperView(request, meeting, choice)),
      minutes: page.minutes.map((choice) => paperView(request, meeting, choice)),
      decisions: page.outcomes
        .filter((o) => o.kind === 'decision')
        .map((o) => ({ text: local(lang, o.textEn, o.textCy) })),
      actions: page.outcomes
        .filter((o) => o.kind === 'action')
        .map((o) => ({
          text: local(lang, o.textEn, o.textCy),
          done: o.doneAt !== null,
          dueOn: o.dueOn,
        })),
      heldOrUnderWay: page.started && meeting.status === 'planned',
      fields: errors?.fields ?? {},
      errorList: errors?.errorList,
      ...(await flashes.take(request)),
    });
  }

  app.get('/portal/meetings/:id', personGuarded, (request, reply) => renderMeeting(request, reply));

  app.get(
    '/portal/meetings/:id/papers/:paperId',
    { ...personGuarded, compress: false },
    async (request, reply) => {
      const { id, paperId } = parsedOr404(paperParams, request.params);
      const found = await meetingPortal.paper(personOf(request), id, paperId);
      if (!found) throw new HttpError(404);
      return sendPaperFile(reply, found, found.content);
    },
  );

  app.get('/portal/meetings/:id/calendar.ics', personGuarded, async (request, reply) => {
    const { t, lang } = request;
    const meeting = await meetingPortal.invitation(personOf(request), idOf(request));
    if (!meeting || meeting.status === 'cancelled') throw new HttpError(404);
    const venue =
      meeting.attendanceMode === 'online' || !meeting.venueName
        ? null
        : [meeting.venueName, meeting.venueAddress].filter(Boolean).join(', ');
    const ics = meetingCalendar(
      {
        id: meeting.id,
        title: local(lang, meeting.titleEn, meeting.titleCy),
        startsAt: meeting.startsAt,
        endsAt: meeting.endsAt,
        venue,
        onlineLabel: t('meetingPortal:place.online'),
        description: localOrOther(lang, meeting.purposeEn, meeting.purposeCy),
      },
      host,
    );
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', 'attachment; filename="meeting.ics"')
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(ics);
  });

  app.post('/portal/meetings/:id/reply', personGuarded, async (request, reply) => {
    const parsed = replyForm.safeParse(request.form);
    if (!parsed.success)
      return renderMeeting(request, reply, {
        issues: [{ field: 'reply', message: 'meetingPortal:errors.noChoice' }],
      });
    const meeting = await meetingPortal.invitation(personOf(request), idOf(request));
    if (!meeting) throw new HttpError(404);
    const result = await services.meetingReplies.recordReply(
      meeting.inviteeId,
      parsed.data.reply,
      'portal',
      { accountId: null },
    );
    if (!result.ok) {
      if (result.problem === 'notFound') throw new HttpError(404);
      return renderMeeting(request, reply, {
        issues: [{ field: 'reply', message: `meetingPortal:errors.${result.problem}` }],
        chosen: parsed.data.reply,
      });
    }
    const url = await flashes.redirectUrl(request, `/portal/meetings/${meeting.id}`, {
      key: result.changed
        ? `meetingPortal:reply.saved.${parsed.data.reply}`
        : 'meetingPortal:reply.same',
    });
    return reply.redirect(url, 303);
  });
};

import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '#platform/modules/contract.ts';
import { flashMessages } from '#platform/http/flash.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { parsedOr404 } from '#platform/http/params.ts';
import { formatDateTime } from '#platform/views/views.ts';
import { meetingHeading } from '../heading.ts';
import { replies, type Reply } from '../tables.ts';

const view = (name: string) => `meetings/replies/views/${name}.njk`;
const params = z.object({ id: z.guid(), inviteeId: z.guid() });

/** Staff record a reply someone gave them (by phone, in person): meeting.manage. */
export const staffReplyRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { meetingReplies, sessions } = services;
  const flashes = flashMessages(sessions);

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    problem?: 'noChoice' | 'cancelled' | 'over',
  ) {
    const { t, lang } = request;
    const { id, inviteeId } = parsedOr404(params, request.params);
    const { meeting, invitee } = await meetingReplies.replyForm(actorOf(request), id, inviteeId);
    const errorKey = problem ? `replies:staff.errors.${problem}` : null;
    return reply.code(problem ? 400 : 200).render(view('staff'), {
      pageTitle: t('replies:staff.title', { name: invitee.name ?? t('replies:staff.someone') }),
      meeting: meetingHeading(lang, meeting),
      open: meeting.status === 'planned' && meeting.startsAt > new Date(),
      closed: meeting.status === 'cancelled' ? t('replies:page.cancelled') : t('replies:page.over'),
      current: invitee.reply
        ? t('replies:staff.current', {
            reply: t(`meetings:replies.${invitee.reply}`),
            channel: t(`meetings:replyChannels.${invitee.replyChannel ?? 'staff'}`),
            when: invitee.repliedAt ? formatDateTime(invitee.repliedAt, lang) : '',
          })
        : t('replies:staff.noReply'),
      action: `/meetings/${meeting.id}/replies/${invitee.id}`,
      items: replies.map((value) => ({
        value,
        text: t(`meetings:replies.${value}`),
        checked: invitee.reply === value,
      })),
      errorMessage: errorKey ? { text: t(errorKey) } : undefined,
      errorList: errorKey ? [{ text: t(errorKey), href: '#reply' }] : undefined,
      ...(await flashes.take(request)),
    });
  }

  app.get('/meetings/:id/replies/:inviteeId', guarded, (request, reply) => render(request, reply));

  app.post('/meetings/:id/replies/:inviteeId', guarded, async (request, reply) => {
    const { id, inviteeId } = parsedOr404(params, request.params);
    const chosen = request.form.reply;
    if (typeof chosen !== 'string' || !(replies as readonly string[]).includes(chosen))
      return render(request, reply, 'noChoice');
    const result = await meetingReplies.recordReplyFor(
      actorOf(request),
      id,
      inviteeId,
      chosen as Reply,
    );
    if (!result.ok) {
      if (result.problem === 'notFound') return reply.callNotFound();
      return render(request, reply, result.problem);
    }
    const message = {
      key: result.backupOffered ? 'replies:staff.savedBackupOffered' : 'replies:staff.saved',
    };
    const url = `/meetings/${id}/replies/${inviteeId}`;
    return reply.redirect(await flashes.redirectUrl(request, url, message), 303);
  });
};

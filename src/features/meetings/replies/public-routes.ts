import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { LANGUAGE_COOKIE } from '#app/app.ts';
import type { Services } from '#platform/modules/contract.ts';
import { flashMessages } from '#platform/http/flash.ts';
import { isLanguage, type Language } from '#platform/i18n/i18n.ts';
import { londonParts } from '#platform/time/london.ts';
import { formatDate } from '#platform/views/views.ts';
import { meetingCalendar } from '../invitations/calendar.ts';
import { inviteeOfToken } from '../invitations/tokens.ts';
import { papersOf } from '../papers/service.ts';
import { sendPaperFile } from '../papers/routes.ts';
import { replies, type Reply } from '../tables.ts';
import { papersFor } from './present.ts';
import { paperForInvitee, replyPageOf, type ReplyPage } from './repository.ts';
import type { ReplyProblem } from './service.ts';

const view = (name: string) => `meetings/replies/views/${name}.njk`;
const tokenParams = z.object({ token: z.string().regex(/^[\w-]{20,64}$/) });
const paperParams = tokenParams.extend({ paperId: z.guid() });
/** Generous for a person, useless for guessing a 32-character token. */
const limit = { config: { rateLimit: { max: 60, timeWindow: '1 minute' } } };

/**
 * The link in an invitation: /r/<token>. Anyone holding it may see that one invitee's meeting
 * (never who else is invited) and reply without signing in. An unknown or expired link gets the
 * same friendly page, so a link never tells whether it once worked.
 */
export const replyLinkRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { db, i18n, config, sessions, meetingReplies } = services;
  const flashes = flashMessages(sessions);

  /** The invitee of the link, or undefined (the caller shows the link-gone page). */
  const inviteeOf = async (request: FastifyRequest) => {
    const parsed = tokenParams.safeParse(request.params);
    return parsed.success ? inviteeOfToken(db, parsed.data.token) : undefined;
  };

  const linkGone = (reply: FastifyReply) =>
    reply.code(404).render(view('link-gone'), { pageTitle: reply.request.t('replies:gone.title') });

  /** The page speaks the person's language unless the visitor chose one (the switch works). */
  function speakPersonsLanguage(request: FastifyRequest, language: Language | null) {
    const query = request.query as Record<string, unknown>;
    if (!language || isLanguage(query.lang) || isLanguage(request.cookies[LANGUAGE_COOKIE])) return;
    request.lang = language;
    request.t = i18n.t(language);
  }

  const titleOf = (page: ReplyPage, lang: Language) =>
    lang === 'cy' ? page.titleCy : page.titleEn;

  const tokenOf = (request: FastifyRequest) => tokenParams.parse(request.params).token;

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    page: ReplyPage,
    problem?: ReplyProblem | 'noChoice',
  ) {
    const { t, lang } = request;
    const token = tokenOf(request);
    const base = `/r/${token}`;
    const now = new Date();
    const state =
      page.status === 'cancelled' ? 'cancelled' : page.startsAt <= now ? 'over' : 'open';
    const inPerson = page.attendanceMode !== 'online';
    const online = page.attendanceMode !== 'in_person';
    const papers = papersFor(await papersOf(db, page.id), lang, page.personFormats ?? []).map(
      (paper) => ({
        href: `${base}/papers/${paper.id}`,
        title: lang === 'cy' ? paper.titleCy : paper.titleEn,
        details: [
          t(`papers:formats.${paper.format}`),
          t(`papers:languages.${paper.language}`),
          `${Math.max(1, Math.round(paper.sizeBytes / 1024))} KB`,
        ].join(', '),
      }),
    );
    const errorKey =
      problem === 'noChoice'
        ? 'replies:errors.noChoice'
        : problem
          ? `replies:errors.${problem}`
          : null;
    return reply.code(problem ? 400 : 200).render(view('reply'), {
      pageTitle: titleOf(page, lang),
      purpose: lang === 'cy' ? page.purposeCy : page.purposeEn,
      date: formatDate(page.startsAt, lang),
      time: t('replies:page.timeRange', {
        from: londonParts(page.startsAt).time,
        to: londonParts(page.endsAt).time,
      }),
      mode: t(`meetings:attendanceModes.${page.attendanceMode}`),
      venue:
        inPerson && page.venueName
          ? {
              name: page.venueName,
              address: page.venueAddress,
              directions: lang === 'cy' ? page.directionsCy : page.directionsEn,
            }
          : null,
      onlineDetails: online ? page.onlineDetails : null,
      agenda: page.agenda.map((item) => (lang === 'cy' ? item.titleCy : item.titleEn)),
      papers,
      state,
      current: page.reply ? t(`meetings:replies.${page.reply}`) : null,
      action: base,
      calendar: `${base}/calendar.ics`,
      items: replies.map((value) => ({
        value,
        text: t(`replies:choices.${value}`),
        checked: page.reply === value,
      })),
      errorMessage: errorKey ? { text: t(errorKey) } : undefined,
      errorList: errorKey ? [{ text: t(errorKey), href: '#reply' }] : undefined,
      ...(await flashes.take(request)),
    });
  }

  app.get('/r/:token', limit, async (request, reply) => {
    const inviteeId = await inviteeOf(request);
    const page = inviteeId ? await replyPageOf(db, inviteeId) : undefined;
    if (!page) return linkGone(reply);
    speakPersonsLanguage(request, page.personLanguage);
    // the reply form needs the session's CSRF token
    await request.ensureSession();
    return render(request, reply, page);
  });

  app.post('/r/:token', limit, async (request, reply) => {
    const inviteeId = await inviteeOf(request);
    const page = inviteeId ? await replyPageOf(db, inviteeId) : undefined;
    if (!inviteeId || !page) return linkGone(reply);
    speakPersonsLanguage(request, page.personLanguage);
    const chosen = request.form.reply;
    if (typeof chosen !== 'string' || !(replies as readonly string[]).includes(chosen))
      return render(request, reply, page, 'noChoice');
    const result = await meetingReplies.recordReply(inviteeId, chosen as Reply, 'link', {
      accountId: null,
    });
    if (!result.ok) {
      if (result.problem === 'notFound') return linkGone(reply);
      return render(request, reply, page, result.problem);
    }
    const message = { key: `replies:saved.${chosen}` };
    return reply.redirect(
      await flashes.redirectUrl(request, `/r/${tokenOf(request)}`, message),
      303,
    );
  });

  app.get('/r/:token/papers/:paperId', { ...limit, compress: false }, async (request, reply) => {
    const parsed = paperParams.safeParse(request.params);
    const inviteeId = parsed.success ? await inviteeOfToken(db, parsed.data.token) : undefined;
    const paper =
      parsed.success && inviteeId
        ? await paperForInvitee(db, inviteeId, parsed.data.paperId)
        : undefined;
    if (!paper) return linkGone(reply);
    return sendPaperFile(reply, paper, paper.content);
  });

  app.get('/r/:token/calendar.ics', limit, async (request, reply) => {
    const inviteeId = await inviteeOf(request);
    const page = inviteeId ? await replyPageOf(db, inviteeId) : undefined;
    if (!page) return linkGone(reply);
    speakPersonsLanguage(request, page.personLanguage);
    const { t, lang } = request;
    const venue =
      page.attendanceMode !== 'online' && page.venueName
        ? [page.venueName, page.venueAddress].filter(Boolean).join(', ')
        : null;
    const ics = meetingCalendar(
      {
        id: page.id,
        title: titleOf(page, lang),
        startsAt: page.startsAt,
        endsAt: page.endsAt,
        venue,
        onlineLabel: t('meetings:attendanceModes.online'),
        description: lang === 'cy' ? page.purposeCy : page.purposeEn,
      },
      new URL(config.publicUrl).host,
    );
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', 'attachment; filename="meeting.ics"')
      .header('cache-control', 'private, no-store')
      .send(ics);
  });
};

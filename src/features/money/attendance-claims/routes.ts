import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { local } from '#platform/i18n/i18n.ts';
import { z } from 'zod';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { keepFlash, takeFlash } from '#platform/http/flash.ts';
import { HttpError } from '#platform/http/errors.ts';
import { canAnywhere } from '#platform/permissions/policy.ts';
import { formatDate, formatDateTime } from '#platform/views/views.ts';
import { type Issue } from '#platform/validation/index.ts';
import { formatPence } from '../pence.ts';
import { rateKey } from '../claims/lines.ts';
import { errorsShown } from '../forms.ts';

const view = (name: string) => `money/attendance-claims/views/${name}.njk`;
const meetingParams = z.object({ meetingId: z.guid() });

/** Claims for everyone who came to a meeting, in one step (money.claim). */
export const attendanceClaimsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const service = services.attendanceClaims;
  const meetingIdOf = (request: FastifyRequest) => {
    const parsed = meetingParams.safeParse(request.params);
    if (!parsed.success) throw new HttpError(404);
    return parsed.data.meetingId;
  };

  app.get('/money/claims/from-meeting', guarded, async (request, reply) => {
    const actor = actorOf(request);
    if (!canAnywhere(actor, 'money.claim')) throw new HttpError(403);
    const { t, lang } = request;
    const meetings = await service.meetings(actor);
    return reply.render(view('meetings'), {
      pageTitle: t('attendanceClaims:title'),
      meetings: meetings.map((m) => ({
        href: `/money/claims/from-meeting/${m.id}`,
        title: local(request.lang, m.titleEn, m.titleCy),
        when: formatDateTime(m.startsAt, lang),
        organisation: local(request.lang, m.organisationEn, m.organisationCy),
        attended: t('attendanceClaims:attended', { count: m.attended }),
      })),
    });
  });

  const renderMeeting = async (
    request: FastifyRequest,
    reply: FastifyReply,
    meetingId: string,
    issues?: Issue[],
  ) => {
    const { t, lang } = request;
    const found = await service.attendees(actorOf(request), meetingId);
    const shown = errorsShown(request, reply, issues);
    const done = await takeFlash<{ made: number; skipped: number }>(services.sessions, request);
    const form = (request.body ?? {}) as Record<string, unknown>;
    const chosen = new Set(
      ([] as unknown[])
        .concat(form.inviteeIds ?? [])
        .filter((v): v is string => typeof v === 'string'),
    );
    return reply.render(view('meeting'), {
      pageTitle: t('attendanceClaims:meetingTitle', {
        title: local(request.lang, found.meeting.titleEn, found.meeting.titleCy),
      }),
      meetingId,
      flash: done
        ? t('attendanceClaims:made', { count: done.made }) +
          (done.skipped ? ` ${t('attendanceClaims:skipped', { count: done.skipped })}` : '')
        : undefined,
      day: formatDate(found.day, lang),
      ...shown,
      attendees: found.attendees.map((a) => ({
        value: a.inviteeId,
        text: a.name ?? t('claims:hiddenName'),
        hint: a.hasClaim ? { text: t('attendanceClaims:hasClaim') } : undefined,
        checked: issues ? chosen.has(a.inviteeId) : !a.hasClaim,
        disabled: a.hasClaim,
      })),
      rates: found.paymentRates.map((r) => ({
        value: rateKey(r),
        text: t('claims:new.rate', {
          activity: lang === 'cy' ? r.activityCy || r.activityEn : r.activityEn,
          unit: t(`claims:units.${r.unit}`),
          amount: formatPence(r.amountPence, lang),
        }),
        selected: form.rate === rateKey(r),
      })),
      units:
        typeof form.units === 'string' ? form.units : String(Math.round(found.hours * 100) / 100),
    });
  };

  app.get('/money/claims/from-meeting/:meetingId', guarded, (request, reply) =>
    renderMeeting(request, reply, meetingIdOf(request)),
  );

  app.post('/money/claims/from-meeting/:meetingId', guarded, async (request, reply) => {
    const meetingId = meetingIdOf(request);
    const form = request.form;
    const inviteeIds = ([] as unknown[])
      .concat(form.inviteeIds ?? [])
      .filter((v): v is string => typeof v === 'string');
    const rate = typeof form.rate === 'string' ? form.rate : '';
    const units = Number(typeof form.units === 'string' ? form.units.trim() : '');
    const issues: Issue[] = [];
    if (!inviteeIds.length)
      issues.push({ field: 'inviteeIds', message: 'attendanceClaims:errors.nobody' });
    if (!rate) issues.push({ field: 'rate', message: 'attendanceClaims:errors.rate' });
    if (!Number.isFinite(units) || units <= 0)
      issues.push({ field: 'units', message: 'claims:errors.units' });
    if (issues.length) return renderMeeting(request, reply, meetingId, issues);
    const result = await service.makeClaims(actorOf(request), meetingId, {
      inviteeIds,
      rate,
      unitsHundredths: Math.round(units * 100),
    });
    if (!result.ok) return renderMeeting(request, reply, meetingId, result.issues);
    keepFlash(request, { made: result.made, skipped: result.skipped });
    return reply.redirect(`/money/claims/from-meeting/${meetingId}`, 303);
  });
};

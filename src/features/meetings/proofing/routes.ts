import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '#platform/modules/contract.ts';
import { flashMessages } from '#platform/http/flash.ts';
import { HttpError } from '#platform/http/errors.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { idOf, parsedOr404 } from '#platform/http/params.ts';
import { formErrors, issuesOf, type Issue } from '#platform/validation/index.ts';
import { proofingChecks } from '../tables.ts';
import { checklistView } from './present.ts';

const view = (name: string) => `meetings/proofing/views/${name}.njk`;

const overrideForm = z.object({
  check: z.enum(proofingChecks),
  inviteeId: z
    .string()
    .trim()
    .transform((v) => v || null)
    .pipe(z.guid().nullable()),
  reason: z
    .string({ error: 'proofing:errors.reason' })
    .trim()
    .min(1, 'proofing:errors.reason')
    .max(1000, 'proofing:errors.reasonLong'),
});
const overrideParams = z.object({ id: z.guid(), overrideId: z.guid() });

/** The user-proofing checklist of a meeting and going ahead despite a warning. */
export const proofingRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { proofing, sessions } = services;
  const flashes = flashMessages(sessions);

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    meetingId: string,
    refused?: { check: string; inviteeId: string; issues: Issue[]; reason: string },
  ) {
    const { meeting, results, canOverride } = await proofing.checklist(actorOf(request), meetingId);
    const { t, lang } = request;
    const errors = refused ? formErrors(t, refused.issues) : undefined;
    return reply.code(refused ? 400 : 200).render(view('checklist'), {
      pageTitle: t('proofing:title'),
      meeting: { id: meeting.id, title: lang === 'cy' ? meeting.titleCy : meeting.titleEn },
      ...checklistView(t, lang, results),
      canOverride,
      refused: refused && { ...refused, error: errors?.fields.reason },
      errorList: errors?.errorList,
      ...(await flashes.take(request)),
    });
  }

  app.get('/meetings/:id/proofing', guarded, (request, reply) =>
    render(request, reply, idOf(request)),
  );

  app.post('/meetings/:id/proofing/overrides', guarded, async (request, reply) => {
    const meetingId = idOf(request);
    const parsed = overrideForm.safeParse(request.form);
    const form = request.form as Record<string, unknown>;
    const typed = {
      check: typeof form.check === 'string' ? form.check : '',
      inviteeId: typeof form.inviteeId === 'string' ? form.inviteeId : '',
      reason: typeof form.reason === 'string' ? form.reason : '',
    };
    if (!parsed.success) {
      // a check that does not exist is a forged form, not a mistake
      if (!proofingChecks.includes(typed.check as never)) throw new HttpError(400);
      const issues = issuesOf(parsed.error).map((i) => ({ ...i, field: 'reason' }));
      return render(request, reply, meetingId, { ...typed, issues });
    }
    const result = await proofing.overrideWarning(actorOf(request), meetingId, parsed.data);
    if (!result.ok) return render(request, reply, meetingId, { ...typed, issues: result.issues });
    const url = `/meetings/${meetingId}/proofing#${parsed.data.check}`;
    return reply.redirect(
      await flashes.redirectUrl(request, url, { key: 'proofing:override.saved' }),
      303,
    );
  });

  app.post(
    '/meetings/:id/proofing/overrides/:overrideId/withdraw',
    guarded,
    async (request, reply) => {
      const { id, overrideId } = parsedOr404(overrideParams, request.params);
      await proofing.withdrawOverride(actorOf(request), id, overrideId);
      const url = `/meetings/${id}/proofing`;
      return reply.redirect(
        await flashes.redirectUrl(request, url, { key: 'proofing:override.withdrawn' }),
        303,
      );
    },
  );
};

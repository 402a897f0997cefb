import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '#platform/modules/contract.ts';
import { flashMessages } from '#platform/http/flash.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { idOf, parsedOr404 } from '#platform/http/params.ts';
import { formatDate } from '#platform/views/views.ts';
import { formErrors, type Form, type Issue } from '#platform/validation/index.ts';
import { parseOutcomeForm } from './schema.ts';

const view = (name: string) => `meetings/outcomes/views/${name}.njk`;
const outcomeParams = z.object({ id: z.guid(), outcomeId: z.guid() });
const today = () => new Date().toISOString().slice(0, 10);

/** Decisions and actions of a meeting. */
export const outcomesRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { outcomes, sessions } = services;
  const flashes = flashMessages(sessions);

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    meetingId: string,
    refused?: { issues: Issue[]; form: Form },
  ) {
    const { t, lang } = request;
    const actor = actorOf(request);
    const page = await outcomes.outcomesPage(actor, meetingId);
    const local = (en: string, cy: string) => (lang === 'cy' ? cy : en);
    const errors = formErrors(t, refused?.issues ?? [], { dueOn: 'dueOn-day' });
    const form = refused?.form ?? {};
    const shown = page.outcomes.map((o) => ({
      ...o,
      text: local(o.textEn, o.textCy),
      due: o.dueOn ? formatDate(o.dueOn, lang) : null,
      overdue: Boolean(o.dueOn && !o.doneAt && o.dueOn < today()),
      mayMark: page.meeting.canManage || o.ownerAccountId === actor.id,
    }));
    return reply.code(refused ? 400 : 200).render(view('outcomes'), {
      pageTitle: t('outcomes:title'),
      meeting: {
        id: page.meeting.id,
        title: local(page.meeting.titleEn, page.meeting.titleCy),
        canManage: page.meeting.canManage,
      },
      decisions: shown.filter((o) => o.kind === 'decision'),
      actions: shown.filter((o) => o.kind === 'action'),
      owners: [
        { value: '', text: t('outcomes:form.noOwner') },
        ...page.owners.map((o) => ({
          value: o.id,
          text: o.name,
          selected: form.ownerAccountId === o.id,
        })),
      ],
      form,
      errors: errors.fields,
      errorList: errors.errorList,
      ...(await flashes.take(request)),
    });
  }

  app.get('/meetings/:id/outcomes', guarded, (request, reply) =>
    render(request, reply, idOf(request)),
  );

  app.post('/meetings/:id/outcomes', guarded, async (request, reply) => {
    const meetingId = idOf(request);
    const form: Form = request.form;
    const parsed = parseOutcomeForm(form);
    const result = parsed.ok
      ? await outcomes.addOutcome(actorOf(request), meetingId, parsed.value)
      : parsed;
    if (!result.ok) return render(request, reply, meetingId, { issues: result.issues, form });
    const url = `/meetings/${meetingId}/outcomes`;
    const key = parsed.ok && parsed.value.kind === 'action' ? 'actionAdded' : 'decisionAdded';
    return reply.redirect(await flashes.redirectUrl(request, url, { key: `outcomes:${key}` }), 303);
  });

  for (const [path, change, key] of [
    ['done', (a, m, o) => outcomes.setActionDone(a, m, o, true), 'markedDone'],
    ['reopen', (a, m, o) => outcomes.setActionDone(a, m, o, false), 'reopened'],
    ['remove', (a, m, o) => outcomes.removeOutcome(a, m, o), 'removed'],
  ] as const satisfies readonly [
    string,
    (actor: ReturnType<typeof actorOf>, meetingId: string, outcomeId: string) => Promise<void>,
    string,
  ][])
    app.post(`/meetings/:id/outcomes/:outcomeId/${path}`, guarded, async (request, reply) => {
      const { id, outcomeId } = parsedOr404(outcomeParams, request.params);
      await change(actorOf(request), id, outcomeId);
      const url = `/meetings/${id}/outcomes`;
      return reply.redirect(
        await flashes.redirectUrl(request, url, { key: `outcomes:${key}` }),
        303,
      );
    });
};

import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import type { Issue } from '#platform/validation/index.ts';
import { equalityFormView } from './presenter.ts';
import { questionNames, type EqualityAnswers } from './questions.ts';
import { parseEqualityForm } from './schema.ts';
import type { EqualityRecord } from './service.ts';
import { keepFlash, takeFlash } from '#platform/http/flash.ts';
import { idOf } from '#platform/http/params.ts';

export const equalityRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { equality } = services;

  const render = (
    request: FastifyRequest,
    reply: FastifyReply,
    record: EqualityRecord,
    options: { answers?: EqualityAnswers; issues?: Issue[]; flash?: string } = {},
  ) => {
    const t = request.t;
    const issues = options.issues ?? [];
    const answers = options.answers ?? record.answers ?? {};
    if (issues.length) reply.code(400);
    return reply.render('register/equality/views/form.njk', {
      pageTitle: t('equality:title'),
      person: record.person,
      consented: record.consented,
      recordedAt: record.recordedAt,
      flash: options.flash,
      ...equalityFormView(t, answers, issues),
    });
  };

  app.get('/people/:id/equality', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const record = await equality.viewEquality(actor, idOf(request));
    const saved = await takeFlash<boolean>(services.sessions, request);
    return render(request, reply, record, {
      flash: saved ? request.t('equality:saved') : undefined,
    });
  });

  app.post('/people/:id/equality', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const id = idOf(request);
    const parsed = parseEqualityForm(request.form);
    if (!parsed.ok) {
      const record = await equality.viewEquality(actor, id);
      const answers = Object.fromEntries(
        questionNames.map((q) => {
          const raw = request.form[q];
          return [q, typeof raw === 'string' ? raw : null];
        }),
      );
      return render(request, reply, record, { answers, issues: parsed.issues });
    }
    const saved = await equality.recordEquality(actor, id, parsed.value);
    if (saved) keepFlash(request, true);
    return reply.redirect(`/people/${id}/equality`, 303);
  });
};

import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TFunction } from 'i18next';
import type { Services } from '#app/services.ts';
import { actorOf, requireActor } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import {
  PREFER_NOT_TO_SAY,
  equalityQuestions,
  ethnicityGroups,
  questionNames,
  type EqualityAnswers,
  type EqualityQuestion,
} from './questions.ts';
import { parseEqualityForm, personParams } from './schema.ts';
import type { EqualityRecord } from './service.ts';
import { saveSessionData, takeSessionValue } from '#platform/http/session-data.ts';

const FLASH_KEY = 'equalityFlash';

function idOf(request: FastifyRequest) {
  const parsed = personParams.safeParse(request.params);
  if (!parsed.success) throw new HttpError(404);
  return parsed.data.id;
}

type Item = { value: string; text: string; checked: boolean } | { divider: string };

/** Radio items for a question: its answers, then "or", then "prefer not to say". */
function itemsFor(t: TFunction, question: EqualityQuestion, chosen: string | null | undefined) {
  const items: Item[] = equalityQuestions[question].map((value) => ({
    value,
    text: t(`equality:questions.${question}.options.${value}`),
    checked: chosen === value,
  }));
  return items;
}

const preferNot = (t: TFunction, chosen: string | null | undefined) => ({
  value: PREFER_NOT_TO_SAY,
  text: t('equality:preferNotToSay'),
  checked: chosen === PREFER_NOT_TO_SAY,
});

/** The view model: one radios block per question; ethnicity as the five GSS groups. */
function questionsView(t: TFunction, answers: EqualityAnswers, errors: string[]) {
  const error = (q: string) =>
    errors.includes(q) ? { text: t('equality:errors.invalid') } : undefined;
  return {
    questions: questionNames
      .filter((q) => q !== 'ethnicity')
      .map((q) => ({
        name: q,
        legend: t(`equality:questions.${q}.legend`),
        hint: t(`equality:questions.${q}.hint`),
        errorMessage: error(q),
        items: [
          ...itemsFor(t, q, answers[q]),
          { divider: t('equality:or') },
          preferNot(t, answers[q]),
        ],
      })),
    ethnicity: {
      legend: t('equality:questions.ethnicity.legend'),
      hint: t('equality:questions.ethnicity.hint'),
      errorMessage: error('ethnicity'),
      groups: Object.entries(ethnicityGroups).map(([group, options]) => ({
        id: `ethnicity-${group}`,
        legend: t(`equality:ethnicityGroups.${group}`),
        items: options.map((value) => ({
          value,
          text: t(`equality:questions.ethnicity.options.${value}`),
          checked: answers.ethnicity === value,
        })),
      })),
      preferNot: preferNot(t, answers.ethnicity),
    },
  };
}

export const equalityRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { equality } = services;
  const guarded = { preHandler: requireActor };

  const render = (
    request: FastifyRequest,
    reply: FastifyReply,
    record: EqualityRecord,
    options: { answers?: EqualityAnswers; errors?: string[]; flash?: string } = {},
  ) => {
    const t = request.t;
    const errors = options.errors ?? [];
    const answers = options.answers ?? record.answers ?? {};
    if (errors.length) reply.code(400);
    return reply.render('register/equality/views/form.njk', {
      pageTitle: t('equality:title'),
      person: record.person,
      consented: record.consented,
      recordedAt: record.recordedAt,
      flash: options.flash,
      errorList: errors.map((q) => ({
        text: `${t(`equality:questions.${q}.legend`)}: ${t('equality:errors.invalid')}`,
        href: q === 'ethnicity' ? '#ethnicity-asian' : `#${q}`,
      })),
      ...questionsView(t, answers, errors),
    });
  };

  app.get('/people/:id/equality', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const record = await equality.viewEquality(actor, idOf(request));
    const saved = await takeSessionValue<boolean>(services.sessions, request, FLASH_KEY);
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
      return render(request, reply, record, { answers, errors: parsed.fields });
    }
    const saved = await equality.recordEquality(actor, id, parsed.answers);
    if (saved) await saveSessionData(services.sessions, request, { [FLASH_KEY]: true });
    return reply.redirect(`/people/${id}/equality`, 303);
  });
};

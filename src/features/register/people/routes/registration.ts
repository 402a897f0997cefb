import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import type { Form, Issue } from '#platform/validation/index.ts';
import { draftOf, firstMissing, stepDefaults, type Draft } from './draft.ts';
import {
  DRAFT_KEY,
  formOf,
  formView,
  mayRegister,
  organisationOptions,
  saveSession,
  view,
  withNone,
  workerOptions,
} from './support.ts';
import {
  CURRENT_WORDING_VERSION,
  formIssues,
  parseNamedWorker,
  stepNames,
  steps,
  str,
  type StepName,
} from '../schema.ts';

function stepOf(request: FastifyRequest) {
  const step = (request.params as { step?: string }).step;
  if (!step || !(stepNames as string[]).includes(step)) throw new HttpError(404);
  return step as StepName;
}

/** The select of organisations and of named workers, where the question has them. */
async function stepOptions(
  services: Services,
  request: FastifyRequest,
  step: StepName,
  values: Form,
) {
  const t = request.t;
  const organisations =
    step === 'organisation'
      ? await services.people.organisationsForRegistering(actorOf(request))
      : [];
  const organisationId = draftOf(request).answers.organisation?.organisationId;
  const workers =
    step === 'contact' && typeof organisationId === 'string'
      ? await services.people.workersAt(organisationId)
      : [];
  return {
    workers: workers.length ? workerOptions(request, workers, values.namedWorker) : [],
    organisations: withNone(
      t('people:fields.organisationId.choose'),
      organisationOptions(request, organisations, values.organisationId),
    ),
  };
}

async function renderStep(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  step: StepName,
  values: Form,
  issues: readonly Issue[] = [],
) {
  const index = stepNames.indexOf(step);
  const back =
    index === 0
      ? '/people'
      : firstMissing(draftOf(request))
        ? `/people/new/${stepNames[index - 1]}`
        : '/people/new/check';
  return reply.render(view('new-step'), {
    pageTitle: request.t(`people:new.${step}.title`),
    ...(await stepOptions(services, request, step, values)),
    step,
    stepNumber: index + 1,
    stepCount: stepNames.length,
    action: `/people/new/${step}`,
    back,
    ...formView(request, values, issues),
    wordingVersion: CURRENT_WORDING_VERSION,
  });
}

/** A question's checked answer, or the issues to show on the page again. */
async function answerOf(services: Services, request: FastifyRequest, step: StepName, form: Form) {
  const parsed = steps[step].safeParse(form);
  const worker = step === 'contact' ? parseNamedWorker(form) : undefined;
  const issues = [
    ...(parsed.success ? [] : formIssues(parsed.error)),
    ...(worker && !worker.ok ? worker.issues : []),
  ];
  if (!parsed.success || issues.length) return { issues };
  if (
    step === 'organisation' &&
    !(await services.people.organisationForRegistering(
      actorOf(request),
      str(form, 'organisationId'),
    ))
  )
    return {
      issues: [{ field: 'organisationId', message: 'people:errors.organisationId.required' }],
    };
  return {
    answer: {
      ...(parsed.data as Record<string, unknown>),
      ...(worker?.ok ? { namedWorkerAccountId: worker.value } : {}),
    },
  };
}

/** Registering someone: one question a page, answers kept in the session. */
export function registrationRoutes(app: FastifyInstance, services: Services) {
  app.get('/people/new', guarded, async (request, reply) => {
    mayRegister(request);
    if (request.session?.data[DRAFT_KEY])
      await saveSession(services, request, { [DRAFT_KEY]: undefined });
    return reply.redirect(`/people/new/${stepNames[0]}`, 303);
  });

  app.get('/people/new/:step', guarded, async (request, reply) => {
    mayRegister(request);
    const step = stepOf(request);
    await request.ensureSession();
    const values = draftOf(request).values[step] ?? stepDefaults[step] ?? {};
    return renderStep(services, request, reply, step, values);
  });

  app.post('/people/new/:step', guarded, async (request, reply) => {
    mayRegister(request);
    const step = stepOf(request);
    const form = formOf(request);
    const { answer, issues } = await answerOf(services, request, step, form);
    if (!answer) return renderStep(services, request, reply.code(400), step, form, issues);
    const draft = draftOf(request);
    const next: Draft = {
      values: { ...draft.values, [step]: form },
      answers: { ...draft.answers, [step]: answer },
    };
    await saveSession(services, request, { [DRAFT_KEY]: next });
    const missing = firstMissing(next);
    return reply.redirect(missing ? `/people/new/${missing}` : '/people/new/check', 303);
  });
}

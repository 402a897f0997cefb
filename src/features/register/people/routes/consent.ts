import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import type { Form, Issue } from '#platform/validation/index.ts';
import { consentPurposes, type ConsentPurpose } from '../../tables.ts';
import { checks } from './form-choices.ts';
import { liveConsents, type PersonView } from '../service/person-view.ts';
import { flash, formOf, formView, idOf, personForChange, view } from './support.ts';
import {
  consentForm,
  CURRENT_WORDING_VERSION,
  formIssues,
  purposeParams,
  withdrawForm,
} from '../schema.ts';
import { parsedOr404 } from '#platform/http/params.ts';

const purposeOf = (request: FastifyRequest) => parsedOr404(purposeParams, request.params);

function renderConsent(
  request: FastifyRequest,
  reply: FastifyReply,
  person: PersonView,
  values: Form,
  issues: readonly Issue[] = [],
) {
  const live = liveConsents(person);
  const form = formView(request, values, issues);
  return reply.render(view('consent-new'), {
    pageTitle: request.t('people:consent.new.title'),
    person,
    ...form,
    choices: {
      ...form.choices,
      purposes: checks(
        request.t,
        'purposes',
        consentPurposes.filter((p) => !live.has(p)),
        values.purposes,
      ),
    },
    allGiven: live.size === consentPurposes.length,
  });
}

const renderWithdraw = (
  request: FastifyRequest,
  reply: FastifyReply,
  person: PersonView,
  purpose: ConsentPurpose,
  values: Form,
  issues: readonly Issue[] = [],
) =>
  reply.render(view('consent-withdraw'), {
    pageTitle: request.t('people:consent.withdraw.title', {
      purpose: request.t(`people:purposes.${purpose}`),
    }),
    person,
    purpose,
    live: liveConsents(person).has(purpose),
    ...formView(request, values, issues),
  });

/** Recording further consent, and withdrawing it. */
export function consentRoutes(app: FastifyInstance, services: Services) {
  app.get('/people/:id/consent/new', guarded, async (request, reply) => {
    const person = await personForChange(services, request, 'consent');
    return renderConsent(request, reply, person, { wordingVersion: CURRENT_WORDING_VERSION });
  });

  app.post('/people/:id/consent/new', guarded, async (request, reply) => {
    const id = idOf(request);
    const form = formOf(request);
    const parsed = consentForm.safeParse(form);
    if (!parsed.success) {
      const person = await personForChange(services, request, 'consent');
      return renderConsent(request, reply.code(400), person, form, formIssues(parsed.error));
    }
    await services.people.recordConsent(actorOf(request), id, parsed.data);
    flash(request, 'people:flash.consentRecorded');
    return reply.redirect(`/people/${id}/consent`, 303);
  });

  app.get('/people/:id/consent/:purpose/withdraw', guarded, async (request, reply) => {
    const { purpose } = purposeOf(request);
    const person = await personForChange(services, request, 'consent');
    return renderWithdraw(request, reply, person, purpose, {});
  });

  app.post('/people/:id/consent/:purpose/withdraw', guarded, async (request, reply) => {
    const { id, purpose } = purposeOf(request);
    const form = formOf(request);
    const parsed = withdrawForm.safeParse(form);
    if (!parsed.success) {
      const person = await personForChange(services, request, 'consent');
      const issues = formIssues(parsed.error);
      return renderWithdraw(request, reply.code(400), person, purpose, form, issues);
    }
    await services.people.withdrawConsent(actorOf(request), id, purpose, parsed.data.method);
    flash(request, 'people:flash.consentWithdrawn');
    return reply.redirect(`/people/${id}/consent`, 303);
  });
}

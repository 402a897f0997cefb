import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded, personGuarded, personOf } from '#platform/http/guards.ts';
import { keepFlash } from '#platform/http/flash.ts';
import { idOf } from '#platform/http/params.ts';
import { choices, type Form, type Issue } from '#platform/validation/index.ts';
import { benefits } from '../thresholds/tables.ts';
import { errorsShown, flashText } from '../forms.ts';
import { choiceRows, choiceValues, profileRows, profileValues, type Mode } from './present.ts';
import type { ChoiceRecord, ProfileRecord } from './repository.ts';
import { parseChoiceForm, parseProfileForm } from './schema.ts';
import { limitPeriods, paymentMethods, staffConsentWays } from './tables.ts';

const view = (name: string) => `money/choices/views/${name}.njk`;

/** What every page of the person's money pages is told: who it is about and where it lives. */
interface Place {
  mode: Mode;
  base: string;
  personId: string;
  displayName: string;
}

/**
 * A person's payment choice and benefit information: staff pages under /people/:id/money and the
 * person's own under /portal/money, from the same templates.
 */
export const choicesRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { choices: service, sessions } = services;
  const staffPlace = (person: { id: string; displayName: string }): Place => ({
    mode: 'staff',
    base: `/people/${person.id}/money`,
    personId: person.id,
    displayName: person.displayName,
  });
  const portalPlace = (person: { id: string; displayName: string }): Place => ({
    mode: 'portal',
    base: '/portal/money',
    personId: person.id,
    displayName: person.displayName,
  });

  const renderSummary = async (
    request: FastifyRequest,
    reply: FastifyReply,
    place: Place,
    record: { choice?: ChoiceRecord; profile?: ProfileRecord; canChange: boolean },
  ) => {
    const { t, lang } = request;
    return reply.render(view('summary'), {
      pageTitle: t(`choices:${place.mode}.title`),
      place,
      flash: await flashText(sessions, request, 'choices'),
      canChange: record.canChange,
      choiceRows: record.choice && choiceRows(t, lang, place.mode, record.choice),
      profileRows: record.profile && profileRows(t, lang, place.mode, record.profile),
    });
  };

  const renderChoice = (
    request: FastifyRequest,
    reply: FastifyReply,
    place: Place,
    values: Form,
    issues?: Issue[],
  ) => {
    const { t } = request;
    const shown = errorsShown(request, reply, issues);
    return reply.render(view('choice'), {
      pageTitle: t(`choices:${place.mode}.choiceTitle`),
      place,
      values,
      ...shown,
      methods: choices(
        t,
        paymentMethods,
        'choices:methods.',
        typeof values.method === 'string' ? values.method : null,
        { hints: 'choices:methodHints.' },
      ),
    });
  };

  const renderBenefits = (
    request: FastifyRequest,
    reply: FastifyReply,
    place: Place,
    values: Form,
    issues?: Issue[],
  ) => {
    const { t } = request;
    const shown = errorsShown(request, reply, issues, { consentOn: 'consentOn-day' });
    const text = (field: string) => (typeof values[field] === 'string' ? values[field] : '');
    return reply.render(view('benefits'), {
      pageTitle: t(`choices:${place.mode}.benefitsTitle`),
      place,
      values,
      ...shown,
      benefitItems: choices(t, benefits, 'thresholds:benefits.', values.benefits),
      periodItems: choices(t, limitPeriods, 'choices:periods.', text('limitPeriod')),
      consentWays: choices(t, staffConsentWays, 'choices:consentWays.', text('consentHow')),
    });
  };

  /** The benefits page filled in from the recorded profile (none: empty). */
  const renderProfile = (
    request: FastifyRequest,
    reply: FastifyReply,
    place: Place,
    profile?: ProfileRecord,
  ) => renderBenefits(request, reply, place, profileValues(profile, service.today()));

  const renderRemove = (request: FastifyRequest, reply: FastifyReply, place: Place) =>
    reply.render(view('remove'), {
      pageTitle: request.t(`choices:${place.mode}.removeTitle`),
      place,
    });

  // ------------------------------------------------------------------ staff

  app.get('/people/:id/money', guarded, async (request, reply) => {
    const record = await service.personMoney(actorOf(request), idOf(request));
    return renderSummary(request, reply, staffPlace(record.person), record);
  });

  app.get('/people/:id/money/choice', guarded, async (request, reply) => {
    const { person, choice } = await service.personToChange(actorOf(request), idOf(request));
    return renderChoice(request, reply, staffPlace(person), choiceValues(choice));
  });

  app.post('/people/:id/money/choice', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const { person } = await service.personToChange(actor, idOf(request));
    const parsed = parseChoiceForm(request.form);
    if (!parsed.ok)
      return renderChoice(request, reply, staffPlace(person), request.form, parsed.issues);
    await service.setPaymentChoice(actor, person.id, parsed.value);
    keepFlash(request, 'choice');
    return reply.redirect(`/people/${person.id}/money`, 303);
  });

  app.get('/people/:id/money/benefits', guarded, async (request, reply) => {
    const { person, profile } = await service.personToChange(actorOf(request), idOf(request));
    return renderProfile(request, reply, staffPlace(person), profile);
  });

  app.post('/people/:id/money/benefits', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const { person } = await service.personToChange(actor, idOf(request));
    const parsed = parseProfileForm(request.form, { today: service.today(), byPerson: false });
    if (!parsed.ok)
      return renderBenefits(request, reply, staffPlace(person), request.form, parsed.issues);
    await service.recordBenefitProfile(actor, person.id, parsed.value);
    keepFlash(request, 'benefits');
    return reply.redirect(`/people/${person.id}/money`, 303);
  });

  app.get('/people/:id/money/benefits/remove', guarded, async (request, reply) => {
    const { person } = await service.personToChange(actorOf(request), idOf(request));
    return renderRemove(request, reply, staffPlace(person));
  });

  app.post('/people/:id/money/benefits/remove', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const { person } = await service.personToChange(actor, idOf(request));
    await service.removeBenefitProfile(actor, person.id);
    keepFlash(request, 'removed');
    return reply.redirect(`/people/${person.id}/money`, 303);
  });

  // ------------------------------------------------------------------ the person's own

  app.get('/portal/money', personGuarded, async (request, reply) => {
    const record = await service.ownMoney(personOf(request).id);
    return renderSummary(request, reply, portalPlace(record.person), {
      ...record,
      canChange: true,
    });
  });

  app.get('/portal/money/choice', personGuarded, async (request, reply) => {
    const { person, choice } = await service.ownMoney(personOf(request).id);
    return renderChoice(request, reply, portalPlace(person), choiceValues(choice));
  });

  app.post('/portal/money/choice', personGuarded, async (request, reply) => {
    const person = personOf(request);
    const parsed = parseChoiceForm(request.form);
    if (!parsed.ok)
      return renderChoice(request, reply, portalPlace(person), request.form, parsed.issues);
    await service.setOwnPaymentChoice(person.id, parsed.value);
    keepFlash(request, 'choice');
    return reply.redirect('/portal/money', 303);
  });

  app.get('/portal/money/benefits', personGuarded, async (request, reply) => {
    const { person, profile } = await service.ownMoney(personOf(request).id);
    return renderProfile(request, reply, portalPlace(person), profile);
  });

  app.post('/portal/money/benefits', personGuarded, async (request, reply) => {
    const person = personOf(request);
    const parsed = parseProfileForm(request.form, { today: service.today(), byPerson: true });
    if (!parsed.ok)
      return renderBenefits(request, reply, portalPlace(person), request.form, parsed.issues);
    await service.recordOwnBenefitProfile(person.id, parsed.value);
    keepFlash(request, 'benefits');
    return reply.redirect('/portal/money', 303);
  });

  app.get('/portal/money/benefits/remove', personGuarded, async (request, reply) =>
    renderRemove(request, reply, portalPlace(personOf(request))),
  );

  app.post('/portal/money/benefits/remove', personGuarded, async (request, reply) => {
    await service.removeOwnBenefitProfile(personOf(request).id);
    keepFlash(request, 'removed');
    return reply.redirect('/portal/money', 303);
  });
};

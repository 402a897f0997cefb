import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '#app/services.ts';
import { requireActor } from '#platform/http/guards.ts';
import { draftOf, missingStep, personOf } from './draft.ts';
import {
  DRAFT_KEY,
  LAST_KEY,
  escapeHtml,
  flashEntry,
  mayRegister,
  nameOf,
  nationalPhone,
  saveSession,
  view,
} from './routes-support.ts';
import { safeContactRules, type StepName } from './schema.ts';

type Person = NonNullable<ReturnType<typeof personOf>>;

/** The summary rows of check your answers, each with a link back to its question. */
function checkRows(
  request: FastifyRequest,
  person: Person,
  names: { organisation: string | null | undefined; worker: string | null | undefined },
) {
  const t = request.t;
  const row = (step: StepName, field: string, labelKey: string, html: string) => {
    const label = t(labelKey);
    const href = `/people/new/${step}#${field}`;
    return {
      key: { text: label },
      value: { html },
      actions: { items: [{ href, text: t('common:actions.change'), visuallyHiddenText: label }] },
    };
  };
  const tr = (key: string) => escapeHtml(t(key));
  const text = (value: string | null | undefined) =>
    value ? escapeHtml(value) : tr('people:show.notGiven');
  const several = (prefix: string, values: readonly string[]) =>
    values.length ? values.map((v) => tr(`${prefix}.${v}`)).join('<br>') : tr('common:none');
  const dateOfBirth = (date: string) =>
    new Intl.DateTimeFormat(request.lang === 'cy' ? 'cy-GB' : 'en-GB', {
      dateStyle: 'long',
      timeZone: 'UTC',
    }).format(new Date(date));
  const age = person.dateOfBirth
    ? escapeHtml(dateOfBirth(person.dateOfBirth))
    : person.ageBand
      ? tr(`people:ageBands.${person.ageBand}`)
      : text(null);
  const address = person.address
    ? `${escapeHtml(person.address.lines).replace(/\n/g, '<br>')}<br>${escapeHtml(person.address.postcode)}`
    : text(null);
  const channels = person.channels.length
    ? `<ol class="govuk-list govuk-list--number">${person.channels.map((c) => `<li>${tr(`people:channels.${c}`)}</li>`).join('')}</ol>`
    : tr('common:none');
  const quiet = person.quietFrom
    ? `<br>${escapeHtml(t('people:show.quiet', { from: person.quietFrom, to: person.quietTo }))}`
    : '';
  const interpreter = person.interpreterLanguage
    ? ` (${escapeHtml(person.interpreterLanguage)})`
    : '';
  const f = (name: string) => `people:fields.${name}.summary`;
  return [
    row('kind', 'kind', f('kind'), tr(`people:kinds.${person.kind}`)),
    row('name', 'displayName', f('displayName'), text(person.displayName)),
    row('name', 'legalName', f('legalName'), text(person.legalName)),
    row('age', 'dateOfBirth-day', f('age'), age),
    row('organisation', 'organisationId', f('organisationId'), text(names.organisation)),
    row(
      'language',
      'preferredLanguage',
      f('preferredLanguage'),
      tr(`people:languages.${person.preferredLanguage}`),
    ),
    row(
      'language',
      'speaksWelsh',
      f('speaksWelsh'),
      tr(person.speaksWelsh ? 'common:yes' : 'common:no'),
    ),
    row(
      'language',
      'formats',
      f('formats'),
      several('people:formats', person.formats) + interpreter,
    ),
    row('contact', 'phone', f('phone'), text(nationalPhone(person.phone))),
    row('contact', 'email', f('email'), text(person.email)),
    row('contact', 'addressLines', f('address'), address),
    row('contact', 'channel1', f('channels'), channels),
    row('contact', 'namedWorker', f('namedWorker'), text(names.worker)),
    row(
      'contact',
      'safe',
      f('safe'),
      several(
        'people:safe',
        safeContactRules.filter((r) => person[r]),
      ) + quiet,
    ),
    row('consent', 'purposes', f('purposes'), several('people:purposes', person.consent.purposes)),
    row('consent', 'method', f('method'), tr(`people:methods.${person.consent.method}`)),
    row('consent', 'wordingVersion', f('wordingVersion'), text(person.consent.wordingVersion)),
  ];
}

/** Check your answers, then register the person (once, however often it is confirmed). */
export function checkRoutes(app: FastifyInstance, services: Services) {
  const guarded = { preHandler: requireActor };
  const people = services.people;

  app.get('/people/new/check', guarded, async (request, reply) => {
    const actor = mayRegister(request);
    const draft = draftOf(request);
    const person = personOf(draft);
    if (!person) return reply.redirect(missingStep(draft), 303);
    // the id is chosen here, once: confirming twice registers one person
    if (!draft.id)
      await saveSession(services, request, { [DRAFT_KEY]: { ...draft, id: crypto.randomUUID() } });
    const organisation = await people.organisationForRegistering(actor, person.organisationId);
    const worker = person.namedWorkerAccountId
      ? (await people.workersAt(person.organisationId)).find(
          (w) => w.id === person.namedWorkerAccountId,
        )?.name
      : null;
    const rows = checkRows(request, person, {
      organisation: organisation ? nameOf(organisation, request) : null,
      worker,
    });
    return reply.render(view('check'), { pageTitle: request.t('people:check.title'), rows });
  });

  app.post('/people/new/check', guarded, async (request, reply) => {
    const actor = mayRegister(request);
    const draft = draftOf(request);
    const person = personOf(draft);
    if (!person || !draft.id) {
      // a repeated submit after registering: show the person registered
      const last = request.session?.data[LAST_KEY] as string | undefined;
      if (!person && last) return reply.redirect(`/people/${last}`, 303);
      return reply.redirect(person ? '/people/new/check' : missingStep(draft), 303);
    }
    const result = await people.registerPerson(actor, { ...person, id: draft.id });
    if (!result.ok) return reply.redirect('/people/new/organisation', 303);
    await saveSession(services, request, {
      [DRAFT_KEY]: undefined,
      [LAST_KEY]: result.value.id,
      ...(result.value.created ? flashEntry('people:flash.registered') : {}),
    });
    return reply.redirect(`/people/${result.value.id}`, 303);
  });
}

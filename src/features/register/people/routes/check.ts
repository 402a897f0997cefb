import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { guarded } from '#platform/http/guards.ts';
import { draftOf, missingStep, personOf } from './draft.ts';
import {
  DRAFT_KEY,
  LAST_KEY,
  escapeHtml,
  flash,
  mayRegister,
  nameOf,
  nationalPhone,
  saveSession,
  view,
} from './support.ts';
import { safeContactRules, type StepName } from '../schema.ts';

type Person = NonNullable<ReturnType<typeof personOf>>;
interface Names {
  organisation: string | null | undefined;
  worker: string | null | undefined;
}

/** The answers on check your answers, in order: the question page, its field, the label. */
const checkFields = [
  ['kind', 'kind', 'kind'],
  ['name', 'displayName', 'displayName'],
  ['name', 'legalName', 'legalName'],
  ['age', 'dateOfBirth-day', 'age'],
  ['organisation', 'organisationId', 'organisationId'],
  ['language', 'preferredLanguage', 'preferredLanguage'],
  ['language', 'speaksWelsh', 'speaksWelsh'],
  ['language', 'formats', 'formats'],
  ['contact', 'phone', 'phone'],
  ['contact', 'email', 'email'],
  ['contact', 'addressLines', 'address'],
  ['contact', 'channel1', 'channels'],
  ['contact', 'namedWorker', 'namedWorker'],
  ['contact', 'safe', 'safe'],
  ['consent', 'purposes', 'purposes'],
  ['consent', 'method', 'method'],
  ['consent', 'wordingVersion', 'wordingVersion'],
] as const satisfies readonly (readonly [StepName, string, string])[];
type Answer = (typeof checkFields)[number][2];

/** Each answer as HTML (what people typed escaped, never markup). */
function answersHtml(
  request: FastifyRequest,
  person: Person,
  names: Names,
): Record<Answer, string> {
  const t = request.t;
  const tr = (key: string) => escapeHtml(t(key));
  const text = (value: string | null | undefined) =>
    value ? escapeHtml(value) : tr('people:show.notGiven');
  const several = (prefix: string, values: readonly string[]) =>
    values.length ? values.map((v) => tr(`${prefix}.${v}`)).join('<br>') : tr('common:none');
  const date = (iso: string) =>
    new Intl.DateTimeFormat(request.lang === 'cy' ? 'cy-GB' : 'en-GB', {
      dateStyle: 'long',
      timeZone: 'UTC',
    }).format(new Date(iso));
  const { address, quietFrom, interpreterLanguage: interpreter } = person;
  return {
    kind: tr(`people:kinds.${person.kind}`),
    displayName: text(person.displayName),
    legalName: text(person.legalName),
    age: person.dateOfBirth
      ? escapeHtml(date(person.dateOfBirth))
      : person.ageBand
        ? tr(`people:ageBands.${person.ageBand}`)
        : text(null),
    organisationId: text(names.organisation),
    preferredLanguage: tr(`people:languages.${person.preferredLanguage}`),
    speaksWelsh: tr(person.speaksWelsh ? 'common:yes' : 'common:no'),
    formats:
      several('people:formats', person.formats) +
      (interpreter ? ` (${escapeHtml(interpreter)})` : ''),
    phone: text(nationalPhone(person.phone)),
    email: text(person.email),
    address: address
      ? `${escapeHtml(address.lines).replace(/\n/g, '<br>')}<br>${escapeHtml(address.postcode)}`
      : text(null),
    channels: person.channels.length
      ? `<ol class="govuk-list govuk-list--number">${person.channels.map((c) => `<li>${tr(`people:channels.${c}`)}</li>`).join('')}</ol>`
      : tr('common:none'),
    namedWorker: text(names.worker),
    safe:
      several(
        'people:safe',
        safeContactRules.filter((r) => person[r]),
      ) +
      (quietFrom
        ? `<br>${escapeHtml(t('people:show.quiet', { from: quietFrom, to: person.quietTo }))}`
        : ''),
    purposes: several('people:purposes', person.consent.purposes),
    method: tr(`people:methods.${person.consent.method}`),
    wordingVersion: text(person.consent.wordingVersion),
  };
}

/** The summary rows of check your answers, each with a link back to its question. */
function checkRows(request: FastifyRequest, person: Person, names: Names) {
  const t = request.t;
  const html = answersHtml(request, person, names);
  return checkFields.map(([step, field, answer]) => {
    const label = t(`people:fields.${answer}.summary`);
    const href = `/people/new/${step}#${field}`;
    return {
      key: { text: label },
      value: { html: html[answer] },
      actions: { items: [{ href, text: t('common:actions.change'), visuallyHiddenText: label }] },
    };
  });
}

/** Check your answers, then register the person (once, however often it is confirmed). */
export function checkRoutes(app: FastifyInstance, services: Services) {
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
    });
    if (result.value.created) flash(request, 'people:flash.registered');
    return reply.redirect(`/people/${result.value.id}`, 303);
  });
}

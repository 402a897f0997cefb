import crypto from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TFunction } from 'i18next';
import type { Services } from '#app/services.ts';
import {
  activities,
  ageBands,
  consentPurposes,
  formats,
  personChannels,
  personKinds,
  personStatuses,
} from '../tables.ts';
import { actorOf, requireActor } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { canAnywhere } from '#platform/permissions/policy.ts';
import {
  commitmentGroups,
  consentForm,
  CURRENT_WORDING_VERSION,
  detailsSection,
  contactSection,
  historyQuery,
  idParams,
  interestsSection,
  issuesOf,
  MAX_ROWS,
  newPersonSchema,
  orientations,
  parseAvailability,
  parseCarers,
  purposeParams,
  relationships,
  safeContactRules,
  searchQuery,
  sectionParams,
  sharing,
  skills,
  staffConsentMethods,
  statusForm,
  stepNames,
  steps,
  str,
  toFormErrors,
  trainings,
  weekdays,
  withdrawForm,
  type Form,
  type Issue,
  type Section,
  type StepName,
} from './schema.ts';
import { liveConsents, type PersonView } from './service.ts';
import { pagination } from '#platform/http/pagination.ts';
import { saveSessionData, takeSessionValue } from '#platform/http/session-data.ts';

/** A stored E.164 number as people write it (07700 900123). */
const nationalPhone = (e164: string | null) =>
  e164 ? (parsePhoneNumberFromString(e164)?.formatNational() ?? e164) : null;

const DRAFT_KEY = 'personDraft';
const LAST_KEY = 'personRegistered';
const FLASH_KEY = 'peopleFlash';
const view = (name: string) => `register/people/views/${name}.njk`;

/** The tabs of a person's page, each its own address (works without JavaScript). */
export const tabs = [
  'summary',
  'contact',
  'availability',
  'interests',
  'carers',
  'consent',
  'history',
] as const;
type Tab = (typeof tabs)[number];
/** What a commissioner sees of someone who consented to be shared with them. */
const consentedTabs: readonly Tab[] = ['summary', 'interests'];

interface Draft {
  /** Chosen on the check-your-answers page, so confirming twice registers one person. */
  id?: string;
  /** Raw answers of each question page (to fill the form in again). */
  values: Partial<Record<StepName, Form>>;
  /** Checked answers of each question page. */
  answers: Partial<Record<StepName, Record<string, unknown>>>;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const saveSession = (services: Services, request: FastifyRequest, patch: Record<string, unknown>) =>
  saveSessionData(services.sessions, request, patch);

async function takeFlash(services: Services, request: FastifyRequest) {
  const flash = await takeSessionValue<string>(services.sessions, request, FLASH_KEY);
  return flash ? request.t(flash) : undefined;
}

const option = (
  t: TFunction,
  prefix: string,
  values: readonly (string | number)[],
  chosen: unknown,
) =>
  values.map((value) => ({
    value: String(value),
    text: t(`${prefix}.${value}`),
    selected:
      (typeof chosen === 'string' || typeof chosen === 'number' ? String(chosen) : '') ===
      String(value),
  }));
const checks = (t: TFunction, prefix: string, values: readonly string[], chosen: unknown) => {
  const picked = ([] as unknown[])
    .concat(chosen ?? [])
    .filter((x): x is string => typeof x === 'string');
  return values.map((value) => ({
    value,
    text: t(`${prefix}.${value}`),
    checked: picked.includes(value),
  }));
};
const radios = (t: TFunction, prefix: string, values: readonly string[], chosen: unknown) =>
  values.map((value) => ({ value, text: t(`${prefix}.${value}`), checked: chosen === value }));

/** Everything the form partials need to show their choices. */
function choices(t: TFunction, values: Form) {
  const v = (name: string) => values[name];
  return {
    kinds: radios(t, 'people:kinds', personKinds, v('kind')),
    ageBands: radios(t, 'people:ageBands', ageBands, v('ageBand')),
    formats: checks(t, 'people:formats', formats, v('formats')),
    safe: checks(t, 'people:safe', safeContactRules, v('safe')),
    channels: (n: number) => [
      { value: '', text: t('people:fields.channel.none') },
      ...option(t, 'people:channels', personChannels, v(`channel${n}`)),
    ],
    purposes: checks(t, 'people:purposes', consentPurposes, v('purposes')),
    methods: radios(t, 'people:methods', staffConsentMethods, v('method')),
    activities: checks(t, 'people:activities', activities, v('willingActivities')),
    skills: checks(t, 'people:skills', skills, v('skills')),
    trainings: checks(t, 'people:trainings', trainings, v('trainingCompleted')),
    orientations: radios(t, 'people:orientations', orientations, v('orientation')),
    commitmentGroups: radios(t, 'people:commitmentGroups', commitmentGroups, v('commitmentGroup')),
    weekdays: (n: number) => [
      { value: '', text: t('people:weekdays.every') },
      ...option(t, 'people:weekdays', weekdays, v(`time-${n}-weekday`)),
    ],
    relationships: (n: number) => [
      { value: '', text: t('people:fields.relationship.choose') },
      ...option(t, 'people:relationships', relationships, v(`supporter-${n}-relationship`)),
    ],
    sharing: (n: number) => checks(t, 'people:sharing', sharing, v(`supporter-${n}-mayShare`)),
    statuses: radios(t, 'people:statuses', personStatuses, v('status')),
  };
}

/** Row numbers for repeated fields: those in the form, then blank ones to add more. */
function rowsOf(values: Form, prefix: string, existing: number) {
  const used = Object.keys(values)
    .map((name) => new RegExp(`^${prefix}-(\\d{1,2})-`).exec(name)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);
  const count = Math.min(MAX_ROWS, Math.max(existing, used.length ? Math.max(...used) + 1 : 0) + 2);
  return Array.from({ length: count }, (_, i) => i);
}

/** A person's record as the values of a section's form. */
function formValuesOf(person: PersonView, section: Section): Form {
  switch (section) {
    case 'details': {
      const [year, month, day] = person.dateOfBirth?.split('-') ?? ['', '', ''];
      return {
        kind: person.kind,
        displayName: person.displayName,
        legalName: person.legalName ?? '',
        dobDay: day ? String(Number(day)) : '',
        dobMonth: month ? String(Number(month)) : '',
        dobYear: year ?? '',
        ageBand: person.dateOfBirth ? '' : (person.ageBand ?? ''),
      };
    }
    case 'contact':
      return {
        preferredLanguage: person.preferredLanguage,
        speaksWelsh: person.speaksWelsh ? 'yes' : 'no',
        formats: person.formats,
        interpreterLanguage: person.interpreterLanguage ?? '',
        phone: nationalPhone(person.phone) ?? '',
        email: person.email ?? '',
        addressLines: person.address?.lines ?? '',
        postcode: person.address?.postcode ?? '',
        channel1: person.channels[0] ?? '',
        channel2: person.channels[1] ?? '',
        channel3: person.channels[2] ?? '',
        safe: safeContactRules.filter((rule) => person[rule]),
        quietFrom: person.quietFrom ?? '',
        quietTo: person.quietTo ?? '',
        namedWorker: person.namedWorkerAccountId ?? '',
      };
    case 'availability': {
      const values: Form = {
        travelLimit: person.travelLimit ?? '',
        accessNeeds: person.accessNeeds ?? '',
        supportNeeded: person.supportNeeded ?? '',
      };
      person.unavailableTimes.forEach((u, n) => {
        values[`time-${n}-weekday`] = u.weekday === null ? '' : String(u.weekday);
        values[`time-${n}-startsAt`] = u.startsAt;
        values[`time-${n}-endsAt`] = u.endsAt;
        values[`time-${n}-reason`] = u.reason ?? '';
      });
      person.unavailableDates.forEach((d, n) => {
        const [y, m, dd] = d.date.split('-');
        values[`date-${n}-date`] = `${Number(dd)}/${Number(m)}/${y}`;
        values[`date-${n}-reason`] = d.reason ?? '';
      });
      return values;
    }
    case 'interests':
      return {
        willingActivities: person.willingActivities,
        skills: person.skills,
        interests: person.interests ?? '',
        trainingCompleted: person.trainingCompleted,
        orientation: person.orientation ?? '',
        commitmentGroup: person.commitmentGroup ?? '',
      };
    case 'carers': {
      const values: Form = { emergencyArrangements: person.emergencyArrangements ?? '' };
      person.supporters.forEach((s, n) => {
        values[`supporter-${n}-name`] = s.name ?? '';
        values[`supporter-${n}-relationship`] = s.relationship;
        values[`supporter-${n}-relatedPersonId`] = s.relatedPersonId ?? '';
        values[`supporter-${n}-mayShare`] = s.mayShare;
      });
      return values;
    }
  }
}

/** Parses a section's form: the checked input, or the problems. */
function parseSection(
  section: Section,
  form: Form,
): { ok: true; value: unknown } | { ok: false; issues: Issue[] } {
  if (section === 'availability') return parseAvailability(form);
  if (section === 'carers') return parseCarers(form);
  const schema =
    section === 'details'
      ? detailsSection
      : section === 'contact'
        ? contactSection
        : interestsSection;
  const parsed = schema.safeParse(form);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, issues: issuesOf(parsed.error) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The named worker on the staff contact form: an account id or none. Giving messages in person
 * needs one (the safe-contact function can only use "in person" through a named worker).
 */
function parseNamedWorker(form: Form): { value: string | null; issues: Issue[] } {
  const chosen = typeof form.namedWorker === 'string' ? form.namedWorker : '';
  const inPerson = ['channel1', 'channel2', 'channel3'].some((c) => form[c] === 'in_person');
  if (chosen && !UUID.test(chosen))
    return {
      value: null,
      issues: [{ field: 'namedWorker', message: 'people:errors.namedWorker.invalid' }],
    };
  if (!chosen && inPerson)
    return {
      value: null,
      issues: [{ field: 'namedWorker', message: 'people:errors.namedWorker.required' }],
    };
  return { value: chosen || null, issues: [] };
}

/** The query string of the list, without the page. */
function searchParams(query: ReturnType<typeof searchQuery.parse>) {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.kind) params.set('kind', query.kind);
  if (query.status) params.set('status', query.status);
  if (query.organisation) params.set('organisation', query.organisation);
  for (const w of query.willing) params.append('willing', w);
  for (const s of query.skill) params.append('skill', s);
  if (query.trained) params.set('trained', query.trained);
  if (query.welsh) params.set('welsh', '1');
  if (query.day) params.set('day', String(query.day));
  if (query.part) params.set('part', query.part);
  return params;
}

export const peopleRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const people = services.people;
  const guarded = { preHandler: requireActor };

  const idOf = (request: FastifyRequest) => {
    const parsed = idParams.safeParse(request.params);
    if (!parsed.success) throw new HttpError(404);
    return parsed.data.id;
  };
  const mayRegister = (request: FastifyRequest) => {
    const actor = actorOf(request);
    if (!canAnywhere(actor, 'person.manage')) throw new HttpError(403);
    return actor;
  };
  const nameOf = (o: { nameEn: string; nameCy: string }, request: FastifyRequest) =>
    request.lang === 'cy' ? o.nameCy : o.nameEn;

  // ---------------------------------------------------------------- the list

  app.get('/people', guarded, async (request, reply) => {
    const actor = actorOf(request);
    if (!canAnywhere(actor, 'person.view') && !canAnywhere(actor, 'person.view_consented'))
      throw new HttpError(403);
    const query = searchQuery.parse(request.query);
    const result = await people.search(
      actor,
      {
        name: query.q,
        kind: query.kind,
        status: query.status,
        organisationId: query.organisation,
        willing: query.willing,
        skills: query.skill,
        trained: query.trained,
        welsh: query.welsh === '1',
        weekday: query.day,
        part: query.part,
      },
      query.page,
    );
    const t = request.t;
    const params = searchParams(query);
    const organisations = await people.organisationsForRegistering(actor);
    const filtered = params.toString() !== '';
    return reply.render(view('list'), {
      pageTitle: t('people:list.title'),
      flash: await takeFlash(services, request),
      query,
      filtered,
      canRegister: canAnywhere(actor, 'person.manage'),
      canTransfer: canAnywhere(actor, 'person.transfer'),
      total: result.total,
      capped: result.capped,
      rows: result.rows.map((row) => ({
        ...row,
        organisation: nameOf(
          { nameEn: row.organisationNameEn, nameCy: row.organisationNameCy },
          request,
        ),
      })),
      options: {
        kinds: [
          { value: '', text: t('people:list.anyKind') },
          ...option(t, 'people:kinds', personKinds, query.kind),
        ],
        statuses: [
          { value: '', text: t('people:list.anyStatus') },
          ...option(t, 'people:statuses', personStatuses, query.status),
        ],
        organisations: [
          { value: '', text: t('people:list.anyOrganisation') },
          ...organisations.map((o) => ({
            value: o.id,
            text: nameOf(o, request),
            selected: o.id === query.organisation,
          })),
        ],
        willing: checks(t, 'people:activities', activities, query.willing),
        skills: checks(t, 'people:skills', skills, query.skill),
        trained: [
          { value: '', text: t('people:list.anyTraining') },
          ...option(t, 'people:trainings', trainings, query.trained),
        ],
        days: [
          { value: '', text: t('people:list.anyDay') },
          ...option(t, 'people:weekdays', weekdays, query.day),
        ],
        parts: [
          { value: '', text: t('people:list.anyPart') },
          ...option(t, 'people:dayParts', ['morning', 'afternoon', 'evening'], query.part),
        ],
      },
      pagination: pagination(
        t,
        (n) => {
          const p = new URLSearchParams(params);
          if (n > 1) p.set('page', String(n));
          const text = p.toString();
          return text ? `/people?${text}` : '/people';
        },
        result.page,
        result.pageCount,
        'people:pagination.label',
      ),
    });
  });

  // ---------------------------------------------------------------- registering someone

  const draftOf = (request: FastifyRequest): Draft =>
    (request.session?.data[DRAFT_KEY] as Draft | undefined) ?? { values: {}, answers: {} };
  const firstMissing = (draft: Draft) => stepNames.find((step) => !draft.answers[step]);
  const stepOf = (request: FastifyRequest) => {
    const step = (request.params as { step?: string }).step;
    if (!step || !(stepNames as string[]).includes(step)) throw new HttpError(404);
    return step as StepName;
  };

  const defaults: Partial<Record<StepName, Form>> = {
    language: { speaksWelsh: 'no' },
    consent: { purposes: ['register'], wordingVersion: CURRENT_WORDING_VERSION },
  };

  const renderStep = async (
    request: FastifyRequest,
    reply: FastifyReply,
    step: StepName,
    values: Form,
    issues: Issue[] = [],
  ) => {
    const actor = actorOf(request);
    const t = request.t;
    const errors = toFormErrors(t, issues);
    const index = stepNames.indexOf(step);
    const organisations =
      step === 'organisation' ? await people.organisationsForRegistering(actor) : [];
    const draft = draftOf(request);
    const organisationId = draft.answers.organisation?.organisationId;
    const workers =
      step === 'contact' && typeof organisationId === 'string'
        ? await people.workersAt(organisationId)
        : [];
    return reply.render(view('new-step'), {
      pageTitle: t(`people:new.${step}.title`),
      workers: workers.length
        ? [
            { value: '', text: t('people:fields.namedWorker.none') },
            ...workers.map((w) => ({
              value: w.id,
              text: w.name,
              selected: values.namedWorker === w.id,
            })),
          ]
        : [],
      step,
      stepNumber: index + 1,
      stepCount: stepNames.length,
      action: `/people/new/${step}`,
      back:
        index === 0
          ? '/people'
          : firstMissing(draft)
            ? `/people/new/${stepNames[index - 1]}`
            : '/people/new/check',
      values,
      errors: errors.fields,
      errorList: errors.errorList,
      choices: choices(t, values),
      organisations: [
        { value: '', text: t('people:fields.organisationId.choose') },
        ...organisations.map((o) => ({
          value: o.id,
          text: nameOf(o, request),
          selected: o.id === values.organisationId,
        })),
      ],
      wordingVersion: CURRENT_WORDING_VERSION,
    });
  };

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
    const draft = draftOf(request);
    return renderStep(request, reply, step, draft.values[step] ?? defaults[step] ?? {});
  });

  app.post('/people/new/:step', guarded, async (request, reply) => {
    const actor = mayRegister(request);
    const step = stepOf(request);
    const form = { ...request.form } as Form;
    delete form._csrf;
    const parsed = steps[step].safeParse(form);
    const worker = step === 'contact' ? parseNamedWorker(form) : undefined;
    if (!parsed.success || worker?.issues.length)
      return renderStep(request, reply.code(400), step, form, [
        ...(parsed.success ? [] : issuesOf(parsed.error)),
        ...(worker?.issues ?? []),
      ]);
    if (step === 'organisation') {
      const organisation = await people.organisationForRegistering(
        actor,
        str(form, 'organisationId'),
      );
      if (!organisation)
        return renderStep(request, reply.code(400), step, form, [
          { field: 'organisationId', message: 'people:errors.organisationId.required' },
        ]);
    }
    const draft = draftOf(request);
    const next: Draft = {
      values: { ...draft.values, [step]: form },
      answers: {
        ...draft.answers,
        [step]: {
          ...(parsed.data as Record<string, unknown>),
          ...(worker ? { namedWorkerAccountId: worker.value } : {}),
        },
      },
    };
    await saveSession(services, request, { [DRAFT_KEY]: next });
    const missing = firstMissing(next);
    return reply.redirect(missing ? `/people/new/${missing}` : '/people/new/check', 303);
  });

  /** The draft's answers as one new person, or undefined while a question is unanswered. */
  const personOf = (draft: Draft) => {
    if (firstMissing(draft)) return undefined;
    const a = draft.answers;
    const parsed = newPersonSchema.safeParse({
      ...a.kind,
      ...a.name,
      ...a.age,
      ...a.organisation,
      ...a.language,
      ...a.contact,
      consent: a.consent,
    });
    const worker = a.contact?.namedWorkerAccountId;
    return parsed.success
      ? { ...parsed.data, namedWorkerAccountId: typeof worker === 'string' ? worker : null }
      : undefined;
  };

  app.get('/people/new/check', guarded, async (request, reply) => {
    const actor = mayRegister(request);
    const draft = draftOf(request);
    const person = personOf(draft);
    if (!person) return reply.redirect(`/people/new/${firstMissing(draft) ?? stepNames[0]}`, 303);
    // the id is chosen here, once: confirming twice registers one person
    if (!draft.id)
      await saveSession(services, request, { [DRAFT_KEY]: { ...draft, id: crypto.randomUUID() } });
    const organisation = await people.organisationForRegistering(actor, person.organisationId);
    const t = request.t;
    const change = (step: StepName, field: string, label: string) => ({
      items: [
        {
          href: `/people/new/${step}#${field}`,
          text: t('common:actions.change'),
          visuallyHiddenText: label,
        },
      ],
    });
    const row = (step: StepName, field: string, labelKey: string, value: string) => {
      const label = t(labelKey);
      return { key: { text: label }, value: { html: value }, actions: change(step, field, label) };
    };
    const text = (value: string | null | undefined) =>
      value ? escapeHtml(value) : escapeHtml(t('people:show.notGiven'));
    const several = (prefix: string, values: readonly string[]) =>
      values.length
        ? values.map((v) => escapeHtml(t(`${prefix}.${v}`))).join('<br>')
        : escapeHtml(t('common:none'));
    const rows = [
      row(
        'kind',
        'kind',
        'people:fields.kind.summary',
        escapeHtml(t(`people:kinds.${person.kind}`)),
      ),
      row('name', 'displayName', 'people:fields.displayName.summary', text(person.displayName)),
      row('name', 'legalName', 'people:fields.legalName.summary', text(person.legalName)),
      row(
        'age',
        'dateOfBirth-day',
        'people:fields.age.summary',
        person.dateOfBirth
          ? escapeHtml(
              new Intl.DateTimeFormat(request.lang === 'cy' ? 'cy-GB' : 'en-GB', {
                dateStyle: 'long',
                timeZone: 'UTC',
              }).format(new Date(person.dateOfBirth)),
            )
          : person.ageBand
            ? escapeHtml(t(`people:ageBands.${person.ageBand}`))
            : text(null),
      ),
      row(
        'organisation',
        'organisationId',
        'people:fields.organisationId.summary',
        text(organisation ? nameOf(organisation, request) : null),
      ),
      row(
        'language',
        'preferredLanguage',
        'people:fields.preferredLanguage.summary',
        escapeHtml(t(`people:languages.${person.preferredLanguage}`)),
      ),
      row(
        'language',
        'speaksWelsh',
        'people:fields.speaksWelsh.summary',
        escapeHtml(t(person.speaksWelsh ? 'common:yes' : 'common:no')),
      ),
      row(
        'language',
        'formats',
        'people:fields.formats.summary',
        several('people:formats', person.formats) +
          (person.interpreterLanguage ? ` (${escapeHtml(person.interpreterLanguage)})` : ''),
      ),
      row('contact', 'phone', 'people:fields.phone.summary', text(nationalPhone(person.phone))),
      row('contact', 'email', 'people:fields.email.summary', text(person.email)),
      row(
        'contact',
        'addressLines',
        'people:fields.address.summary',
        person.address
          ? `${escapeHtml(person.address.lines).replace(/\n/g, '<br>')}<br>${escapeHtml(person.address.postcode)}`
          : text(null),
      ),
      row(
        'contact',
        'channel1',
        'people:fields.channels.summary',
        person.channels.length
          ? `<ol class="govuk-list govuk-list--number">${person.channels.map((c) => `<li>${escapeHtml(t(`people:channels.${c}`))}</li>`).join('')}</ol>`
          : escapeHtml(t('common:none')),
      ),
      row(
        'contact',
        'namedWorker',
        'people:fields.namedWorker.summary',
        text(
          person.namedWorkerAccountId
            ? (await people.workersAt(person.organisationId)).find(
                (w) => w.id === person.namedWorkerAccountId,
              )?.name
            : null,
        ),
      ),
      row(
        'contact',
        'safe',
        'people:fields.safe.summary',
        several(
          'people:safe',
          safeContactRules.filter((r) => person[r]),
        ) +
          (person.quietFrom
            ? `<br>${escapeHtml(t('people:show.quiet', { from: person.quietFrom, to: person.quietTo }))}`
            : ''),
      ),
      row(
        'consent',
        'purposes',
        'people:fields.purposes.summary',
        several('people:purposes', person.consent.purposes),
      ),
      row(
        'consent',
        'method',
        'people:fields.method.summary',
        escapeHtml(t(`people:methods.${person.consent.method}`)),
      ),
      row(
        'consent',
        'wordingVersion',
        'people:fields.wordingVersion.summary',
        text(person.consent.wordingVersion),
      ),
    ];
    return reply.render(view('check'), { pageTitle: t('people:check.title'), rows });
  });

  app.post('/people/new/check', guarded, async (request, reply) => {
    const actor = mayRegister(request);
    const draft = draftOf(request);
    const person = personOf(draft);
    if (!person || !draft.id) {
      // a repeated submit after registering: show the person registered
      const last = request.session?.data[LAST_KEY] as string | undefined;
      if (!person && last) return reply.redirect(`/people/${last}`, 303);
      return reply.redirect(
        person ? '/people/new/check' : `/people/new/${firstMissing(draft) ?? stepNames[0]}`,
        303,
      );
    }
    const result = await people.registerPerson(actor, { ...person, id: draft.id });
    if (!result.ok) return reply.redirect('/people/new/organisation', 303);
    await saveSession(services, request, {
      [DRAFT_KEY]: undefined,
      [LAST_KEY]: result.value.id,
      ...(result.value.created ? { [FLASH_KEY]: 'people:flash.registered' } : {}),
    });
    return reply.redirect(`/people/${result.value.id}`, 303);
  });

  // ---------------------------------------------------------------- one person

  const renderPerson = async (request: FastifyRequest, reply: FastifyReply, tab: Tab) => {
    const actor = actorOf(request);
    const person = await people.findPersonForActor(actor, idOf(request), { section: tab });
    if (person.access === 'consented' && !consentedTabs.includes(tab)) throw new HttpError(403);
    const t = request.t;
    const history =
      tab === 'history'
        ? await people.history(person, historyQuery.parse(request.query).page)
        : null;
    const organisations =
      tab === 'summary' && person.canManage
        ? (await people.organisationsForRegistering(actor)).filter(
            (o) => !person.organisations.some((c) => c.id === o.id),
          )
        : [];
    const live = liveConsents(person);
    const waiting =
      tab === 'summary' && person.canManage && person.access === 'full'
        ? await people.waitingFor(person)
        : null;
    return reply.render(view('show'), {
      pageTitle: person.displayName,
      waiting,
      flash: await takeFlash(services, request),
      person,
      phone: nationalPhone(person.phone),
      tab,
      tabs: tabs
        .filter((name) => person.access === 'full' || consentedTabs.includes(name))
        .map((name) => ({
          name,
          text: t(`people:tabs.${name}`),
          href: name === 'summary' ? `/people/${person.id}` : `/people/${person.id}/${name}`,
          current: name === tab,
        })),
      organisationNames: person.organisations.map((o) => ({
        id: o.id,
        name: nameOf(o, request),
        owner: o.id === person.organisationId,
      })),
      connectOptions: [
        { value: '', text: t('people:fields.organisationId.choose') },
        ...organisations.map((o) => ({ value: o.id, text: nameOf(o, request) })),
      ],
      consents: consentPurposes.map((purpose) => ({ purpose, live: live.has(purpose) })),
      safeRules: [
        ...safeContactRules.filter((rule) => person[rule]).map((rule) => t(`people:safe.${rule}`)),
        ...(person.quietFrom
          ? [t('people:show.quiet', { from: person.quietFrom, to: person.quietTo })]
          : []),
      ],
      history: history
        ? {
            ...history,
            rows: history.rows.map((row) => ({
              ...row,
              fields: Array.isArray((row.details as { fields?: unknown }).fields)
                ? (row.details as { fields: string[] }).fields
                : [],
              section: (row.details as { section?: string }).section,
              purpose: (row.details as { purpose?: string }).purpose,
            })),
            pagination: pagination(
              t,
              (n) => `/people/${person.id}/history${n > 1 ? `?page=${n}` : ''}`,
              history.page,
              history.pageCount,
              'people:pagination.label',
            ),
          }
        : null,
    });
  };

  app.get('/people/:id', guarded, async (request, reply) =>
    renderPerson(request, reply, 'summary'),
  );
  app.get('/people/:id/:tab', guarded, async (request, reply) => {
    const tab = (request.params as { tab: string }).tab;
    if (!(tabs as readonly string[]).includes(tab) || tab === 'summary') throw new HttpError(404);
    return renderPerson(request, reply, tab as Tab);
  });

  // ---------------------------------------------------------------- changing a section

  const sectionOf = (request: FastifyRequest) => {
    const parsed = sectionParams.safeParse(request.params);
    if (!parsed.success) throw new HttpError(404);
    return parsed.data;
  };
  const tabFor = (section: Section): string => (section === 'details' ? '' : `/${section}`);

  const renderEdit = async (
    request: FastifyRequest,
    reply: FastifyReply,
    person: PersonView,
    section: Section,
    values: Form,
    issues: Issue[] = [],
  ) => {
    const t = request.t;
    const errors = toFormErrors(t, issues);
    return reply.render(view('edit'), {
      pageTitle: t(`people:edit.${section}.title`),
      person,
      section,
      action: `/people/${person.id}/edit/${section}`,
      back: `/people/${person.id}${tabFor(section)}`,
      values,
      errors: errors.fields,
      errorList: errors.errorList,
      choices: choices(t, values),
      workers:
        section === 'contact'
          ? [
              { value: '', text: t('people:fields.namedWorker.none') },
              ...(await people.workersFor(person)).map((w) => ({
                value: w.id,
                text: w.name,
                selected: values.namedWorker === w.id,
              })),
            ]
          : [],
      timeRows: rowsOf(values, 'time', person.unavailableTimes.length),
      dateRows: rowsOf(values, 'date', person.unavailableDates.length),
      supporterRows: rowsOf(values, 'supporter', person.supporters.length),
    });
  };

  const personForChange = async (request: FastifyRequest, section: string) => {
    const person = await people.findPersonForActor(actorOf(request), idOf(request), { section });
    if (!person.canManage) throw new HttpError(403);
    return person;
  };

  app.get('/people/:id/edit/:section', guarded, async (request, reply) => {
    const { section } = sectionOf(request);
    const person = await personForChange(request, section);
    return renderEdit(request, reply, person, section, formValuesOf(person, section));
  });

  app.post('/people/:id/edit/:section', guarded, async (request, reply) => {
    const { id, section } = sectionOf(request);
    const actor = actorOf(request);
    const form = { ...request.form } as Form;
    delete form._csrf;
    let parsed = parseSection(section, form);
    if (section === 'contact') {
      const worker = parseNamedWorker(form);
      if (!parsed.ok) parsed = { ok: false, issues: [...parsed.issues, ...worker.issues] };
      else if (worker.issues.length) parsed = { ok: false, issues: worker.issues };
      else
        parsed = {
          ok: true,
          value: { ...(parsed.value as object), namedWorkerAccountId: worker.value },
        };
    }
    const result = parsed.ok
      ? await people.updatePersonSection(actor, id, section, parsed.value as never)
      : parsed;
    if (!result.ok) {
      const person = await personForChange(request, section);
      return renderEdit(request, reply.code(400), person, section, form, result.issues);
    }
    await saveSession(services, request, {
      [FLASH_KEY]: result.value.changed.length ? 'people:flash.updated' : 'people:flash.unchanged',
    });
    return reply.redirect(`/people/${id}${tabFor(section)}`, 303);
  });

  // ---------------------------------------------------------------- status

  const renderStatus = async (
    request: FastifyRequest,
    reply: FastifyReply,
    person: PersonView,
    values: Form,
    issues: Issue[] = [],
  ) => {
    const errors = toFormErrors(request.t, issues);
    return reply.render(view('status'), {
      pageTitle: request.t('people:status.title'),
      person,
      values,
      errors: errors.fields,
      errorList: errors.errorList,
      choices: choices(request.t, values),
    });
  };

  app.get('/people/:id/status', guarded, async (request, reply) => {
    const person = await personForChange(request, 'status');
    const [y, m, d] = person.pauseReviewDate?.split('-') ?? [];
    return renderStatus(request, reply, person, {
      status: person.status,
      reviewDay: d ? String(Number(d)) : '',
      reviewMonth: m ? String(Number(m)) : '',
      reviewYear: y ?? '',
    });
  });

  app.post('/people/:id/status', guarded, async (request, reply) => {
    const id = idOf(request);
    const form = { ...request.form } as Form;
    const parsed = statusForm.safeParse(form);
    if (!parsed.success) {
      const person = await personForChange(request, 'status');
      return renderStatus(request, reply.code(400), person, form, issuesOf(parsed.error));
    }
    await people.changePersonStatus(actorOf(request), id, parsed.data);
    await saveSession(services, request, { [FLASH_KEY]: 'people:flash.statusChanged' });
    return reply.redirect(`/people/${id}`, 303);
  });

  // ---------------------------------------------------------------- organisations

  app.post('/people/:id/organisations', guarded, async (request, reply) => {
    const id = idOf(request);
    const organisationId = str(request.form, 'organisationId');
    const result = /^[0-9a-f-]{36}$/i.test(organisationId)
      ? await people.connectOrganisation(actorOf(request), id, organisationId)
      : null;
    await saveSession(services, request, {
      [FLASH_KEY]: result?.ok ? 'people:flash.connected' : 'people:flash.notConnected',
    });
    return reply.redirect(`/people/${id}`, 303);
  });

  app.post('/people/:id/organisations/:organisationId/remove', guarded, async (request, reply) => {
    const id = idOf(request);
    const organisationId = (request.params as { organisationId: string }).organisationId;
    if (!/^[0-9a-f-]{36}$/i.test(organisationId)) throw new HttpError(404);
    const result = await people.disconnectOrganisation(actorOf(request), id, organisationId);
    await saveSession(services, request, {
      [FLASH_KEY]: result.ok ? 'people:flash.disconnected' : 'people:errors.organisation.owner',
    });
    return reply.redirect(`/people/${id}`, 303);
  });

  // ---------------------------------------------------------------- consent

  const renderConsent = async (
    request: FastifyRequest,
    reply: FastifyReply,
    person: PersonView,
    values: Form,
    issues: Issue[] = [],
  ) => {
    const errors = toFormErrors(request.t, issues);
    const live = liveConsents(person);
    return reply.render(view('consent-new'), {
      pageTitle: request.t('people:consent.new.title'),
      person,
      values,
      errors: errors.fields,
      errorList: errors.errorList,
      choices: {
        ...choices(request.t, values),
        purposes: checks(
          request.t,
          'people:purposes',
          consentPurposes.filter((p) => !live.has(p)),
          values.purposes,
        ),
      },
      allGiven: live.size === consentPurposes.length,
    });
  };

  app.get('/people/:id/consent/new', guarded, async (request, reply) => {
    const person = await personForChange(request, 'consent');
    return renderConsent(request, reply, person, { wordingVersion: CURRENT_WORDING_VERSION });
  });

  app.post('/people/:id/consent/new', guarded, async (request, reply) => {
    const id = idOf(request);
    const form = { ...request.form } as Form;
    const parsed = consentForm.safeParse(form);
    if (!parsed.success) {
      const person = await personForChange(request, 'consent');
      return renderConsent(request, reply.code(400), person, form, issuesOf(parsed.error));
    }
    await people.recordConsent(actorOf(request), id, parsed.data);
    await saveSession(services, request, { [FLASH_KEY]: 'people:flash.consentRecorded' });
    return reply.redirect(`/people/${id}/consent`, 303);
  });

  const purposeOf = (request: FastifyRequest) => {
    const parsed = purposeParams.safeParse(request.params);
    if (!parsed.success) throw new HttpError(404);
    return parsed.data;
  };

  const renderWithdraw = async (
    request: FastifyRequest,
    reply: FastifyReply,
    person: PersonView,
    purpose: string,
    values: Form,
    issues: Issue[] = [],
  ) => {
    const errors = toFormErrors(request.t, issues);
    return reply.render(view('consent-withdraw'), {
      pageTitle: request.t('people:consent.withdraw.title', {
        purpose: request.t(`people:purposes.${purpose}`),
      }),
      person,
      purpose,
      live: liveConsents(person).has(purpose as never),
      values,
      errors: errors.fields,
      errorList: errors.errorList,
      choices: choices(request.t, values),
    });
  };

  app.get('/people/:id/consent/:purpose/withdraw', guarded, async (request, reply) => {
    const { purpose } = purposeOf(request);
    const person = await personForChange(request, 'consent');
    return renderWithdraw(request, reply, person, purpose, {});
  });

  app.post('/people/:id/consent/:purpose/withdraw', guarded, async (request, reply) => {
    const { id, purpose } = purposeOf(request);
    const form = { ...request.form } as Form;
    const parsed = withdrawForm.safeParse(form);
    if (!parsed.success) {
      const person = await personForChange(request, 'consent');
      return renderWithdraw(
        request,
        reply.code(400),
        person,
        purpose,
        form,
        issuesOf(parsed.error),
      );
    }
    await people.withdrawConsent(actorOf(request), id, purpose, parsed.data.method);
    await saveSession(services, request, { [FLASH_KEY]: 'people:flash.consentWithdrawn' });
    return reply.redirect(`/people/${id}/consent`, 303);
  });
};

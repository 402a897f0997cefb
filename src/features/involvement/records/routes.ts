import crypto from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TFunction } from 'i18next';
import type { Services } from '#platform/modules/contract.ts';
import { involvementRoles, levels, methods, rungKey, rungs } from '../tables.ts';
import { actorOf, authoriseAnywhere, guarded } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { involvementPortalRoutes } from './portal-routes.ts';
import { nameIn, recordRow, titleIn } from './present.ts';
import { choices, formErrors } from '#platform/validation/index.ts';
import { rungFilterItems } from '../filters.ts';
import {
  idParams,
  listQuery,
  newQuery,
  pageQuery,
  parseAttendanceForm,
  parseRecordForm,
  str,
  type FieldErrors,
  type Form,
  type RecordInput,
} from './schema.ts';
import { recordable } from './service.ts';
import { pagination } from '#platform/http/pagination.ts';
import { keepFlash, takeFlash as takeKept } from '#platform/http/flash.ts';
import { saveSessionData } from '#platform/http/session-data.ts';
import { idOf } from '#platform/http/params.ts';

const view = (name: string) => `involvement/records/views/${name}.njk`;
const DRAFT_KEY = 'involvementDraft';

interface Draft {
  id: string;
  personId: string;
  values: Form;
  input: RecordInput;
}

const todayParts = () => {
  const [year, month, day] = new Date().toISOString().slice(0, 10).split('-');
  return { day: String(Number(day)), month: String(Number(month)), year: year! };
};
const partsOf = (iso: string) => {
  const [year, month, day] = iso.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year: year! };
};

export const involvementRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { records } = services;

  const saveSession = (request: FastifyRequest, patch: Record<string, unknown>) =>
    saveSessionData(services.sessions, request, patch);
  async function takeFlash(request: FastifyRequest) {
    const flash = await takeKept<{ key: string; count?: number }>(services.sessions, request);
    return flash ? request.t(flash.key, { count: flash.count ?? 0 }) : undefined;
  }

  // ---------------------------------------------------------------- the list

  app.get('/involvement', guarded, async (request, reply) => {
    const query = listQuery.parse(request.query);
    // with an organisation, the service answers 404/403 for one out of reach
    const actor = query.organisation
      ? actorOf(request)
      : authoriseAnywhere(request, 'involvement.record');
    const result = await records.listRecords(
      actor,
      {
        organisationId: query.organisation,
        rung: query.rung,
        method: query.method,
        from: query.from,
        to: query.to,
      },
      query.page,
    );
    const t = request.t;
    const lang = request.lang;
    const params = new URLSearchParams();
    for (const name of ['organisation', 'rung', 'method', 'from', 'to'] as const) {
      const value = query[name];
      if (value !== undefined) params.set(name, String(value));
    }
    const filtered = params.toString() !== '';
    const href = (n: number) => {
      const p = new URLSearchParams(params);
      if (n > 1) p.set('page', String(n));
      const s = p.toString();
      return `/involvement${s ? `?${s}` : ''}`;
    };
    return reply.render(view('list'), {
      pageTitle: t('records:list.title'),
      flash: await takeFlash(request),
      query,
      filtered,
      total: result.total,
      capped: result.capped,
      rows: result.rows.map((r) => recordRow(t, lang, r)),
      pagination: pagination(t, href, result.page, result.pageCount, 'records:pagination.label'),
      options: {
        rungs: rungFilterItems(t, t('records:list.anyRung'), query.rung),
        methods: [
          { value: '', text: t('records:list.anyMethod') },
          ...choices(t, methods, 'involvement:methods.', query.method, { select: true }),
        ],
      },
    });
  });

  // ---------------------------------------------------------------- direct entry

  const choicesFor = (
    t: TFunction,
    lang: string,
    form: Awaited<ReturnType<typeof records.formFor>>,
    values: Form,
  ) => ({
    organisations: [
      { value: '', text: t('records:fields.organisationId.choose') },
      ...form.organisations.map((o) => ({
        value: o.id,
        text: nameIn(o, lang),
        selected: str(values, 'organisationId') === o.id,
      })),
    ],
    opportunities: [
      { value: '', text: t('records:fields.opportunityId.none') },
      ...form.opportunities.map((o) => ({
        value: o.id,
        text: titleIn(o, lang) ?? '',
        selected: str(values, 'opportunityId') === o.id,
      })),
    ],
    rungs: rungs.map((key, i) => ({
      value: String(i + 1),
      text: t(`involvement:rungs.${key}.name`),
      hint: { text: t(`involvement:rungs.${key}.explanation`) },
      checked: str(values, 'rung') === String(i + 1),
    })),
    levels: levels.map((key) => ({
      value: key,
      text: t(`involvement:levels.${key}.name`),
      hint: { text: t(`involvement:levels.${key}.explanation`) },
      checked: str(values, 'level') === key,
    })),
    methods: [
      { value: '', text: t('records:fields.method.choose') },
      ...methods.map((m) => ({
        value: m,
        text: t(`involvement:methods.${m}`),
        selected: str(values, 'method') === m,
      })),
    ],
    roles: involvementRoles.map((r) => ({
      value: r,
      text: t(`involvement:roles.${r}`),
      selected: (str(values, 'role') || 'participant') === r,
    })),
  });

  app.get('/involvement/new', guarded, async (request, reply) => {
    const query = newQuery.parse(request.query);
    // a person out of reach answers 404 (the service looks them up in the actor's scope)
    const actor = query.person
      ? actorOf(request)
      : authoriseAnywhere(request, 'involvement.record');
    const t = request.t;
    if (!query.person) {
      const found = await records.findPeople(actor, query.q);
      return reply.render(view('find'), {
        pageTitle: t('records:find.title'),
        q: query.q,
        searched: query.q !== '',
        found,
      });
    }
    const form = await records.formFor(actor, query.person);
    const draft = request.session?.data[DRAFT_KEY] as Draft | undefined;
    const values: Form =
      draft?.personId === form.person.id
        ? draft.values
        : {
            ...Object.fromEntries(
              Object.entries(todayParts()).map(([k, v]) => [
                `tookPart${k[0]!.toUpperCase()}${k.slice(1)}`,
                v,
              ]),
            ),
            organisationId: form.organisations.length === 1 ? form.organisations[0]!.id : '',
          };
    return reply.render(view('new'), {
      pageTitle: t('records:new.title'),
      person: form.person,
      values,
      errors: {},
      choices: choicesFor(t, request.lang, form, values),
    });
  });

  app.post('/involvement/new', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const body: Form = request.form;
    const personId = str(body, 'personId');
    if (!idParams.safeParse({ id: personId }).success) throw new HttpError(404);
    const form = await records.formFor(actor, personId);
    const parsed = parseRecordForm(body, {
      organisations: form.organisations.map((o) => o.id),
      opportunities: form.opportunities.map((o) => o.id),
    });
    const opportunity = parsed.ok
      ? form.opportunities.find((o) => o.id === parsed.value.opportunityId)
      : undefined;
    const errors: FieldErrors = parsed.ok ? {} : parsed.errors;
    if (parsed.ok && opportunity && opportunity.organisationId !== parsed.value.organisationId)
      errors.opportunityId = 'records:errors.opportunityOrganisation';
    if (!parsed.ok || Object.keys(errors).length) {
      const t = request.t;
      reply.code(400);
      return reply.render(view('new'), {
        pageTitle: t('records:new.title'),
        person: form.person,
        values: body,
        ...formErrors(t, errors, { tookPartOn: 'tookPartOn-day' }),
        choices: choicesFor(t, request.lang, form, body),
      });
    }
    const draft: Draft = {
      id: crypto.randomUUID(),
      personId: form.person.id,
      values: body,
      input: parsed.value,
    };
    delete draft.values._csrf;
    await saveSession(request, { [DRAFT_KEY]: draft });
    return reply.redirect('/involvement/new/check', 303);
  });

  app.get('/involvement/new/check', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'involvement.record');
    const draft = request.session?.data[DRAFT_KEY] as Draft | undefined;
    if (!draft) return reply.redirect('/involvement/new', 303);
    const form = await records.formFor(actor, draft.personId);
    const t = request.t;
    const lang = request.lang;
    const organisation = form.organisations.find((o) => o.id === draft.input.organisationId);
    const opportunity = form.opportunities.find((o) => o.id === draft.input.opportunityId);
    return reply.render(view('check'), {
      pageTitle: t('records:check.title'),
      person: form.person,
      change: `/involvement/new?person=${form.person.id}`,
      answers: {
        organisation: organisation ? nameIn(organisation, lang) : '',
        opportunity: opportunity
          ? titleIn(opportunity, lang)
          : t('records:fields.opportunityId.none'),
        tookPartOn: draft.input.tookPartOn,
        hours: String(draft.input.hours),
        rung: t(`involvement:rungs.${rungKey(draft.input.rung)}.name`),
        rungExplanation: t(`involvement:rungs.${rungKey(draft.input.rung)}.explanation`),
        level: t(`involvement:levels.${draft.input.level}.name`),
        method: t(`involvement:methods.${draft.input.method}`),
        role: t(`involvement:roles.${draft.input.role}`),
        outcome: draft.input.outcome ?? t('records:check.noOutcome'),
      },
    });
  });

  app.post('/involvement/new/check', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'involvement.record');
    const draft = request.session?.data[DRAFT_KEY] as Draft | undefined;
    if (!draft) return reply.redirect('/involvement/new', 303);
    await records.recordInvolvement(actor, draft.id, draft.personId, draft.input);
    await saveSession(request, { [DRAFT_KEY]: undefined });
    keepFlash(request, { key: 'records:new.recorded' });
    return reply.redirect(`/people/${draft.personId}/involvement`, 303);
  });

  // ---------------------------------------------------------------- from an opportunity

  const renderAttendance = async (
    request: FastifyRequest,
    values: Form | null,
    errors: FieldErrors,
  ) => {
    const actor = actorOf(request);
    const id = idOf(request);
    const { opportunity, people } = await records.attendanceFor(actor, id);
    const t = request.t;
    const lang = request.lang;
    const expected = opportunity.expectedHours === null ? '' : String(opportunity.expectedHours);
    const date =
      opportunity.startsOn && opportunity.startsOn <= new Date().toISOString().slice(0, 10)
        ? partsOf(opportunity.startsOn)
        : todayParts();
    const filled: Form = values ?? {
      tookPartDay: date.day,
      tookPartMonth: date.month,
      tookPartYear: date.year,
    };
    const open = people.filter((p) => p.recordedHours === null && !p.erased);
    return {
      pageTitle: t('records:attendance.title'),
      opportunity: {
        ...opportunity,
        title: titleIn(opportunity, lang),
        organisation: nameIn(
          { nameEn: opportunity.organisationNameEn, nameCy: opportunity.organisationNameCy },
          lang,
        ),
        rungName: t(`involvement:rungs.${rungKey(opportunity.rung)}.name`),
        rungExplanation: t(`involvement:rungs.${rungKey(opportunity.rung)}.explanation`),
        levelName: t(`involvement:levels.${opportunity.level}.name`),
        methodName: t(`involvement:methods.${opportunity.method}`),
        statusName: t(`involvement:opportunityStatuses.${opportunity.status}`),
      },
      recordable: recordable(opportunity.status),
      recorded: people
        .filter((p) => p.recordedHours !== null)
        .map((p) => ({
          ...p,
          name: p.erased ? t('records:erasedPerson') : p.displayName,
          roleName: t(`involvement:roles.${p.recordedRole ?? 'participant'}`),
        })),
      people: open.map((p) => ({
        ...p,
        name: p.displayName,
        decisionName: t(`involvement:interestStatuses.${p.decision}`),
        took: values ? str(values, `took-${p.personId}`) : p.decision === 'selected' ? 'yes' : '',
        hours: values ? str(values, `hours-${p.personId}`) : expected,
        roles: involvementRoles.map((r) => ({
          value: r,
          text: t(`involvement:roles.${r}`),
          selected: (values ? str(values, `role-${p.personId}`) : 'participant') === r,
        })),
      })),
      values: filled,
      ...formErrors(t, errors, { tookPartOn: 'tookPartOn-day' }),
      flash: await takeFlash(request),
    };
  };

  app.get('/opportunities/:id/involvement', guarded, async (request, reply) => {
    return reply.render(view('attendance'), await renderAttendance(request, null, {}));
  });

  app.post('/opportunities/:id/involvement', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const id = idOf(request);
    const { opportunity, people } = await records.attendanceFor(actor, id);
    if (!recordable(opportunity.status)) {
      // a draft or cancelled opportunity: the page says why nothing can be recorded
      reply.code(409);
      return reply.render(view('attendance'), await renderAttendance(request, null, {}));
    }
    const body: Form = request.form;
    const open = people.filter((p) => p.recordedHours === null && !p.erased);
    const parsed = parseAttendanceForm(
      body,
      open.map((p) => p.personId),
    );
    if (!parsed.ok) {
      reply.code(400);
      return reply.render(view('attendance'), await renderAttendance(request, body, parsed.errors));
    }
    const { recorded } = await records.recordAttendance(actor, opportunity.id, parsed.value);
    keepFlash(request, { key: 'records:attendance.recorded', count: recorded });
    return reply.redirect(`/opportunities/${opportunity.id}/involvement`, 303);
  });

  // ---------------------------------------------------------------- one person's records

  app.get('/people/:id/involvement', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const id = idOf(request);
    // someone the actor may not record involvement for answers 404
    await records.assertPerson(actor, id);
    const person = await services.people.findPersonForActor(actor, id, {
      section: 'involvement',
    });
    if (person.access !== 'full') throw new HttpError(404);
    const { page } = pageQuery.parse(request.query);
    const result = await records.personRecords(actor, person.id, page);
    const t = request.t;
    const lang = request.lang;
    return reply.render(view('person'), {
      pageTitle: t('records:person.title', { name: person.displayName }),
      flash: await takeFlash(request),
      person,
      rows: result.rows.map((r) => recordRow(t, lang, r)),
      totals: {
        records: String(result.totals.records),
        hours: String(result.totals.hours),
        rungNames: result.totals.rungs.map((n) => t(`involvement:rungs.${rungKey(n)}.name`)),
      },
      pagination: pagination(
        t,
        (n) => `/people/${person.id}/involvement${n > 1 ? `?page=${n}` : ''}`,
        result.page,
        result.pageCount,
        'records:pagination.label',
      ),
    });
  });

  await app.register(involvementPortalRoutes, { services });
};

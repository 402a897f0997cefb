import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TFunction } from 'i18next';
import type { Services } from '#platform/modules/contract.ts';
import {
  attendances,
  levels,
  methods,
  ntaModes,
  ntaScopes,
  opportunityStatuses,
  paymentTerms,
  rungKey,
  rungs,
} from '../tables.ts';
import { personKinds } from '#features/register';
import { actorOf, authorise, authoriseAnywhere, guarded } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { can } from '#platform/permissions/policy.ts';
import {
  formValuesOf,
  isComplete,
  isStep,
  listQuery,
  parseAll,
  parseStep,
  skills,
  statusForm,
  steps,
  trainings,
  transitions,
  type Answers,
  type Form,
  type StepName,
} from './schema.ts';
import type { Opportunity } from './service.ts';
import { detailRows, errorAnchors, inLanguage } from './present.ts';
import { choices as choiceItems, formErrors, type Issue } from '#platform/validation/index.ts';
import { rungFilterItems } from '../filters.ts';
import { publicOpportunitiesRoutes } from './public-routes.ts';
import { pageHref, pagination } from '#platform/http/pagination.ts';
import { keepFlash, takeFlash as takeKept } from '#platform/http/flash.ts';
import { saveSessionData } from '#platform/http/session-data.ts';
import { idOf } from '#platform/http/params.ts';

const DRAFT_KEY = 'opportunityDraft';
const view = (name: string) => `involvement/opportunities/views/${name}.njk`;

interface Draft {
  organisationId?: string;
  values: Partial<Record<StepName, Form>>;
  answers: Partial<Record<StepName, Answers>>;
}

/** Dates come back from the session as strings. */
function revive(answers: Answers): Answers {
  return {
    ...answers,
    ...(answers.startsAt ? { startsAt: new Date(answers.startsAt) } : {}),
    ...(answers.endsAt ? { endsAt: new Date(answers.endsAt) } : {}),
  };
}

const saveSession = (services: Services, request: FastifyRequest, patch: Record<string, unknown>) =>
  saveSessionData(services.sessions, request, patch);

async function takeFlash(services: Services, request: FastifyRequest) {
  const flash = await takeKept<string>(services.sessions, request);
  return flash ? request.t(flash) : undefined;
}

const picked = (chosen: unknown) =>
  ([] as unknown[]).concat(chosen ?? []).filter((x): x is string => typeof x === 'string');

/** Everything the field partials need to show their choices. */
function choices(t: TFunction, values: Form, organisations: { value: string; text: string }[]) {
  const v = (name: string) => values[name];
  const radios = (prefix: string, list: readonly string[], name: string, hint = false) =>
    list.map((value) => ({
      value,
      text: t(hint ? `${prefix}.${value}.name` : `${prefix}.${value}`),
      ...(hint ? { hint: { text: t(`${prefix}.${value}.explanation`) } } : {}),
      checked: v(name) === value,
    }));
  const checks = (prefix: string, list: readonly string[], name: string) =>
    list.map((value) => ({
      value,
      text: t(`${prefix}.${value}`),
      checked: picked(v(name)).includes(value),
    }));
  const yesNo = (name: string) => [
    { value: 'yes', text: t('common:yes'), checked: v(name) === 'yes' },
    { value: 'no', text: t('common:no'), checked: v(name) === 'no' },
  ];
  return {
    organisations: [
      { value: '', text: t('opportunities:fields.organisationId.choose') },
      ...organisations.map((o) => ({ ...o, selected: v('organisationId') === o.value })),
    ],
    rungs: radios('involvement:rungs', rungs, 'rung', true),
    levels: radios('involvement:levels', levels, 'level', true),
    ntaScopes: radios('involvement:ntaScopes', ntaScopes, 'ntaScope'),
    ntaModes: radios('involvement:ntaModes', ntaModes, 'ntaMode'),
    methods: [
      { value: '', text: t('opportunities:fields.method.choose') },
      ...methods.map((value) => ({
        value,
        text: t(`involvement:methods.${value}`),
        selected: v('method') === value,
      })),
    ],
    audiences: checks('people:kinds', personKinds, 'audiences'),
    welshMedium: yesNo('welshMedium'),
    attendances: radios('involvement:attendances', attendances, 'attendance'),
    skills: checks('people:skills', skills, 'skillsNeeded'),
    trainings: checks('people:trainings', trainings, 'trainingNeeded'),
    payments: radios('involvement:payments', paymentTerms, 'payment'),
    public: yesNo('public'),
  };
}

/** A date input's items with the values filled in. */
const dateItems = (values: Form, name: string) =>
  (['day', 'month', 'year'] as const).map((part) => ({
    name: part,
    classes: part === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2',
    value: typeof values[`${name}-${part}`] === 'string' ? values[`${name}-${part}`] : '',
  }));

export const opportunitiesRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const opportunities = services.opportunities;

  await app.register(publicOpportunitiesRoutes, { services });

  /** The opportunity in the URL, if the actor may see it (404 otherwise). */
  const visible = async (
    request: FastifyRequest,
    permission: 'opportunity.view' | 'opportunity.manage',
  ) => {
    const opportunity = await opportunities.find(idOf(request));
    if (!opportunity) throw new HttpError(404);
    authorise(request, permission, opportunity.organisation);
    return opportunity;
  };

  // ---- the list ---------------------------------------------------------------------------
  app.get('/opportunities', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'opportunity.view');
    const t = request.t;
    const lang = request.lang;
    const query = listQuery.parse(request.query);
    const [result, organisations] = await Promise.all([
      opportunities.list(actor, query),
      opportunities.organisationsFor(actor, lang, 'opportunity.view'),
    ]);
    const params: Record<string, string> = {};
    if (query.status) params.status = query.status;
    if (query.rung) params.rung = String(query.rung);
    if (query.organisation) params.organisation = query.organisation;
    const href = pageHref('/opportunities', params);
    return reply.render(view('list'), {
      pageTitle: t('opportunities:list.title'),
      flash: await takeFlash(services, request),
      canCreate: organisations.length > 0 && (await canCreate(request)),
      total: result.total,
      filtered: Object.keys(params).length > 0,
      rows: result.rows.map((row) => ({
        id: row.id,
        title: lang === 'cy' ? row.title_cy : row.title_en,
        organisation: lang === 'cy' ? row.org_name_cy : row.org_name_en,
        rung: t(`involvement:rungs.${rungKey(row.rung)}.name`),
        method: t(`involvement:methods.${row.method}`),
        status: row.status,
        closingDate: row.closing_date,
      })),
      statusOptions: [
        { value: '', text: t('opportunities:list.allStatuses') },
        ...choiceItems(t, opportunityStatuses, 'involvement:opportunityStatuses.', query.status, {
          select: true,
        }),
      ],
      rungOptions: rungFilterItems(t, t('opportunities:list.allRungs'), query.rung),
      organisationOptions: [
        { value: '', text: t('opportunities:list.allOrganisations') },
        ...organisations.map((o) => ({
          value: o.id,
          text: lang === 'cy' ? o.name_cy : o.name_en,
          selected: query.organisation === o.id,
        })),
      ],
      pagination: pagination(
        t,
        href,
        result.page,
        result.pageCount,
        'opportunities:pagination.label',
      ),
    });
  });

  const canCreate = async (request: FastifyRequest) => {
    const actor = actorOf(request);
    return opportunities.canCreateAnywhere(actor);
  };

  // ---- creating: question pages, then check your answers ----------------------------------
  const draftOf = (request: FastifyRequest): Draft =>
    (request.session?.data[DRAFT_KEY] as Draft | undefined) ?? { values: {}, answers: {} };
  const stepHref = (step: StepName) => `/opportunities/new/${step}`;

  const renderStep = async (
    request: FastifyRequest,
    reply: FastifyReply,
    step: StepName,
    values: Form,
    issues: Issue[] = [],
  ) => {
    const t = request.t;
    const actor = actorOf(request);
    const organisations =
      step === 'about'
        ? (await opportunities.organisationsFor(actor, request.lang, 'opportunity.manage')).map(
            (o) => ({ value: o.id, text: request.lang === 'cy' ? o.name_cy : o.name_en }),
          )
        : [];
    const errors = formErrors(t, issues, errorAnchors);
    const index = steps.indexOf(step);
    return reply.render(view('step'), {
      pageTitle: t(`opportunities:new.${step}.title`),
      step,
      stepNumber: index + 1,
      stepCount: steps.length,
      action: stepHref(step),
      back: index === 0 ? '/opportunities' : stepHref(steps[index - 1]!),
      values,
      errors: errors.fields,
      errorList: errors.errorList,
      choices: choices(t, values, organisations),
      dates: {
        opensOn: dateItems(values, 'opensOn'),
        closingDate: dateItems(values, 'closingDate'),
        startsOn: dateItems(values, 'startsOn'),
      },
      withOrganisation: true,
    });
  };

  app.get('/opportunities/new', guarded, async (request, reply) => {
    authoriseAnywhere(request, 'opportunity.manage');
    return reply.redirect(stepHref('about'), 303);
  });

  app.get('/opportunities/new/:step', guarded, async (request, reply) => {
    authoriseAnywhere(request, 'opportunity.manage');
    const { step } = request.params as { step: string };
    if (!isStep(step)) throw new HttpError(404);
    const draft = draftOf(request);
    const values: Form = { ...(draft.values[step] ?? {}) };
    if (step === 'about' && draft.organisationId) values.organisationId = draft.organisationId;
    if (step === 'places' && !draft.values.places) {
      values.places = '1';
      values.backups = '0';
    }
    if (step === 'commitment' && !draft.values.commitment) values.payment = 'expenses_only';
    return renderStep(request, reply, step, values);
  });

  app.post('/opportunities/new/:step', guarded, async (request, reply) => {
    const { step } = request.params as { step: string };
    if (!isStep(step)) throw new HttpError(404);
    // the first page names an organisation: one the actor cannot see answers 404 (checked below)
    if (step !== 'about' || typeof request.form.organisationId !== 'string')
      authoriseAnywhere(request, 'opportunity.manage');
    const form = request.form as Form;
    const issues: Issue[] = [];
    const draft = draftOf(request);
    let organisationId = draft.organisationId;
    if (step === 'about') {
      const chosen = typeof form.organisationId === 'string' ? form.organisationId : '';
      const ref = /^[0-9a-f-]{36}$/i.test(chosen)
        ? await opportunities.organisationRef(chosen)
        : null;
      if (!chosen) {
        authoriseAnywhere(request, 'opportunity.manage');
        issues.push({
          field: 'organisationId',
          message: 'opportunities:errors.organisationId.required',
        });
      } else {
        if (!ref) throw new HttpError(404);
        authorise(request, 'opportunity.manage', ref);
        if (ref.archived)
          issues.push({
            field: 'organisationId',
            message: 'opportunities:errors.organisationId.archived',
          });
        organisationId = ref.id;
      }
    }
    const result = parseStep(step, form);
    if (!result.ok) issues.push(...result.issues);
    if (issues.length || !result.ok) return renderStep(request, reply, step, form, issues);
    const next: Draft = {
      ...(organisationId ? { organisationId } : {}),
      values: { ...draft.values, [step]: form },
      answers: { ...draft.answers, [step]: result.answers },
    };
    await saveSession(services, request, { [DRAFT_KEY]: next });
    const index = steps.indexOf(step);
    const firstMissing = steps.find((s) => !next.answers[s]);
    const following = index + 1 < steps.length ? steps[index + 1]! : null;
    const target =
      following && !next.answers[following]
        ? stepHref(following)
        : firstMissing
          ? stepHref(firstMissing)
          : '/opportunities/new/check';
    return reply.redirect(target, 303);
  });

  const draftAnswers = (draft: Draft): Answers =>
    revive(Object.assign({}, ...steps.map((s) => draft.answers[s] ?? {})) as Answers);

  app.get('/opportunities/new/check', guarded, async (request, reply) => {
    authoriseAnywhere(request, 'opportunity.manage');
    const draft = draftOf(request);
    const missing = steps.find((s) => !draft.answers[s]);
    if (missing || !draft.organisationId) return reply.redirect(stepHref(missing ?? 'about'), 303);
    const t = request.t;
    const answers = draftAnswers(draft);
    const organisation = await opportunities.organisationRef(draft.organisationId);
    if (!organisation) throw new HttpError(404);
    authorise(request, 'opportunity.manage', organisation);
    return reply.render(view('check'), {
      pageTitle: t('opportunities:check.title'),
      organisation: inLanguage(request.lang, organisation.nameEn, organisation.nameCy),
      rows: detailRows(t, request.lang, answers, { changeHref: stepHref, internal: true }),
    });
  });

  app.post('/opportunities/new/check', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'opportunity.manage');
    const draft = draftOf(request);
    const missing = steps.find((s) => !draft.answers[s]);
    if (missing || !draft.organisationId) return reply.redirect(stepHref(missing ?? 'about'), 303);
    const ref = await opportunities.organisationRef(draft.organisationId);
    if (!ref) throw new HttpError(404);
    authorise(request, 'opportunity.manage', ref);
    const answers = draftAnswers(draft);
    if (!isComplete(answers)) return reply.redirect(stepHref('about'), 303);
    const id = await opportunities.createOpportunity(actor, ref.id, answers);
    await saveSession(services, request, { [DRAFT_KEY]: undefined });
    keepFlash(request, 'opportunities:flash.created');
    return reply.redirect(`/opportunities/${id}`, 303);
  });

  // ---- one opportunity ----------------------------------------------------------------------
  const renderShow = async (
    request: FastifyRequest,
    reply: FastifyReply,
    opportunity: Opportunity,
    errorList: { text: string; href: string }[] = [],
  ) => {
    const t = request.t;
    const lang = request.lang;
    const actor = actorOf(request);
    const canManage = can(actor, 'opportunity.manage', opportunity.organisation);
    const counts = await opportunities.invitationCounts(opportunity);
    return reply.render(view('show'), {
      pageTitle: inLanguage(lang, opportunity.titleEn, opportunity.titleCy),
      flash: await takeFlash(services, request),
      errorList,
      opportunity,
      organisation: inLanguage(
        lang,
        opportunity.organisation.nameEn,
        opportunity.organisation.nameCy,
      ),
      rows: detailRows(t, lang, opportunity, { internal: true }),
      canManage,
      canEdit: canManage && ['draft', 'open'].includes(opportunity.status),
      actions: canManage
        ? (transitions[opportunity.status] ?? []).map((to) => ({
            to,
            text: t(`opportunities:show.actions.${to}`),
            warning: to === 'cancelled',
          }))
        : [],
      counts: {
        ...counts,
        reasons: counts.reasons.map((r) => ({
          text: t(`opportunities:show.reasons.${r.reason}`, { defaultValue: r.reason }),
          count: r.count,
        })),
      },
      rungKey: rungKey(opportunity.rung),
      links: {
        selection: can(actor, 'selection.manage', opportunity.organisation),
        interests: can(actor, 'interest.record', opportunity.organisation),
        involvement: can(actor, 'involvement.record', opportunity.organisation),
      },
    });
  };

  app.get('/opportunities/:id', guarded, async (request, reply) => {
    const opportunity = await visible(request, 'opportunity.view');
    return renderShow(request, reply, opportunity);
  });

  // ---- editing: every question on one page -------------------------------------------------
  const renderEdit = (
    request: FastifyRequest,
    reply: FastifyReply,
    opportunity: Opportunity,
    values: Form,
    issues: Issue[] = [],
  ) => {
    const t = request.t;
    const errors = formErrors(t, issues, errorAnchors);
    return reply.render(view('edit'), {
      pageTitle: t('opportunities:edit.title'),
      opportunity,
      title: inLanguage(request.lang, opportunity.titleEn, opportunity.titleCy),
      values,
      errors: errors.fields,
      errorList: errors.errorList,
      choices: choices(t, values, []),
      dates: {
        opensOn: dateItems(values, 'opensOn'),
        closingDate: dateItems(values, 'closingDate'),
        startsOn: dateItems(values, 'startsOn'),
      },
      steps,
      withOrganisation: false,
    });
  };

  app.get('/opportunities/:id/edit', guarded, async (request, reply) => {
    const opportunity = await visible(request, 'opportunity.manage');
    if (!['draft', 'open'].includes(opportunity.status)) throw new HttpError(409);
    return renderEdit(request, reply, opportunity, formValuesOf(opportunity));
  });

  app.post('/opportunities/:id/edit', guarded, async (request, reply) => {
    const opportunity = await visible(request, 'opportunity.manage');
    if (!['draft', 'open'].includes(opportunity.status)) throw new HttpError(409);
    const form = request.form as Form;
    const result = parseAll(form);
    if (!result.ok) return renderEdit(request, reply, opportunity, form, result.issues);
    if (!isComplete(result.answers)) throw new HttpError(400);
    await opportunities.updateOpportunity(actorOf(request), opportunity, result.answers);
    keepFlash(request, 'opportunities:flash.updated');
    return reply.redirect(`/opportunities/${opportunity.id}`, 303);
  });

  // ---- status: open (and tell matching people), close, complete, cancel ----------------------
  app.post('/opportunities/:id/status', guarded, async (request, reply) => {
    const opportunity = await visible(request, 'opportunity.manage');
    const parsed = statusForm.safeParse(request.form);
    if (!parsed.success) throw new HttpError(400);
    const result = await opportunities.changeStatus(actorOf(request), opportunity, parsed.data.to);
    if (!result.ok) {
      const text = request.t(`opportunities:errors.status.${result.error}`);
      reply.code(409);
      return renderShow(request, reply, opportunity, [{ text, href: '#status-actions' }]);
    }
    keepFlash(request, `opportunities:flash.status.${parsed.data.to}`);
    return reply.redirect(`/opportunities/${opportunity.id}`, 303);
  });
};

import crypto from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TFunction } from 'i18next';
import type { Services } from '#app/services.ts';
import { panelKinds } from './tables.ts';
import { actorOf, authoriseAnywhere, requireActor } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { oneDecimal } from './results.ts';
import {
  candidateParams,
  listQuery,
  memberParams,
  memberSearchQuery,
  panelParams,
  parseCandidateForm,
  parsePanelForm,
  parseQuestionForm,
  parseScoreSheet,
  parseStaffScores,
  questionParams,
  scoreField,
  str,
  type FieldErrors,
  type Form,
  type PanelInput,
} from './schema.ts';
import type { Panel } from './service.ts';
import { pagination } from '#platform/http/pagination.ts';
import { saveSessionData, takeSessionValue } from '#platform/http/session-data.ts';

const DRAFT_KEY = 'panelDraft';
const FLASH_KEY = 'panelsFlash';
const view = (name: string) => `involvement/panels/views/${name}.njk`;

interface Draft {
  /** Chosen when the answers are first checked: confirming twice creates one panel. */
  id: string;
  values: Form;
  input: PanelInput;
}

function params<T>(schema: { safeParse(v: unknown): { success: boolean; data?: T } }, v: unknown) {
  const parsed = schema.safeParse(v);
  if (!parsed.success) throw new HttpError(404);
  return parsed.data as T;
}

/** GOV.UK error summary items and inline messages from field → key. */
function errorsView(t: TFunction, errors: FieldErrors) {
  const fields = Object.fromEntries(
    Object.entries(errors).map(([field, key]) => [field, { text: t(`panels:${key}`) }]),
  );
  const errorList = Object.entries(errors).map(([field, key]) => ({
    text: t(`panels:${key}`),
    href: `#${field === 'heldOn' ? 'heldOn-day' : field}`,
  }));
  return { fields, errorList };
}

/** The form values of a stored panel (to fill the edit form). */
function valuesOf(panel: Panel): Form {
  const [year, month, day] = panel.heldOn.split('-');
  return {
    organisationId: panel.organisationId,
    kind: panel.kind,
    titleEn: panel.titleEn,
    titleCy: panel.titleCy,
    opportunityId: panel.opportunityId ?? '',
    'heldOn-day': String(Number(day)),
    'heldOn-month': String(Number(month)),
    'heldOn-year': year ?? '',
    hours: String(panel.hours),
    scaleMin: String(panel.scaleMin),
    scaleMax: String(panel.scaleMax),
    userWeight: String(panel.userWeight),
  };
}

export const panelsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { panels } = services;
  const guarded = { preHandler: requireActor };

  const saveSession = (request: FastifyRequest, patch: Record<string, unknown>) =>
    saveSessionData(services.sessions, request, patch);
  const flash = (request: FastifyRequest, key: string) =>
    saveSession(request, { [FLASH_KEY]: key });
  const takeFlash = async (request: FastifyRequest) => {
    const key = await takeSessionValue<string>(services.sessions, request, FLASH_KEY);
    return key ? request.t(`panels:${key}`) : undefined;
  };

  const local = (request: FastifyRequest, en: string | null, cy: string | null) =>
    request.lang === 'cy' ? cy : en;
  const titleOf = (request: FastifyRequest, panel: Panel) =>
    local(request, panel.titleEn, panel.titleCy) ?? '';
  const panelView = (request: FastifyRequest, panel: Panel) => ({
    ...panel,
    title: titleOf(request, panel),
    organisationName: local(request, panel.organisationNameEn, panel.organisationNameCy),
    opportunityTitle: local(request, panel.opportunityTitleEn, panel.opportunityTitleCy),
    open: panel.status === 'open',
  });

  // ---------------------------------------------------------------- the list

  app.get('/panels', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'panel.manage');
    const query = listQuery.parse(request.query);
    const t = request.t;
    const result = await panels.listPanels(
      actor,
      { kind: query.kind, status: query.status },
      query.page,
    );
    const search = new URLSearchParams();
    if (query.kind) search.set('kind', query.kind);
    if (query.status) search.set('status', query.status);
    return reply.render(view('list'), {
      pageTitle: t('panels:list.title'),
      flash: await takeFlash(request),
      total: result.total,
      rows: result.rows.map((row) => ({
        ...row,
        title: local(request, row.titleEn, row.titleCy),
        organisationName: local(request, row.organisationNameEn, row.organisationNameCy),
      })),
      filtered: search.toString() !== '',
      kinds: [
        { value: '', text: t('panels:list.anyKind') },
        ...panelKinds.map((k) => ({
          value: k,
          text: t(`panels:kinds.${k}.name`),
          selected: query.kind === k,
        })),
      ],
      statuses: [
        { value: '', text: t('panels:list.anyStatus') },
        ...(['open', 'closed'] as const).map((s) => ({
          value: s,
          text: t(`panels:statuses.${s}`),
          selected: query.status === s,
        })),
      ],
      pagination: pagination(
        t,
        (n) => {
          const p = new URLSearchParams(search);
          if (n > 1) p.set('page', String(n));
          return p.toString() ? `/panels?${p.toString()}` : '/panels';
        },
        result.page,
        result.pageCount,
        'panels:list.pagination',
      ),
    });
  });

  // ---------------------------------------------------------------- create and edit

  const renderForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { values: Form; errors?: FieldErrors; panel?: Panel },
  ) => {
    const actor = actorOf(request);
    const t = request.t;
    const { values, panel } = options;
    const errors = errorsView(t, options.errors ?? {});
    if (options.errors) reply.code(400);
    const [organisations, opportunities] = await Promise.all([
      panel ? Promise.resolve([]) : panels.organisationsForPanels(actor),
      panels.opportunitiesForPanels(actor),
    ]);
    return reply.render(view('form'), {
      pageTitle: panel ? t('panels:form.editTitle') : t('panels:form.newTitle'),
      action: panel ? `/panels/${panel.id}/edit` : '/panels/new',
      back: panel ? `/panels/${panel.id}` : '/panels',
      panel: panel ? panelView(request, panel) : null,
      values,
      errors: errors.fields,
      errorList: errors.errorList,
      organisations: [
        { value: '', text: t('panels:form.organisationId.choose') },
        ...organisations.map((o) => ({
          value: o.id,
          text: local(request, o.nameEn, o.nameCy),
          selected: o.id === values.organisationId,
        })),
      ],
      opportunities: [
        { value: '', text: t('panels:form.opportunityId.none') },
        ...opportunities.map((o) => ({
          value: o.id,
          text: local(request, o.titleEn, o.titleCy),
          selected: o.id === values.opportunityId,
        })),
      ],
      kinds: panelKinds.map((k) => ({
        value: k,
        text: t(`panels:kinds.${k}.name`),
        hint: { text: t(`panels:kinds.${k}.hint`) },
        checked: values.kind === k,
      })),
    });
  };

  const draftOf = (request: FastifyRequest) =>
    request.session?.data[DRAFT_KEY] as Draft | undefined;

  app.get('/panels/new', guarded, async (request, reply) => {
    authoriseAnywhere(request, 'panel.manage');
    const draft = draftOf(request);
    return renderForm(request, reply, {
      values: draft?.values ?? { scaleMin: '0', scaleMax: '5', userWeight: '50', hours: '3' },
    });
  });

  app.post('/panels/new', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'panel.manage');
    const values = request.form;
    const parsed = parsePanelForm(values);
    if (!parsed.ok) return renderForm(request, reply, { values, errors: parsed.errors });
    const organisation = (await panels.organisationsForPanels(actor)).find(
      (o) => o.id === parsed.value.organisationId,
    );
    if (!organisation)
      return renderForm(request, reply, {
        values,
        errors: { organisationId: 'errors.organisationId' },
      });
    const id = draftOf(request)?.id ?? crypto.randomUUID();
    await saveSession(request, { [DRAFT_KEY]: { id, values, input: parsed.value } });
    return reply.redirect('/panels/new/check', 303);
  });

  const renderCheck = async (
    request: FastifyRequest,
    reply: FastifyReply,
    draft: Draft,
    errors?: FieldErrors,
  ) => {
    const actor = actorOf(request);
    const t = request.t;
    const input = draft.input;
    const [organisations, opportunities] = await Promise.all([
      panels.organisationsForPanels(actor),
      panels.opportunitiesForPanels(actor),
    ]);
    const organisation = organisations.find((o) => o.id === input.organisationId);
    const opportunity = opportunities.find((o) => o.id === input.opportunityId);
    const shown = errorsView(t, errors ?? {});
    if (errors) reply.code(400);
    return reply.render(view('check'), {
      pageTitle: t('panels:check.title'),
      errorList: shown.errorList.map((e) => ({ ...e, href: '/panels/new' })),
      input,
      organisationName: organisation
        ? local(request, organisation.nameEn, organisation.nameCy)
        : '',
      opportunityTitle: opportunity
        ? local(request, opportunity.titleEn, opportunity.titleCy)
        : null,
    });
  };

  app.get('/panels/new/check', guarded, async (request, reply) => {
    authoriseAnywhere(request, 'panel.manage');
    const draft = draftOf(request);
    if (!draft) return reply.redirect('/panels/new', 303);
    return renderCheck(request, reply, draft);
  });

  app.post('/panels/new/check', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'panel.manage');
    const draft = draftOf(request);
    if (!draft) return reply.redirect('/panels/new', 303);
    const created = await panels.createPanel(actor, draft.id, draft.input);
    if (!created.ok) return renderCheck(request, reply, draft, created.errors);
    await saveSession(request, { [DRAFT_KEY]: undefined, [FLASH_KEY]: 'flash.created' });
    return reply.redirect(`/panels/${created.value}`, 303);
  });

  app.get('/panels/:id/edit', guarded, async (request, reply) => {
    const { id } = params<{ id: string }>(panelParams, request.params);
    const { panel } = await panels.viewPanel(actorOf(request), id);
    if (panel.status !== 'open') return reply.redirect(`/panels/${id}`, 303);
    return renderForm(request, reply, { values: valuesOf(panel), panel });
  });

  app.post('/panels/:id/edit', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const { id } = params<{ id: string }>(panelParams, request.params);
    const { panel } = await panels.viewPanel(actor, id);
    const values = { ...request.form, organisationId: panel.organisationId };
    const parsed = parsePanelForm(values);
    if (!parsed.ok) return renderForm(request, reply, { values, errors: parsed.errors, panel });
    const updated = await panels.updatePanel(actor, id, parsed.value);
    if (!updated.ok) return renderForm(request, reply, { values, errors: updated.errors, panel });
    await flash(request, 'flash.updated');
    return reply.redirect(`/panels/${id}`, 303);
  });

  // ---------------------------------------------------------------- details

  app.get('/panels/:id', guarded, async (request, reply) => {
    const { id } = params<{ id: string }>(panelParams, request.params);
    const t = request.t;
    const { panel, members, questions, candidates } = await panels.viewPanelWithMembers(
      actorOf(request),
      id,
    );
    return reply.render(view('show'), {
      pageTitle: titleOf(request, panel),
      flash: await takeFlash(request),
      panel: panelView(request, panel),
      members,
      untrained: members.filter((m) => !m.trained).length,
      questions: questions.map((q) => ({ ...q, text: local(request, q.textEn, q.textCy) })),
      candidates,
      kindName: t(`panels:kinds.${panel.kind}.name`),
    });
  });

  // ---------------------------------------------------------------- members

  const renderMembers = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    errors?: FieldErrors,
  ) => {
    const actor = actorOf(request);
    const t = request.t;
    const query = memberSearchQuery.parse(request.query);
    const { panel, members, found } = await panels.viewMembersPage(actor, id, query.q);
    const shown = errorsView(t, errors ?? {});
    if (errors) reply.code(400);
    return reply.render(view('members'), {
      pageTitle: t('panels:members.title'),
      flash: await takeFlash(request),
      errorList: shown.errorList.map((e) => ({ ...e, href: '#q' })),
      panel: panelView(request, panel),
      members,
      q: query.q ?? '',
      found,
    });
  };

  app.get('/panels/:id/members', guarded, async (request, reply) => {
    const { id } = params<{ id: string }>(panelParams, request.params);
    return renderMembers(request, reply, id);
  });

  app.post('/panels/:id/members', guarded, async (request, reply) => {
    const { id } = params<{ id: string }>(panelParams, request.params);
    const added = await panels.addMember(actorOf(request), id, str(request.form, 'personId'));
    if (!added.ok) return renderMembers(request, reply, id, added.errors);
    await flash(request, added.value ? 'flash.memberAdded' : 'flash.memberAddedUntrained');
    return reply.redirect(`/panels/${id}/members`, 303);
  });

  app.post('/panels/:id/members/from-opportunity', guarded, async (request, reply) => {
    const { id } = params<{ id: string }>(panelParams, request.params);
    const added = await panels.addSelectedPeople(actorOf(request), id);
    if (!added.ok) return renderMembers(request, reply, id, added.errors);
    await flash(request, added.value ? 'flash.selectedAdded' : 'flash.noneSelected');
    return reply.redirect(`/panels/${id}/members`, 303);
  });

  app.post('/panels/:id/members/:personId/remove', guarded, async (request, reply) => {
    const { id, personId } = params<{ id: string; personId: string }>(memberParams, request.params);
    const removed = await panels.removeMember(actorOf(request), id, personId);
    if (!removed.ok) return renderMembers(request, reply, id, removed.errors);
    await flash(request, 'flash.memberRemoved');
    return reply.redirect(`/panels/${id}/members`, 303);
  });

  // ---------------------------------------------------------------- questions

  const renderQuestions = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    options: { values?: Form; errors?: FieldErrors } = {},
  ) => {
    const t = request.t;
    const { panel, questions } = await panels.viewPanel(actorOf(request), id);
    const shown = errorsView(t, options.errors ?? {});
    if (options.errors) reply.code(400);
    return reply.render(view('questions'), {
      pageTitle: t('panels:questions.title'),
      flash: await takeFlash(request),
      errors: shown.fields,
      errorList: shown.errorList,
      panel: panelView(request, panel),
      questions: questions.map((q) => ({ ...q, text: local(request, q.textEn, q.textCy) })),
      values: options.values ?? { weight: '1' },
    });
  };

  app.get('/panels/:id/questions', guarded, async (request, reply) => {
    const { id } = params<{ id: string }>(panelParams, request.params);
    return renderQuestions(request, reply, id);
  });

  app.post('/panels/:id/questions', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const { id } = params<{ id: string }>(panelParams, request.params);
    await panels.viewPanel(actor, id);
    const parsed = parseQuestionForm(request.form);
    if (!parsed.ok)
      return renderQuestions(request, reply, id, { values: request.form, errors: parsed.errors });
    const added = await panels.addQuestion(actor, id, parsed.value);
    if (!added.ok)
      return renderQuestions(request, reply, id, { values: request.form, errors: added.errors });
    await flash(request, 'flash.questionAdded');
    return reply.redirect(`/panels/${id}/questions`, 303);
  });

  app.post('/panels/:id/questions/:questionId/remove', guarded, async (request, reply) => {
    const { id, questionId } = params<{ id: string; questionId: string }>(
      questionParams,
      request.params,
    );
    const removed = await panels.removeQuestion(actorOf(request), id, questionId);
    if (!removed.ok) return renderQuestions(request, reply, id, { errors: removed.errors });
    await flash(request, 'flash.questionRemoved');
    return reply.redirect(`/panels/${id}/questions`, 303);
  });

  // ---------------------------------------------------------------- candidates and staff scores

  const renderCandidates = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    options: { values?: Form; errors?: FieldErrors } = {},
  ) => {
    const t = request.t;
    const { panel, candidates } = await panels.viewPanel(actorOf(request), id);
    const shown = errorsView(t, options.errors ?? {});
    if (options.errors) reply.code(400);
    const values = options.values ?? {};
    return reply.render(view('candidates'), {
      pageTitle: t(`panels:candidates.title.${panel.kind}`),
      flash: await takeFlash(request),
      errors: shown.fields,
      errorList: shown.errorList,
      panel: panelView(request, panel),
      candidates: candidates.map((c) => {
        const name = `staff-${c.id}`;
        const raw = values[name];
        return {
          ...c,
          field: name,
          value: typeof raw === 'string' ? raw : c.staffScore === null ? '' : String(c.staffScore),
        };
      }),
      label: typeof values.label === 'string' ? values.label : '',
      needsStaffScore: panel.userWeight < 100,
    });
  };

  app.get('/panels/:id/candidates', guarded, async (request, reply) => {
    const { id } = params<{ id: string }>(panelParams, request.params);
    return renderCandidates(request, reply, id);
  });

  app.post('/panels/:id/candidates', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const { id } = params<{ id: string }>(panelParams, request.params);
    await panels.viewPanel(actor, id);
    const parsed = parseCandidateForm(request.form);
    if (!parsed.ok)
      return renderCandidates(request, reply, id, { values: request.form, errors: parsed.errors });
    const added = await panels.addCandidate(actor, id, parsed.value.label);
    if (!added.ok)
      return renderCandidates(request, reply, id, { values: request.form, errors: added.errors });
    await flash(request, 'flash.candidateAdded');
    return reply.redirect(`/panels/${id}/candidates`, 303);
  });

  app.post('/panels/:id/candidates/:candidateId/remove', guarded, async (request, reply) => {
    const { id, candidateId } = params<{ id: string; candidateId: string }>(
      candidateParams,
      request.params,
    );
    const removed = await panels.removeCandidate(actorOf(request), id, candidateId);
    if (!removed.ok) return renderCandidates(request, reply, id, { errors: removed.errors });
    await flash(request, 'flash.candidateRemoved');
    return reply.redirect(`/panels/${id}/candidates`, 303);
  });

  app.post('/panels/:id/staff-scores', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const { id } = params<{ id: string }>(panelParams, request.params);
    const { candidates } = await panels.viewPanel(actor, id);
    const parsed = parseStaffScores(request.form, candidates);
    if (!parsed.ok)
      return renderCandidates(request, reply, id, { values: request.form, errors: parsed.errors });
    const saved = await panels.recordStaffScores(actor, id, parsed.value);
    if (!saved.ok)
      return renderCandidates(request, reply, id, { values: request.form, errors: saved.errors });
    await flash(request, 'flash.staffScoresSaved');
    return reply.redirect(`/panels/${id}/candidates`, 303);
  });

  // ---------------------------------------------------------------- a member's score sheet

  const renderScores = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    personId: string,
    options: { values?: Form; errors?: FieldErrors } = {},
  ) => {
    const t = request.t;
    const sheet = await panels.viewScoreSheet(actorOf(request), id, personId);
    const shown = errorsView(t, options.errors ?? {});
    if (options.errors) reply.code(400);
    const stored = new Map(
      sheet.scores.map((s) => [scoreField(s.candidateId, s.questionId), String(s.score)]),
    );
    const questions = sheet.questions.map((q) => ({
      ...q,
      text: local(request, q.textEn, q.textCy),
    }));
    return reply.render(view('scores'), {
      pageTitle: t('panels:scores.title', { name: sheet.member.displayName }),
      errors: shown.fields,
      errorList: shown.errorList,
      panel: panelView(request, sheet.panel),
      member: sheet.member,
      questions,
      candidates: sheet.candidates.map((c) => ({
        ...c,
        cells: questions.map((q) => {
          const name = scoreField(c.id, q.id);
          const raw = options.values?.[name];
          return {
            name,
            question: q,
            value: options.values ? (typeof raw === 'string' ? raw : '') : (stored.get(name) ?? ''),
          };
        }),
      })),
    });
  };

  app.get('/panels/:id/members/:personId/scores', guarded, async (request, reply) => {
    const { id, personId } = params<{ id: string; personId: string }>(memberParams, request.params);
    return renderScores(request, reply, id, personId);
  });

  app.post('/panels/:id/members/:personId/scores', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const { id, personId } = params<{ id: string; personId: string }>(memberParams, request.params);
    const { panel, questions, candidates } = await panels.viewPanel(actor, id);
    const parsed = parseScoreSheet(request.form, panel, candidates, questions);
    if (!parsed.ok)
      return renderScores(request, reply, id, personId, {
        values: request.form,
        errors: parsed.errors,
      });
    const saved = await panels.recordScores(actor, id, personId, parsed.value);
    if (!saved.ok)
      return renderScores(request, reply, id, personId, {
        values: request.form,
        errors: saved.errors,
      });
    await flash(request, 'flash.scoresSaved');
    return reply.redirect(`/panels/${id}/members`, 303);
  });

  // ---------------------------------------------------------------- results and closing

  app.get('/panels/:id/results', guarded, async (request, reply) => {
    const { id } = params<{ id: string }>(panelParams, request.params);
    const t = request.t;
    const { panel, questions, results, members } = await panels.panelResults(actorOf(request), id);
    return reply.render(view('results'), {
      pageTitle: t('panels:results.title'),
      panel: panelView(request, panel),
      members,
      questions: questions.map((q) => ({ ...q, text: local(request, q.textEn, q.textCy) })),
      results: results.map((r) => ({
        ...r,
        userScore: oneDecimal(r.userScore),
        staffScore: oneDecimal(r.staffScore),
        combined: oneDecimal(r.combined),
        questions: r.questions.map((q) => ({ ...q, mean: oneDecimal(q.mean) })),
      })),
      staffWeight: 100 - panel.userWeight,
    });
  });

  app.get('/panels/:id/close', guarded, async (request, reply) => {
    const { id } = params<{ id: string }>(panelParams, request.params);
    const { panel, members } = await panels.viewPanelWithMembers(actorOf(request), id);
    return reply.render(view('close'), {
      pageTitle: request.t('panels:close.title'),
      panel: panelView(request, panel),
      scorers: members.filter((m) => m.scored > 0).length,
      members: members.length,
    });
  });

  app.post('/panels/:id/close', guarded, async (request, reply) => {
    const { id } = params<{ id: string }>(panelParams, request.params);
    const result = await panels.closePanel(actorOf(request), id);
    await flash(request, result.closed ? 'flash.closed' : 'flash.alreadyClosed');
    return reply.redirect(`/panels/${id}`, 303);
  });
};

import crypto from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { panelKinds } from './tables.ts';
import { actorOf, authoriseAnywhere } from '#platform/http/guards.ts';
import { listQuery, panelParams, parsePanelForm, type Form, type PanelInput } from './schema.ts';
import type { Panel } from './service.ts';
import { pagination } from '#platform/http/pagination.ts';
import { DRAFT_KEY, view, guarded, panelPages } from './http.ts';
import { parsedOr404 } from '#platform/http/params.ts';
import type { Issue } from '#platform/validation/index.ts';

interface Draft {
  /** Chosen when the answers are first checked: confirming twice creates one panel. */
  id: string;
  values: Form;
  input: PanelInput;
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

/** Panels, staff side: the list, creating and editing a panel, and its page (panel.manage). */
export const panelsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { panels } = services;
  const { saveSession, flash, takeFlash, local, titleOf, panelView, shownErrors } =
    panelPages(services);

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
    options: { values: Form; errors?: Issue[]; panel?: Panel },
  ) => {
    const actor = actorOf(request);
    const t = request.t;
    const { values, panel } = options;
    const shown = shownErrors(request, reply, options.errors);
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
      ...shown,
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
    if (!parsed.ok) return renderForm(request, reply, { values, errors: parsed.issues });
    const organisation = (await panels.organisationsForPanels(actor)).find(
      (o) => o.id === parsed.value.organisationId,
    );
    if (!organisation)
      return renderForm(request, reply, {
        values,
        errors: [{ field: 'organisationId', message: 'panels:errors.organisationId' }],
      });
    const id = draftOf(request)?.id ?? crypto.randomUUID();
    await saveSession(request, { [DRAFT_KEY]: { id, values, input: parsed.value } });
    return reply.redirect('/panels/new/check', 303);
  });

  const renderCheck = async (
    request: FastifyRequest,
    reply: FastifyReply,
    draft: Draft,
    errors?: Issue[],
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
    const shown = shownErrors(request, reply, errors);
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
    if (!created.ok) return renderCheck(request, reply, draft, created.issues);
    await saveSession(request, { [DRAFT_KEY]: undefined });
    flash(request, 'flash.created');
    return reply.redirect(`/panels/${created.value}`, 303);
  });

  app.get('/panels/:id/edit', guarded, async (request, reply) => {
    const { id } = parsedOr404(panelParams, request.params);
    const { panel } = await panels.viewPanel(actorOf(request), id);
    if (panel.status !== 'open') return reply.redirect(`/panels/${id}`, 303);
    return renderForm(request, reply, { values: valuesOf(panel), panel });
  });

  app.post('/panels/:id/edit', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const { id } = parsedOr404(panelParams, request.params);
    const { panel } = await panels.viewPanel(actor, id);
    const values = { ...request.form, organisationId: panel.organisationId };
    const parsed = parsePanelForm(values);
    if (!parsed.ok) return renderForm(request, reply, { values, errors: parsed.issues, panel });
    const updated = await panels.updatePanel(actor, id, parsed.value);
    if (!updated.ok) return renderForm(request, reply, { values, errors: updated.issues, panel });
    flash(request, 'flash.updated');
    return reply.redirect(`/panels/${id}`, 303);
  });

  // ---------------------------------------------------------------- details

  app.get('/panels/:id', guarded, async (request, reply) => {
    const { id } = parsedOr404(panelParams, request.params);
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
};

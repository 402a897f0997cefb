import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TFunction } from 'i18next';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Language } from '#platform/i18n/i18n.ts';
import { choices, formErrors, type Issue } from '#platform/validation/index.ts';
import {
  DRAFT_KEY,
  escapeHtml,
  idOf,
  nameIn,
  parseWithMfa,
  saveSession,
  setFlash,
} from './http.ts';
import { childForm } from './schema.ts';
import type { Organisation, OrganisationDraft } from './service.ts';

const basePath = (parentId: string | null) =>
  parentId ? `/organisations/${parentId}/children/new` : '/organisations/new';

const draftOf = (request: FastifyRequest, parentId: string | null) => {
  const draft = request.session?.data[DRAFT_KEY] as OrganisationDraft | undefined;
  return draft && draft.parentId === parentId ? draft : undefined;
};

/** The form's values from a draft (when the person comes back to change it). */
const valuesOf = (draft: OrganisationDraft | undefined) => ({
  kind: draft?.kind,
  nameEn: draft?.nameEn ?? '',
  nameCy: draft?.nameCy ?? '',
  requiresMfa: draft ? (draft.requiresMfa ? 'yes' : 'no') : 'yes',
});

/** The check page's summary rows, each with a link back to its field. */
function checkRows(
  t: TFunction,
  lang: Language,
  parent: Organisation | null,
  draft: OrganisationDraft,
  platformAdmin: boolean,
) {
  const change = basePath(draft.parentId);
  const row = (
    field: string,
    hidden: string | null,
    value: { text: string } | { html: string },
  ) => ({
    key: { text: t(`organisations:fields.${field}.summary`) },
    value,
    ...(hidden
      ? {
          actions: {
            items: [
              {
                href: `${change}#${field}`,
                text: t('common:actions.change'),
                visuallyHiddenText: t(`organisations:check.${hidden}`),
              },
            ],
          },
        }
      : {}),
  });
  const mfa = draft.requiresMfa ? 'yes' : 'no';
  return [
    ...(parent
      ? [
          row('parent', null, { text: nameIn(parent, lang) }),
          row('kind', 'changeKind', { text: t(`organisations:kinds.${draft.kind}`) }),
        ]
      : []),
    row('nameEn', 'changeNameEn', { html: `<span lang="en">${escapeHtml(draft.nameEn)}</span>` }),
    row('nameCy', 'changeNameCy', { html: `<span lang="cy">${escapeHtml(draft.nameCy)}</span>` }),
    ...(platformAdmin
      ? [
          row('requiresMfa', 'changeRequiresMfa', {
            text: t(`organisations:fields.requiresMfa.${mfa}`),
          }),
        ]
      : []),
  ];
}

/** Adding an organisation: a nation, or one below another; a form, a check page, confirm. */
export function addingRoutes(app: FastifyInstance, services: Services) {
  const organisations = services.organisations;

  const renderNewForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    parent: Organisation | null,
    values: Record<string, unknown>,
    issues: Issue[] = [],
  ) => {
    const t = request.t;
    const errors = formErrors(t, issues);
    const parentName = parent ? nameIn(parent, request.lang) : null;
    const kinds = parent ? organisations.allowedChildKinds(parent.kind) : [];
    return reply.render('admin/organisations/views/new.njk', {
      pageTitle: parent
        ? t('organisations:new.titleChild', { parent: parentName })
        : t('organisations:new.titleNation'),
      parent: parent ? { id: parent.id, name: parentName } : null,
      action: basePath(parent?.id ?? null),
      back: parent ? `/organisations/${parent.id}` : '/organisations',
      kinds: parent
        ? choices(
            t,
            kinds,
            'organisations:kinds.',
            kinds.length === 1 ? kinds : (values.kind as string),
            { hints: 'organisations:kindHints.' },
          )
        : null,
      showMfa: actorOf(request).platformAdmin,
      values,
      errors: errors.fields,
      errorList: errors.errorList,
    });
  };

  /** Each step of the journey with the actor and the parent (null for a nation), checked. */
  type Step = (
    request: FastifyRequest,
    reply: FastifyReply,
    at: { actor: Actor; parent: Organisation | null; parentId: string | null },
  ) => Promise<unknown>;
  const withParent =
    (step: Step) =>
    async (request: FastifyRequest, reply: FastifyReply, parentId: string | null) => {
      const actor = actorOf(request);
      const parent = await organisations.parentForNew(actor, parentId);
      return step(request, reply, { actor, parent, parentId });
    };

  const showNewForm: Step = async (request, reply, { parent, parentId }) => {
    if (parent?.archivedAt) return reply.redirect(`/organisations/${parent.id}`, 303);
    return renderNewForm(request, reply, parent, valuesOf(draftOf(request, parentId)));
  };

  const submitNewForm: Step = async (request, reply, { actor, parent, parentId }) => {
    if (parent?.archivedAt) return reply.redirect(`/organisations/${parent.id}`, 303);
    const form = request.form;
    const values = {
      kind: parent ? form.kind : 'nation',
      nameEn: form.nameEn,
      nameCy: form.nameCy,
      requiresMfa: actor.platformAdmin ? form.requiresMfa : undefined,
    };
    const parsed = parseWithMfa(childForm, values, actor.platformAdmin);
    if (!parsed.ok) return renderNewForm(request, reply.code(400), parent, values, parsed.issues);
    const result = await organisations.draftOrganisation(
      actor,
      parentId,
      parsed.value,
      request.session?.data[DRAFT_KEY] as OrganisationDraft | undefined,
    );
    if (!result.ok) return renderNewForm(request, reply.code(400), parent, values, result.issues);
    await saveSession(services, request, { [DRAFT_KEY]: result.value });
    return reply.redirect(`${basePath(parentId)}/check`, 303);
  };

  const showCheck: Step = async (request, reply, { actor, parent, parentId }) => {
    const draft = draftOf(request, parentId);
    if (!draft) return reply.redirect(basePath(parentId), 303);
    const t = request.t;
    const change = basePath(parentId);
    return reply.render('admin/organisations/views/check.njk', {
      pageTitle: t('organisations:check.title'),
      rows: checkRows(t, request.lang, parent, draft, actor.platformAdmin),
      change,
      action: `${change}/check`,
    });
  };

  const confirmNew: Step = async (request, reply, { actor, parent, parentId }) => {
    const draft = draftOf(request, parentId);
    // nothing to confirm: already created (a repeated submit), or the session moved on
    if (!draft)
      return reply.redirect(parent ? `/organisations/${parent.id}` : '/organisations', 303);
    const result = await organisations.createOrganisation(actor, draft);
    if (!result.ok)
      return renderNewForm(request, reply.code(400), parent, valuesOf(draft), result.issues);
    await saveSession(services, request, { [DRAFT_KEY]: undefined });
    if (result.value.created) setFlash(request, 'organisations:flash.created', draft);
    return reply.redirect(`/organisations/${result.value.id}`, 303);
  };

  const steps = [
    ['', showNewForm, submitNewForm],
    ['/check', showCheck, confirmNew],
  ] as const;
  for (const [suffix, showStep, submitStep] of steps) {
    const show = withParent(showStep);
    const submit = withParent(submitStep);
    app.get(`/organisations/new${suffix}`, guarded, (request, reply) => show(request, reply, null));
    app.post(`/organisations/new${suffix}`, guarded, (request, reply) =>
      submit(request, reply, null),
    );
    app.get(`/organisations/:id/children/new${suffix}`, guarded, (request, reply) =>
      show(request, reply, idOf(request)),
    );
    app.post(`/organisations/:id/children/new${suffix}`, guarded, (request, reply) =>
      submit(request, reply, idOf(request)),
    );
  }
}

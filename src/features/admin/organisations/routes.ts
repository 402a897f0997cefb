import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TFunction } from 'i18next';
import type { Services } from '#app/services.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import { actorOf, authoriseAnywhere, requireActor } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import type { Language } from '#platform/i18n/i18n.ts';
import { can } from '#platform/permissions/policy.ts';
import type { OrganisationKind } from '#platform/db/schema.ts';
import {
  childForm,
  idParams,
  issuesOf,
  listQuery,
  mfaForm,
  namesForm,
  pageQuery,
  toFormErrors,
  type Issue,
} from './schema.ts';
import type { Organisation, OrganisationDraft } from './service.ts';
import { pagination } from '#platform/http/pagination.ts';
import { saveSessionData, takeSessionValue } from '#platform/http/session-data.ts';

const DRAFT_KEY = 'organisationDraft';
const FLASH_KEY = 'organisationsFlash';

interface Named {
  nameEn: string;
  nameCy: string;
}
const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const nameIn = (organisation: Named, lang: Language) =>
  lang === 'cy' ? organisation.nameCy : organisation.nameEn;

/** The id in the URL, or 404 for anything that is not one. */
function idOf(request: FastifyRequest) {
  const parsed = idParams.safeParse(request.params);
  if (!parsed.success) throw new HttpError(404);
  return parsed.data.id;
}

const saveSession = (services: Services, request: FastifyRequest, patch: Record<string, unknown>) =>
  saveSessionData(services.sessions, request, patch);

/** A success message for the next page, in whatever language that page is shown. */
const setFlash = (services: Services, request: FastifyRequest, key: string, organisation: Named) =>
  saveSession(services, request, {
    [FLASH_KEY]: { key, nameEn: organisation.nameEn, nameCy: organisation.nameCy },
  });

async function takeFlash(services: Services, request: FastifyRequest) {
  const flash = await takeSessionValue<{ key: string } & Named>(
    services.sessions,
    request,
    FLASH_KEY,
  );
  return flash ? request.t(flash.key, { name: nameIn(flash, request.lang) }) : undefined;
}

/** The list's pages, keeping its filters in each page's address. */
function pagesOf(
  t: TFunction,
  base: string,
  params: Record<string, string>,
  page: number,
  pageCount: number,
) {
  const href = (n: number) => {
    const query = new URLSearchParams({ ...params, ...(n > 1 ? { page: String(n) } : {}) });
    const text = query.toString();
    return text ? `${base}?${text}` : base;
  };
  return pagination(t, href, page, pageCount, 'organisations:pagination.label');
}

/** The ancestors above an organisation, linked when the actor may see them. */
function breadcrumbsFor(actor: Actor, organisation: Organisation, lang: Language) {
  return organisation.path.map((item) => ({
    text: nameIn(item, lang),
    href: can(actor, 'organisation.view', item) ? `/organisations/${item.id}` : null,
  }));
}

const kindItems = (t: TFunction, kinds: readonly OrganisationKind[], chosen?: string) =>
  kinds.map((kind) => ({
    value: kind,
    text: t(`organisations:kinds.${kind}`),
    hint: { text: t(`organisations:kindHints.${kind}`) },
    checked: chosen === kind || kinds.length === 1,
  }));

export const organisationsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const organisations = services.organisations;
  const guarded = { preHandler: requireActor };

  // ---- the list ---------------------------------------------------------------------------
  app.get('/organisations', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'organisation.view');
    const query = listQuery.parse(request.query);
    const result = await organisations.list(actor, {
      search: query.q,
      kind: query.kind,
      includeArchived: query.archived,
      page: query.page,
      lang: request.lang,
    });
    const t = request.t;
    const params: Record<string, string> = {};
    if (query.q) params.q = query.q;
    if (query.kind) params.kind = query.kind;
    if (query.archived) params.archived = '1';
    return reply.render('admin/organisations/views/list.njk', {
      pageTitle: t('organisations:list.title'),
      flash: await takeFlash(services, request),
      query,
      filtered: Boolean(query.q || query.kind || query.archived),
      canAddNation: actor.platformAdmin,
      total: result.total,
      rows: result.rows.map((row) => ({
        id: row.id,
        name: nameIn(row, request.lang),
        kind: row.kind,
        archived: row.archivedAt !== null,
        path: row.path.map((item) => nameIn(item, request.lang)),
      })),
      kindOptions: [
        { value: '', text: t('organisations:list.allKinds') },
        ...(['nation', 'region', 'area', 'provider', 'service', 'group'] as const).map((kind) => ({
          value: kind,
          text: t(`organisations:kinds.${kind}`),
          selected: query.kind === kind,
        })),
      ],
      pagination: pagesOf(t, '/organisations', params, result.page, result.pageCount),
    });
  });

  // ---- one organisation -------------------------------------------------------------------
  const renderShow = async (
    request: FastifyRequest,
    reply: FastifyReply,
    organisation: Organisation,
    options: { page: number; issues?: Issue[] },
  ) => {
    const actor = actorOf(request);
    const lang = request.lang;
    const [children, staff] = await Promise.all([
      organisations.children(organisation, options.page, lang),
      organisations.staffCounts(organisation),
    ]);
    const parent = organisation.path.at(-1);
    const errors = toFormErrors(request.t, options.issues ?? []);
    return reply.render('admin/organisations/views/show.njk', {
      pageTitle: nameIn(organisation, lang),
      flash: await takeFlash(services, request),
      errorList: errors.errorList,
      organisation,
      name: nameIn(organisation, lang),
      breadcrumbs: breadcrumbsFor(actor, organisation, lang),
      parent: parent
        ? {
            name: nameIn(parent, lang),
            href: can(actor, 'organisation.view', parent) ? `/organisations/${parent.id}` : null,
          }
        : null,
      canManage: can(actor, 'organisation.manage', organisation),
      canAddChildren: organisations.allowedChildKinds(organisation.kind).length > 0,
      children: {
        total: children.total,
        rows: children.rows.map((row) => ({
          id: row.id,
          name: nameIn(row, lang),
          kind: row.kind,
          archived: row.archivedAt !== null,
        })),
        pagination: pagesOf(
          request.t,
          `/organisations/${organisation.id}`,
          {},
          children.page,
          children.pageCount,
        ),
      },
      staff,
    });
  };

  app.get('/organisations/:id', guarded, async (request, reply) => {
    const organisation = await organisations.view(actorOf(request), idOf(request));
    const { page } = pageQuery.parse(request.query);
    return renderShow(request, reply, organisation, { page });
  });

  // ---- adding an organisation: a nation, or one below another ----------------------------
  const draftOf = (request: FastifyRequest, parentId: string | null) => {
    const draft = request.session?.data[DRAFT_KEY] as OrganisationDraft | undefined;
    return draft && draft.parentId === parentId ? draft : undefined;
  };
  const basePath = (parentId: string | null) =>
    parentId ? `/organisations/${parentId}/children/new` : '/organisations/new';

  const renderNewForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    parent: Organisation | null,
    values: Record<string, unknown>,
    issues: Issue[] = [],
  ) => {
    const t = request.t;
    const actor = actorOf(request);
    const errors = toFormErrors(t, issues);
    const parentName = parent ? nameIn(parent, request.lang) : null;
    return reply.render('admin/organisations/views/new.njk', {
      pageTitle: parent
        ? t('organisations:new.titleChild', { parent: parentName })
        : t('organisations:new.titleNation'),
      parent: parent ? { id: parent.id, name: parentName } : null,
      action: basePath(parent?.id ?? null),
      back: parent ? `/organisations/${parent.id}` : '/organisations',
      kinds: parent
        ? kindItems(t, organisations.allowedChildKinds(parent.kind), values.kind as string)
        : null,
      showMfa: actor.platformAdmin,
      values,
      errors: errors.fields,
      errorList: errors.errorList,
    });
  };

  const showNewForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    parentId: string | null,
  ) => {
    const actor = actorOf(request);
    const parent = await organisations.parentForNew(actor, parentId);
    if (parent?.archivedAt) return reply.redirect(`/organisations/${parent.id}`, 303);
    const draft = draftOf(request, parentId);
    return renderNewForm(request, reply, parent, {
      kind: draft?.kind,
      nameEn: draft?.nameEn ?? '',
      nameCy: draft?.nameCy ?? '',
      requiresMfa: draft ? (draft.requiresMfa ? 'yes' : 'no') : 'yes',
    });
  };

  const submitNewForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    parentId: string | null,
  ) => {
    const actor = actorOf(request);
    const parent = await organisations.parentForNew(actor, parentId);
    if (parent?.archivedAt) return reply.redirect(`/organisations/${parent.id}`, 303);
    const form = request.form;
    const values = {
      kind: parent ? form.kind : 'nation',
      nameEn: form.nameEn,
      nameCy: form.nameCy,
      requiresMfa: actor.platformAdmin ? form.requiresMfa : undefined,
    };
    const parsed = childForm.safeParse(values);
    const mfa = actor.platformAdmin ? mfaForm.safeParse(values) : null;
    const issues = [
      ...(parsed.success ? [] : issuesOf(parsed.error)),
      ...(mfa && !mfa.success ? issuesOf(mfa.error) : []),
    ];
    // list the fields in the order they appear on the page
    const order = ['form', 'kind', 'nameEn', 'nameCy', 'requiresMfa'];
    issues.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
    if (!parsed.success || (mfa && !mfa.success))
      return renderNewForm(request, reply.code(400), parent, values, issues);
    const result = await organisations.draftOrganisation(
      actor,
      parentId,
      { ...parsed.data, ...(mfa?.success ? { requiresMfa: mfa.data.requiresMfa } : {}) },
      request.session?.data[DRAFT_KEY] as OrganisationDraft | undefined,
    );
    if (!result.ok) return renderNewForm(request, reply.code(400), parent, values, result.issues);
    await saveSession(services, request, { [DRAFT_KEY]: result.value });
    return reply.redirect(`${basePath(parentId)}/check`, 303);
  };

  const showCheck = async (
    request: FastifyRequest,
    reply: FastifyReply,
    parentId: string | null,
  ) => {
    const actor = actorOf(request);
    const parent = await organisations.parentForNew(actor, parentId);
    const draft = draftOf(request, parentId);
    if (!draft) return reply.redirect(basePath(parentId), 303);
    const t = request.t;
    const change = basePath(parentId);
    const changeLink = (field: string, hidden: string) => ({
      items: [
        {
          href: `${change}#${field}`,
          text: t('common:actions.change'),
          visuallyHiddenText: t(`organisations:check.${hidden}`),
        },
      ],
    });
    const rows = [
      ...(parent
        ? [
            {
              key: { text: t('organisations:fields.parent.summary') },
              value: { text: nameIn(parent, request.lang) },
            },
            {
              key: { text: t('organisations:fields.kind.summary') },
              value: { text: t(`organisations:kinds.${draft.kind}`) },
              actions: changeLink('kind', 'changeKind'),
            },
          ]
        : []),
      {
        key: { text: t('organisations:fields.nameEn.summary') },
        value: { html: `<span lang="en">${escapeHtml(draft.nameEn)}</span>` },
        actions: changeLink('nameEn', 'changeNameEn'),
      },
      {
        key: { text: t('organisations:fields.nameCy.summary') },
        value: { html: `<span lang="cy">${escapeHtml(draft.nameCy)}</span>` },
        actions: changeLink('nameCy', 'changeNameCy'),
      },
      ...(actor.platformAdmin
        ? [
            {
              key: { text: t('organisations:fields.requiresMfa.summary') },
              value: {
                text: draft.requiresMfa
                  ? t('organisations:fields.requiresMfa.yes')
                  : t('organisations:fields.requiresMfa.no'),
              },
              actions: changeLink('requiresMfa', 'changeRequiresMfa'),
            },
          ]
        : []),
    ];
    return reply.render('admin/organisations/views/check.njk', {
      pageTitle: t('organisations:check.title'),
      rows,
      change,
      action: `${change}/check`,
    });
  };

  const confirmNew = async (
    request: FastifyRequest,
    reply: FastifyReply,
    parentId: string | null,
  ) => {
    const actor = actorOf(request);
    const parent = await organisations.parentForNew(actor, parentId);
    const draft = draftOf(request, parentId);
    // nothing to confirm: already created (a repeated submit), or the session moved on
    if (!draft)
      return reply.redirect(parent ? `/organisations/${parent.id}` : '/organisations', 303);
    const result = await organisations.createOrganisation(actor, draft);
    if (!result.ok) {
      const values = {
        kind: draft.kind,
        nameEn: draft.nameEn,
        nameCy: draft.nameCy,
        requiresMfa: draft.requiresMfa ? 'yes' : 'no',
      };
      return renderNewForm(request, reply.code(400), parent, values, result.issues);
    }
    await saveSession(services, request, {
      [DRAFT_KEY]: undefined,
      ...(result.value.created
        ? { [FLASH_KEY]: { key: 'organisations:flash.created', ...draft } }
        : {}),
    });
    return reply.redirect(`/organisations/${result.value.id}`, 303);
  };

  app.get('/organisations/new', guarded, (request, reply) => showNewForm(request, reply, null));
  app.post('/organisations/new', guarded, (request, reply) => submitNewForm(request, reply, null));
  app.get('/organisations/new/check', guarded, (request, reply) => showCheck(request, reply, null));
  app.post('/organisations/new/check', guarded, (request, reply) =>
    confirmNew(request, reply, null),
  );
  app.get('/organisations/:id/children/new', guarded, (request, reply) =>
    showNewForm(request, reply, idOf(request)),
  );
  app.post('/organisations/:id/children/new', guarded, (request, reply) =>
    submitNewForm(request, reply, idOf(request)),
  );
  app.get('/organisations/:id/children/new/check', guarded, (request, reply) =>
    showCheck(request, reply, idOf(request)),
  );
  app.post('/organisations/:id/children/new/check', guarded, (request, reply) =>
    confirmNew(request, reply, idOf(request)),
  );

  // ---- changing the names ------------------------------------------------------------------
  const renderEdit = (
    request: FastifyRequest,
    reply: FastifyReply,
    organisation: Organisation,
    values: Record<string, unknown>,
    issues: Issue[] = [],
  ) => {
    const errors = toFormErrors(request.t, issues);
    return reply.render('admin/organisations/views/edit.njk', {
      pageTitle: request.t('organisations:edit.title', {
        name: nameIn(organisation, request.lang),
      }),
      organisation,
      name: nameIn(organisation, request.lang),
      showMfa: actorOf(request).platformAdmin,
      values,
      errors: errors.fields,
      errorList: errors.errorList,
    });
  };

  app.get('/organisations/:id/edit', guarded, async (request, reply) => {
    const organisation = await organisations.forManagement(actorOf(request), idOf(request));
    if (organisation.archivedAt) return reply.redirect(`/organisations/${organisation.id}`, 303);
    return renderEdit(request, reply, organisation, {
      nameEn: organisation.nameEn,
      nameCy: organisation.nameCy,
      requiresMfa: organisation.requiresMfa ? 'yes' : 'no',
    });
  });

  app.post('/organisations/:id/edit', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const organisation = await organisations.forManagement(actor, idOf(request));
    if (organisation.archivedAt) return reply.redirect(`/organisations/${organisation.id}`, 303);
    const values = {
      nameEn: request.form.nameEn,
      nameCy: request.form.nameCy,
      requiresMfa: actor.platformAdmin ? request.form.requiresMfa : undefined,
    };
    const parsed = namesForm.safeParse(values);
    const mfa = actor.platformAdmin ? mfaForm.safeParse(values) : null;
    if (!parsed.success || (mfa && !mfa.success)) {
      const issues = [
        ...(parsed.success ? [] : issuesOf(parsed.error)),
        ...(mfa && !mfa.success ? issuesOf(mfa.error) : []),
      ];
      return renderEdit(request, reply.code(400), organisation, values, issues);
    }
    const result = await organisations.updateOrganisation(actor, organisation.id, {
      ...parsed.data,
      ...(mfa?.success ? { requiresMfa: mfa.data.requiresMfa } : {}),
    });
    if (!result.ok)
      return renderEdit(request, reply.code(400), organisation, values, result.issues);
    if (result.value.changed.length > 0)
      await setFlash(services, request, 'organisations:flash.updated', parsed.data);
    return reply.redirect(`/organisations/${organisation.id}`, 303);
  });

  // ---- archiving and restoring -------------------------------------------------------------
  const renderArchive = async (
    request: FastifyRequest,
    reply: FastifyReply,
    organisation: Organisation,
    issues: Issue[] = [],
  ) => {
    const errors = toFormErrors(request.t, issues);
    const children = await organisations.children(organisation, 1, request.lang);
    return reply.render('admin/organisations/views/archive.njk', {
      pageTitle: request.t('organisations:archive.title', {
        name: nameIn(organisation, request.lang),
      }),
      organisation,
      name: nameIn(organisation, request.lang),
      activeChildren: children.activeTotal,
      errorList: errors.errorList,
    });
  };

  app.get('/organisations/:id/archive', guarded, async (request, reply) => {
    const organisation = await organisations.forManagement(actorOf(request), idOf(request));
    if (organisation.archivedAt) return reply.redirect(`/organisations/${organisation.id}`, 303);
    return renderArchive(request, reply, organisation);
  });

  app.post('/organisations/:id/archive', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const organisation = await organisations.forManagement(actor, idOf(request));
    const result = await organisations.archiveOrganisation(actor, organisation.id);
    if (!result.ok) return renderArchive(request, reply.code(400), organisation, result.issues);
    if (result.value.archived)
      await setFlash(services, request, 'organisations:flash.archived', organisation);
    return reply.redirect(
      result.value.stillVisible ? `/organisations/${organisation.id}` : '/organisations',
      303,
    );
  });

  app.post('/organisations/:id/restore', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const organisation = await organisations.forManagement(actor, idOf(request));
    const result = await organisations.restoreOrganisation(actor, organisation.id);
    if (!result.ok)
      return renderShow(request, reply.code(400), organisation, { page: 1, issues: result.issues });
    if (result.value.restored)
      await setFlash(services, request, 'organisations:flash.restored', organisation);
    return reply.redirect(`/organisations/${organisation.id}`, 303);
  });
};

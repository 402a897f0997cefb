import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, authoriseAnywhere, guarded } from '#platform/http/guards.ts';
import { can } from '#platform/permissions/policy.ts';
import { choices, formErrors, type Issue } from '#platform/validation/index.ts';
import {
  breadcrumbsFor,
  idOf,
  nameIn,
  pagesOf,
  parseWithMfa,
  setFlash,
  takeFlash,
} from './http.ts';
import { addingRoutes } from './new-routes.ts';
import { listQuery, namesForm, pageQuery } from './schema.ts';
import type { Organisation } from './service.ts';
import { organisationKinds } from './tree.ts';

export const organisationsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const organisations = services.organisations;

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
        ...choices(t, organisationKinds, 'organisations:kinds.', query.kind, { select: true }),
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
    const errors = formErrors(request.t, options.issues ?? []);
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

  addingRoutes(app, services);

  // ---- changing the names ------------------------------------------------------------------
  const renderEdit = (
    request: FastifyRequest,
    reply: FastifyReply,
    organisation: Organisation,
    values: Record<string, unknown>,
    issues: Issue[] = [],
  ) => {
    const errors = formErrors(request.t, issues);
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
    const parsed = parseWithMfa(namesForm, values, actor.platformAdmin);
    if (!parsed.ok)
      return renderEdit(request, reply.code(400), organisation, values, parsed.issues);
    const result = await organisations.updateOrganisation(actor, organisation.id, parsed.value);
    if (!result.ok)
      return renderEdit(request, reply.code(400), organisation, values, result.issues);
    if (result.value.changed.length > 0)
      setFlash(request, 'organisations:flash.updated', parsed.value);
    return reply.redirect(`/organisations/${organisation.id}`, 303);
  });

  // ---- archiving and restoring -------------------------------------------------------------
  const renderArchive = async (
    request: FastifyRequest,
    reply: FastifyReply,
    organisation: Organisation,
    issues: Issue[] = [],
  ) => {
    const errors = formErrors(request.t, issues);
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
    if (result.value.archived) setFlash(request, 'organisations:flash.archived', organisation);
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
    if (result.value.restored) setFlash(request, 'organisations:flash.restored', organisation);
    return reply.redirect(`/organisations/${organisation.id}`, 303);
  });
};

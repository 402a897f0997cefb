import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TFunction } from 'i18next';
import type { Services } from '#platform/modules/contract.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import { actorOf, requireActor } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { pagination } from '#platform/http/pagination.ts';
import { canAnywhere } from '#platform/permissions/policy.ts';
import { activities, personKinds, personStatuses } from '../../tables.ts';
import { checks, options } from './form-choices.ts';
import { nameOf, organisationOptions, takeFlash, view, withNone } from './support.ts';
import { searchQuery, skills, trainings, weekdays, type SearchQuery } from '../schema.ts';

/** The query string of the list, without the page. */
function searchParams(query: SearchQuery) {
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

/** Whether a filter kept in the "more filters" details element is in use. */
const moreFiltersInUse = (query: SearchQuery) =>
  Boolean(
    query.organisation ||
    query.willing.length ||
    query.skill.length ||
    query.trained ||
    query.welsh ||
    query.day ||
    query.part,
  );

/** The list's filters: each select with "any" first, the checkboxes, the organisations. */
async function filterOptions(
  services: Services,
  request: FastifyRequest,
  actor: Actor,
  query: SearchQuery,
) {
  const t: TFunction = request.t;
  const organisations = await services.people.organisationsForRegistering(actor);
  return {
    kinds: withNone(t('people:list.anyKind'), options(t, 'kinds', personKinds, query.kind)),
    statuses: withNone(
      t('people:list.anyStatus'),
      options(t, 'statuses', personStatuses, query.status),
    ),
    organisations: withNone(
      t('people:list.anyOrganisation'),
      organisationOptions(request, organisations, query.organisation),
    ),
    willing: checks(t, 'activities', activities, query.willing),
    skills: checks(t, 'skills', skills, query.skill),
    trained: withNone(
      t('people:list.anyTraining'),
      options(t, 'trainings', trainings, query.trained),
    ),
    days: withNone(t('people:list.anyDay'), options(t, 'weekdays', weekdays, query.day)),
    parts: withNone(
      t('people:list.anyPart'),
      options(t, 'dayParts', ['morning', 'afternoon', 'evening'], query.part),
    ),
  };
}

/** The register: people the actor may see, searched and filtered, a page at a time. */
export function listRoutes(app: FastifyInstance, services: Services) {
  app.get('/people', { preHandler: requireActor }, async (request, reply) => {
    const actor = actorOf(request);
    if (!canAnywhere(actor, 'person.view') && !canAnywhere(actor, 'person.view_consented'))
      throw new HttpError(403);
    const query = searchQuery.parse(request.query);
    const result = await services.people.search(
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
    const params = searchParams(query);
    const pageHref = (n: number) => {
      const p = new URLSearchParams(params);
      if (n > 1) p.set('page', String(n));
      const text = p.toString();
      return text ? `/people?${text}` : '/people';
    };
    return reply.render(view('list'), {
      pageTitle: request.t('people:list.title'),
      flash: await takeFlash(services, request),
      query,
      filtered: params.toString() !== '',
      // the filters in "more filters" stay open while any of them is in use (issue 13)
      moreFiltersInUse: moreFiltersInUse(query),
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
      options: await filterOptions(services, request, actor, query),
      pagination: pagination(
        request.t,
        pageHref,
        result.page,
        result.pageCount,
        'people:pagination.label',
      ),
    });
  });
}

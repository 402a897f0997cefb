import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, authoriseAnywhere, guarded } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { pagination } from '#platform/http/pagination.ts';
import { keepFlash, takeFlash as takeKept } from '#platform/http/flash.ts';
import { formErrors, type Issue } from '#platform/validation/index.ts';
import { venueFeatures } from '../tables.ts';
import { listQuery, parseVenueForm, venueParams, type Form } from './schema.ts';
import type { Venue } from './service.ts';

const view = (name: string) => `meetings/venues/views/${name}.njk`;

/** The venue's id from the route, or 404. */
function venueId(request: FastifyRequest) {
  const parsed = venueParams.safeParse(request.params);
  if (!parsed.success) throw new HttpError(404);
  return parsed.data.id;
}

/** The form values of a stored venue (to fill the edit form). */
function valuesOf(venue: Venue): Form {
  return {
    organisationId: venue.organisationId,
    name: venue.name,
    address: venue.address,
    directionsEn: venue.directionsEn ?? '',
    directionsCy: venue.directionsCy ?? '',
    features: venueFeatures.filter((f) => venue[f]),
  };
}

/** Venues: the list, adding and changing one, its page, archiving and restoring it. */
export const venuesRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { venues } = services;
  const local = (request: FastifyRequest, en: string | null, cy: string | null) =>
    request.lang === 'cy' ? cy || en : en;
  /** A message for the page this request redirects to (only that page, in that tab). */
  const flash = (request: FastifyRequest, key: string) => {
    keepFlash(request, key);
  };
  const takeFlash = async (request: FastifyRequest) => {
    const key = await takeKept<string>(services.sessions, request);
    return key ? request.t(`venues:flash.${key}`) : undefined;
  };
  /** The organisations as a select's choices, after an empty first choice (the `none` key). */
  const organisationChoices = (
    request: FastifyRequest,
    none: string,
    organisations: { id: string; nameEn: string | null; nameCy: string | null }[],
    selected: Form[string],
  ) => [
    { value: '', text: request.t(none) },
    ...organisations.map((o) => ({
      value: o.id,
      text: local(request, o.nameEn, o.nameCy),
      selected: o.id === selected,
    })),
  ];
  /** The venue's features as short tags, in the form's order. */
  const tagsOf = (request: FastifyRequest, venue: Venue) =>
    venueFeatures.filter((f) => venue[f]).map((f) => request.t(`venues:features.${f}.tag`));

  app.get('/venues', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'meeting.view');
    const query = listQuery.parse(request.query);
    const t = request.t;
    const [result, organisations] = await Promise.all([
      venues.listVenues(
        actor,
        { organisationId: query.organisation, archived: query.archived },
        query.page,
      ),
      venues.organisationsToView(actor),
    ]);
    const search = new URLSearchParams();
    if (query.organisation) search.set('organisation', query.organisation);
    if (query.archived) search.set('archived', '1');
    return reply.render(view('list'), {
      pageTitle: t('venues:list.title'),
      flash: await takeFlash(request),
      canAdd: (await venues.organisationsToManage(actor)).length > 0,
      total: result.total,
      archived: query.archived,
      rows: result.rows.map((row) => ({
        ...row,
        organisationName: local(request, row.organisationNameEn, row.organisationNameCy),
        tags: tagsOf(request, row),
      })),
      filtered: search.toString() !== '',
      organisations: organisationChoices(
        request,
        'venues:list.anyOrganisation',
        organisations,
        query.organisation,
      ),
      pagination: pagination(
        t,
        (n) => {
          const p = new URLSearchParams(search);
          if (n > 1) p.set('page', String(n));
          return p.toString() ? `/venues?${p.toString()}` : '/venues';
        },
        result.page,
        result.pageCount,
        'venues:list.pagination',
      ),
    });
  });

  const renderForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { values: Form; errors?: Issue[]; venue?: Venue },
  ) => {
    const t = request.t;
    const { values, venue } = options;
    const errors = formErrors(t, options.errors ?? [], { features: 'features' });
    if (options.errors) reply.code(400);
    const organisations = venue ? [] : await venues.organisationsToManage(actorOf(request));
    const ticked = new Set(
      Array.isArray(values.features) ? values.features : values.features ? [values.features] : [],
    );
    return reply.render(view('form'), {
      pageTitle: venue ? t('venues:form.editTitle') : t('venues:form.newTitle'),
      action: venue ? `/venues/${venue.id}/edit` : '/venues/new',
      back: venue ? `/venues/${venue.id}` : '/venues',
      venue,
      values,
      errors: errors.fields,
      errorList: errors.errorList,
      organisations: organisationChoices(
        request,
        'venues:form.organisationId.choose',
        organisations,
        values.organisationId,
      ),
      features: venueFeatures.map((f) => ({
        value: f,
        text: t(`venues:features.${f}.label`),
        hint: { text: t(`venues:features.${f}.hint`) },
        checked: ticked.has(f),
      })),
    });
  };

  app.get('/venues/new', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'venue.manage');
    const organisations = await venues.organisationsToManage(actor);
    return renderForm(request, reply, {
      values: { organisationId: organisations.length === 1 ? organisations[0]!.id : '' },
    });
  });

  app.post('/venues/new', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'venue.manage');
    const values = request.form;
    const parsed = parseVenueForm(values);
    if (!parsed.ok) return renderForm(request, reply, { values, errors: parsed.issues });
    const created = await venues.createVenue(actor, parsed.value);
    if (!created.ok) return renderForm(request, reply, { values, errors: created.issues });
    flash(request, 'created');
    return reply.redirect(`/venues/${created.value}`, 303);
  });

  app.get('/venues/:id', guarded, async (request, reply) => {
    const id = venueId(request);
    const t = request.t;
    const { venue, meetings, canManage } = await venues.viewVenue(actorOf(request), id);
    return reply.render(view('show'), {
      pageTitle: venue.name,
      flash: await takeFlash(request),
      venue,
      canManage,
      organisationName: local(request, venue.organisationNameEn, venue.organisationNameCy),
      directions: local(request, venue.directionsEn, venue.directionsCy),
      features: venueFeatures.map((f) => ({
        label: t(`venues:features.${f}.label`),
        has: venue[f],
      })),
      meetings: meetings.map((m) => ({ ...m, title: local(request, m.titleEn, m.titleCy) })),
    });
  });

  app.get('/venues/:id/edit', guarded, async (request, reply) => {
    const venue = await venues.venueToManage(actorOf(request), venueId(request));
    return renderForm(request, reply, { values: valuesOf(venue), venue });
  });

  app.post('/venues/:id/edit', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const venue = await venues.venueToManage(actor, venueId(request));
    const values = { ...request.form, organisationId: venue.organisationId };
    const parsed = parseVenueForm(values);
    if (!parsed.ok) return renderForm(request, reply, { values, errors: parsed.issues, venue });
    await venues.updateVenue(actor, venue.id, parsed.value);
    flash(request, 'updated');
    return reply.redirect(`/venues/${venue.id}`, 303);
  });

  for (const action of ['archive', 'restore'] as const) {
    app.get(`/venues/:id/${action}`, guarded, async (request, reply) => {
      const venue = await venues.venueToManage(actorOf(request), venueId(request));
      return reply.render(view('archive'), {
        pageTitle: request.t(`venues:${action}.title`, { name: venue.name }),
        venue,
        action,
        done: (venue.archivedAt !== null) === (action === 'archive'),
      });
    });

    app.post(`/venues/:id/${action}`, guarded, async (request, reply) => {
      const actor = actorOf(request);
      const id = venueId(request);
      await (action === 'archive'
        ? venues.archiveVenue(actor, id)
        : venues.restoreVenue(actor, id));
      flash(request, action === 'archive' ? 'archived' : 'restored');
      return reply.redirect(`/venues/${id}`, 303);
    });
  }
};

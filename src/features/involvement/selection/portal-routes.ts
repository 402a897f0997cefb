import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { rungKey } from '../tables.ts';
import { HttpError } from '#platform/http/errors.ts';
import { personOf, personGuarded } from '#platform/http/guards.ts';
import { errorsForView, type flashes, one, pageOf, paginationFor } from './http.ts';
import { interestForm, isUuid, validate } from './schema.ts';
import { reasonForPerson } from './reasons.ts';
import type { FormIssues } from '../validation.ts';
import type { PortalPersonRow, SelectionService } from './service.ts';

const view = (name: string) => `involvement/selection/views/${name}.njk`;

/** What the person sees of their own application: a decision only once they have been told it. */
export function shownStatus(interest: { status: string; told_at: Date | null }) {
  if (interest.status === 'withdrawn' || interest.status === 'interested') return interest.status;
  return interest.told_at ? interest.status : 'interested';
}

/**
 * The people's portal: open opportunities for the signed-in person, one opportunity, saying
 * they are interested (with a note and the support they need) and changing their mind.
 */
export function selectionPortalRoutes(
  app: FastifyInstance,
  _services: Services,
  selection: SelectionService,
  flash: ReturnType<typeof flashes>,
) {
  const idOf = (request: FastifyRequest) => {
    const id = (request.params as { id: string }).id;
    if (!isUuid(id)) throw new HttpError(404);
    return id;
  };
  const me = (request: FastifyRequest) => selection.portalPerson(personOf(request).id);
  const lang = (request: FastifyRequest) => (request.lang === 'cy' ? 'cy' : 'en');

  app.get('/portal/opportunities', personGuarded, async (request, reply) => {
    const person = await me(request);
    const page = pageOf(request);
    const result = await selection.openOpportunities(person, page);
    const l = lang(request);
    return reply.render(view('portal-list'), {
      pageTitle: request.t('selection:portal.list.title'),
      paused: person.status !== 'active',
      personStatus: person.status,
      opportunities: result.rows.map((o) => ({
        ...o,
        title: l === 'cy' ? o.title_cy : o.title_en,
        organisation: l === 'cy' ? o.organisation_name_cy : o.organisation_name_en,
        rung: rungKey(o.rung),
      })),
      interests: result.interests.map((i) => ({
        ...i,
        title: l === 'cy' ? i.title_cy : i.title_en,
        shown: shownStatus(i),
      })),
      total: result.total,
      pagination: paginationFor(
        request,
        (n) => `/portal/opportunities?page=${String(n)}`,
        page,
        Math.max(1, Math.ceil(result.total / selection.PAGE_SIZE)),
      ),
      ...(await flash.take(request)),
    });
  });

  const renderOne = async (
    request: FastifyRequest,
    reply: FastifyReply,
    person: PortalPersonRow,
    id: string,
    state: { values?: Record<string, string>; errors?: FormIssues } = {},
  ) => {
    const { opportunity, interest } = await selection.portalOpportunity(person, id);
    const l = lang(request);
    const pick = (en: string | null, cy: string | null) => (l === 'cy' ? cy : en) ?? '';
    return reply.render(view('portal-opportunity'), {
      pageTitle: pick(opportunity.title_en, opportunity.title_cy),
      opportunity,
      text: {
        title: pick(opportunity.title_en, opportunity.title_cy),
        description: pick(opportunity.description_en, opportunity.description_cy),
        organisation: pick(opportunity.organisation_name_en, opportunity.organisation_name_cy),
        location: pick(opportunity.location_en, opportunity.location_cy),
        timeCommitment: pick(opportunity.time_commitment_en, opportunity.time_commitment_cy),
        payment: pick(opportunity.payment_details_en, opportunity.payment_details_cy),
        accessibility: pick(opportunity.accessibility_en, opportunity.accessibility_cy),
        closedGroup: pick(opportunity.closed_group_en, opportunity.closed_group_cy),
      },
      rung: rungKey(opportunity.rung),
      paused: person.status !== 'active',
      personStatus: person.status,
      interest: interest
        ? {
            ...interest,
            shown: shownStatus(interest),
            reason: reasonForPerson(request.t, interest),
          }
        : null,
      canWithdraw:
        interest !== undefined &&
        interest.status !== 'withdrawn' &&
        ['open', 'closed'].includes(opportunity.status),
      canApply:
        person.status === 'active' &&
        opportunity.open_for_person &&
        (!interest || interest.status === 'withdrawn'),
      values: state.values ?? { note: '', support: '' },
      ...errorsForView(request, state.errors ?? {}),
      ...(await flash.take(request)),
    });
  };

  app.get('/portal/opportunities/:id', personGuarded, async (request, reply) =>
    renderOne(request, reply, await me(request), idOf(request)),
  );

  app.post('/portal/opportunities/:id/interest', personGuarded, async (request, reply) => {
    const id = idOf(request);
    const person = await me(request);
    const values = { note: one(request.form, 'note'), support: one(request.form, 'support') };
    const parsed = validate(interestForm, values);
    if (!parsed.ok) return renderOne(request, reply, person, id, { values, errors: parsed.issues });
    const result = await selection.expressInterest(person, id, parsed.value);
    if (!result.ok)
      return renderOne(request, reply, person, id, {
        values,
        errors: { form: `selection:errors.interest.${result.error}` },
      });
    flash.set(request, 'selection:portal.interest.done');
    return reply.redirect(`/portal/opportunities/${id}`, 303);
  });

  app.post('/portal/opportunities/:id/withdraw', personGuarded, async (request, reply) => {
    const id = idOf(request);
    await selection.withdrawInterest(await me(request), id);
    flash.set(request, 'selection:portal.withdraw.done');
    return reply.redirect(`/portal/opportunities/${id}`, 303);
  });
}

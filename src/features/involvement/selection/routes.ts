import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { decisionReasons, rungKey } from '../tables.ts';
import { actorOf, authorise, guarded } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { can, type Permission } from '#platform/permissions/policy.ts';
import { errorsForView, flashes, one, pageOf, paginationFor } from './http.ts';
import { selectionPortalRoutes } from './portal-routes.ts';
import {
  isUuid,
  parseDecisions,
  recordInterestForm,
  validate,
  type DecisionValues,
} from './schema.ts';
import type { FormIssues } from '../validation.ts';
import { decidingStatuses, type OpportunityRow } from './service.ts';

const view = (name: string) => `involvement/selection/views/${name}.njk`;

/**
 * Selection (issue 4 item 3): staff record someone's interest in an opportunity, choose people
 * fairly on the selection screen with a reason for every decision, and tell them. The portal's
 * opportunity pages (portal-routes.ts) are where people say they are interested themselves.
 */
export const selectionRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { selection } = services;
  const flash = flashes(services);

  selectionPortalRoutes(app, services, selection, flash);

  /** The opportunity in the URL, if the actor holds the permission at its organisation (else 404/403). */
  async function opportunityFor(request: FastifyRequest, permission: Permission) {
    const id = (request.params as { id: string }).id;
    if (!isUuid(id)) throw new HttpError(404);
    const opportunity = await selection.findOpportunity(id);
    if (!opportunity) throw new HttpError(404);
    authorise(request, permission, {
      id: opportunity.organisation_id,
      ancestors: opportunity.ancestors,
    });
    return opportunity;
  }

  const titleOf = (request: FastifyRequest, o: OpportunityRow) =>
    request.lang === 'cy' ? o.title_cy : o.title_en;

  // ------------------------------------------------------------ recording interest

  const renderRecord = async (
    request: FastifyRequest,
    reply: FastifyReply,
    opportunity: OpportunityRow,
    values: Record<string, string>,
    errors: FormIssues = {},
  ) => {
    const actor = actorOf(request);
    const q = values.q?.trim() ?? '';
    const found = q
      ? await services.people.search(
          actor,
          { name: q, organisationId: opportunity.organisation_id },
          1,
        )
      : null;
    return reply.render(view('record-interest'), {
      pageTitle: request.t('selection:record.title'),
      opportunity,
      title: titleOf(request, opportunity),
      taking: decidingStatuses.includes(opportunity.status),
      canSelect: can(actor, 'selection.manage', {
        id: opportunity.organisation_id,
        ancestors: opportunity.ancestors,
      }),
      values: { ...values, q },
      results: found?.rows ?? [],
      more: found ? found.total > found.rows.length : false,
      ...errorsForView(request, errors),
      ...(await flash.take(request)),
    });
  };

  app.get('/opportunities/:id/interests/new', guarded, async (request, reply) => {
    const opportunity = await opportunityFor(request, 'interest.record');
    const q = one(request.query as Record<string, unknown>, 'q').slice(0, 100);
    return renderRecord(request, reply, opportunity, { q, method: 'staff' });
  });

  app.post('/opportunities/:id/interests', guarded, async (request, reply) => {
    const opportunity = await opportunityFor(request, 'interest.record');
    const form = request.form;
    const values = {
      q: one(form, 'q').slice(0, 100),
      personId: one(form, 'personId'),
      method: one(form, 'method'),
      note: one(form, 'note'),
      support: one(form, 'support'),
    };
    const parsed = validate(recordInterestForm, values);
    if (!parsed.ok) return renderRecord(request, reply, opportunity, values, parsed.issues);
    const result = await selection.recordInterest(actorOf(request), opportunity, parsed.value);
    if (!result.ok) return renderRecord(request, reply, opportunity, values, result.errors);
    flash.set(request, 'selection:record.done', { name: result.personName });
    // staff who cannot choose people go back to record another
    const canSelect = can(actorOf(request), 'selection.manage', {
      id: opportunity.organisation_id,
      ancestors: opportunity.ancestors,
    });
    return reply.redirect(
      `/opportunities/${opportunity.id}/${canSelect ? 'selection' : 'interests/new'}`,
      303,
    );
  });

  // ------------------------------------------------------------ the selection screen

  const renderScreen = async (
    request: FastifyRequest,
    reply: FastifyReply,
    opportunity: OpportunityRow,
    page: number,
    state: { values?: Record<string, DecisionValues>; errors?: FormIssues } = {},
  ) => {
    const actor = actorOf(request);
    const screen = await selection.selectionScreen(actor, opportunity, page);
    const t = request.t;
    const applicants = screen.applicants.map((a) => {
      const typed = state.values?.[a.id];
      const status = typed ? typed.status : a.status === 'interested' ? '' : a.status;
      const reason = typed ? typed.reason : (a.decision_reason ?? '');
      return {
        ...a,
        value: {
          status,
          reason,
          reasonForPerson: typed ? typed.reasonForPerson : (a.decision_reason_for_person ?? ''),
          note: typed ? typed.note : (a.decision_note ?? ''),
        },
        language: t(`selection:screen.languages.${a.preferred_language}`),
        reasonItems: [
          { value: '', text: t('selection:screen.chooseReason') },
          ...decisionReasons.map((r) => ({
            value: r,
            text: t(`involvement:decisionReasons.${r}`),
            selected: r === reason,
          })),
        ],
      };
    });
    return reply.render(view('selection'), {
      pageTitle: t('selection:screen.title'),
      opportunity,
      title: titleOf(request, opportunity),
      rung: rungKey(opportunity.rung),
      deciding: decidingStatuses.includes(opportunity.status),
      canRecord: can(actor, 'interest.record', {
        id: opportunity.organisation_id,
        ancestors: opportunity.ancestors,
      }),
      organisationName:
        request.lang === 'cy' ? opportunity.organisation_name_cy : opportunity.organisation_name_en,
      applicants,
      counts: screen.counts,
      toTell: screen.toTell,
      spread: screen.spread,
      page,
      pagination: paginationFor(
        request,
        (n) => `/opportunities/${opportunity.id}/selection?page=${String(n)}`,
        page,
        screen.pageCount,
      ),
      ...errorsForView(request, state.errors ?? {}),
      ...(await flash.take(request)),
    });
  };

  app.get('/opportunities/:id/selection', guarded, async (request, reply) => {
    const opportunity = await opportunityFor(request, 'selection.manage');
    return renderScreen(request, reply, opportunity, pageOf(request));
  });

  app.post('/opportunities/:id/selection', guarded, async (request, reply) => {
    const opportunity = await opportunityFor(request, 'selection.manage');
    const rawPage = one(request.form, 'page');
    const page = /^\d{1,5}$/.test(rawPage) ? Math.max(1, Number(rawPage)) : 1;
    const { values, result } = parseDecisions(request.form);
    if (!result.ok)
      return renderScreen(request, reply, opportunity, page, { values, errors: result.issues });
    const saved = await selection.decide(actorOf(request), opportunity, result.value);
    if (!saved.ok)
      return renderScreen(request, reply, opportunity, page, { values, errors: saved.errors });
    flash.set(request, 'selection:screen.saved', { count: saved.changed });
    return reply.redirect(
      `/opportunities/${opportunity.id}/selection${page > 1 ? `?page=${String(page)}` : ''}`,
      303,
    );
  });

  app.post('/opportunities/:id/selection/tell', guarded, async (request, reply) => {
    const opportunity = await opportunityFor(request, 'selection.manage');
    const summary = await selection.tellPeople(actorOf(request), opportunity);
    flash.set(
      request,
      summary.queued + summary.blocked === 0 ? 'selection:tell.nobody' : 'selection:tell.done',
      { count: summary.queued, blocked: summary.blocked },
    );
    return reply.redirect(`/opportunities/${opportunity.id}/selection`, 303);
  });
};

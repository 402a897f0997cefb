import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { londonParts } from '#platform/time/london.ts';
import type { Form, Issue } from '#platform/validation/index.ts';
import { renderConflict } from '../forms.ts';
import { transitions, type Transition } from './commands.ts';
import { claimFormModel, dayValues, lineValues } from './form.ts';
import { purposeOf, purposeValue } from './purposes.ts';
import { claimParams, lineParams, newClaimQuery, parseDraftForm, versionForm } from './schema.ts';

const view = (name: string) => `money/claims/views/${name}.njk`;

const purposeIssue: Issue = { field: 'for', message: 'claims:errors.purpose' };

/**
 * Making a claim on a person's behalf (money.claim), changing a draft or returned one, and
 * submitting or withdrawing one.
 */
export const claimChangeRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { claims } = services;

  const newQuery = (request: FastifyRequest) => {
    const query = newClaimQuery.safeParse(request.query);
    if (!query.success) throw new HttpError(404);
    return query.data;
  };

  const renderNew = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { values?: Form; issues?: Issue[] } = {},
  ) => {
    const { organisationId, personId } = newQuery(request);
    const form = await claims.draftForm(actorOf(request), organisationId, personId);
    if (options.issues) reply.code(400);
    return reply.render(view('new'), {
      pageTitle: request.t('claims:new.title'),
      personName: form.name,
      action: `/money/claims/new?organisationId=${organisationId}&personId=${personId}`,
      ...claimFormModel(request, {
        paymentRates: form.paymentRates,
        purposes: form.purposes,
        values: options.values ?? dayValues(londonParts(new Date()).date),
        issues: options.issues,
      }),
    });
  };

  app.get('/money/claims/new', guarded, (request, reply) => renderNew(request, reply));

  app.post('/money/claims/new', guarded, async (request, reply) => {
    const query = newQuery(request);
    const values = request.form;
    const form = await claims.draftForm(actorOf(request), query.organisationId, query.personId);
    const purpose = purposeOf(typeof values.for === 'string' ? values.for : '', form.purposes);
    const parsed = parseDraftForm(values);
    if (!parsed.ok || !purpose) {
      const issues = [...(purpose ? [] : [purposeIssue]), ...(parsed.ok ? [] : parsed.issues)];
      return renderNew(request, reply, { values, issues });
    }
    const made = await claims.createDraft(actorOf(request), {
      ...query,
      ...purpose,
      ...parsed.value,
    });
    if (!made.ok) return renderNew(request, reply, { values, issues: made.issues });
    if (values.action === 'submit') {
      await claims.moveClaim(actorOf(request), made.value, 1, 'submit');
    }
    return reply.redirect(`/money/claims/${made.value}`, 303);
  });

  const claimIdOf = (request: FastifyRequest) => {
    const params = claimParams.safeParse(request.params);
    if (!params.success) throw new HttpError(404);
    return params.data.claimId;
  };

  const renderChanged = (request: FastifyRequest, reply: FastifyReply, claimId: string) =>
    renderConflict(request, reply, view('changed'), 'claims:changed.title', { claimId });

  const renderEdit = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { values?: Form; issues?: Issue[] } = {},
  ) => {
    const claimId = claimIdOf(request);
    const form = await claims.changeForm(actorOf(request), claimId);
    if (!form.changeable) return renderChanged(request, reply, claimId);
    if (options.issues) reply.code(400);
    const { claim } = form;
    return reply.render(view('new'), {
      pageTitle: request.t('claims:edit.title'),
      personName: form.name,
      action: `/money/claims/${claim.id}/edit`,
      editing: true,
      version: options.values?.version ?? claim.version,
      ...claimFormModel(request, {
        paymentRates: form.paymentRates,
        purposes: form.purposes,
        keptPurpose: form.keptPurpose,
        values: options.values ?? {
          ...dayValues(claim.occurredOn),
          ...lineValues(claim.lines),
          for: purposeValue(claim),
          ...(claim.isAdvance ? { isAdvance: 'yes' } : {}),
        },
        issues: options.issues,
      }),
    });
  };

  app.get('/money/claims/:claimId/edit', guarded, (request, reply) => renderEdit(request, reply));

  app.post('/money/claims/:claimId/edit', guarded, async (request, reply) => {
    const claimId = claimIdOf(request);
    const values = request.form;
    const form = await claims.changeForm(actorOf(request), claimId);
    const purpose = purposeOf(
      typeof values.for === 'string' ? values.for : '',
      form.purposes,
      form.keptPurpose,
    );
    const parsed = parseDraftForm(values);
    if (!parsed.ok || !purpose) {
      const issues = [...(purpose ? [] : [purposeIssue]), ...(parsed.ok ? [] : parsed.issues)];
      return renderEdit(request, reply, { values, issues });
    }
    const version = versionForm.safeParse(values);
    const changed = await claims.changeDraft(
      actorOf(request),
      claimId,
      version.success ? version.data.version : 0,
      { ...purpose, ...parsed.value },
    );
    if (!changed.ok) return renderEdit(request, reply, { values, issues: changed.issues });
    if (!changed.value) return renderChanged(request, reply, claimId);
    if (values.action === 'submit') {
      await claims.moveClaim(actorOf(request), claimId, form.claim.version + 1, 'submit');
    }
    return reply.redirect(`/money/claims/${claimId}`, 303);
  });

  app.post('/money/claims/:claimId/lines/:lineId/seen', guarded, async (request, reply) => {
    const params = lineParams.safeParse(request.params);
    if (!params.success) throw new HttpError(404);
    const { claimId, lineId } = params.data;
    const seen = await claims.markReceiptSeen(actorOf(request), claimId, lineId);
    if (!seen) return renderChanged(request, reply, claimId);
    return reply.redirect(`/money/claims/${claimId}`, 303);
  });

  for (const change of Object.keys(transitions) as Transition[]) {
    app.post(`/money/claims/:claimId/${change}`, guarded, async (request, reply) => {
      const claimId = claimIdOf(request);
      const form = versionForm.safeParse(request.form);
      // an unreadable version still goes through the checks of who may, then changes nothing
      const version = form.success ? form.data.version : 0;
      const moved = await claims.moveClaim(actorOf(request), claimId, version, change);
      if (!moved) return renderChanged(request, reply, claimId);
      return reply.redirect(`/money/claims/${claimId}`, 303);
    });
  }
};

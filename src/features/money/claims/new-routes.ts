import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { londonParts } from '#platform/time/london.ts';
import { formErrors, type Form, type Issue } from '#platform/validation/index.ts';
import { formatPence } from '../pence.ts';
import { transitions, type Transition } from './commands.ts';
import {
  claimParams,
  lineParams,
  LINE_ROWS,
  newClaimQuery,
  parseDraftForm,
  versionForm,
} from './schema.ts';
import { expenseKinds } from './tables.ts';

const view = (name: string) => `money/claims/views/${name}.njk`;

/** Making a claim on a person's behalf (money.claim), and submitting or withdrawing one. */
export const claimChangeRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { claims } = services;

  const renderNew = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { values?: Form; issues?: Issue[] } = {},
  ) => {
    const query = newClaimQuery.safeParse(request.query);
    if (!query.success) throw new HttpError(404);
    const { organisationId, personId } = query.data;
    const { t, lang } = request;
    const form = await claims.draftForm(actorOf(request), organisationId, personId);
    const [year, month, day] = londonParts(new Date()).date.split('-');
    const values = options.values ?? {
      'occurredOn-day': String(Number(day)),
      'occurredOn-month': String(Number(month)),
      'occurredOn-year': year,
    };
    const errors = formErrors(t, options.issues ?? [], { occurredOn: 'occurredOn-day' });
    if (options.issues) reply.code(400);
    const value = (field: string) => (typeof values[field] === 'string' ? values[field] : '');
    const kinds = [
      ...expenseKinds.map((k) => ({ value: k, text: t(`claims:kinds.${k}`) })),
      ...form.paymentRates.map((r, i) => ({
        value: `rate:${i}`,
        text: t('claims:new.rate', {
          activity: lang === 'cy' ? r.activityCy || r.activityEn : r.activityEn,
          unit: t(`claims:units.${r.unit}`),
          amount: formatPence(r.amountPence, lang),
        }),
      })),
    ];
    return reply.render(view('new'), {
      pageTitle: t('claims:new.title'),
      personName: form.name,
      action: `/money/claims/new?organisationId=${organisationId}&personId=${personId}`,
      values,
      errors: errors.fields,
      errorList: errors.errorList,
      lines: Array.from({ length: LINE_ROWS }, (_, i) => {
        const n = i + 1;
        return {
          n,
          error: errors.fields[`line-${n}`],
          kinds: [
            { value: '', text: t('claims:new.choose') },
            ...kinds.map((k) => ({ ...k, selected: value(`kind-${n}`) === k.value })),
          ],
          vehicles: (['car', 'motorbike', 'bicycle'] as const).map((v) => ({
            value: v,
            text: t(`claims:vehicles.${v}`),
            selected: value(`vehicle-${n}`) === v,
          })),
          amount: value(`amount-${n}`),
          miles: value(`miles-${n}`),
          units: value(`units-${n}`),
          reason: value(`reason-${n}`),
        };
      }),
    });
  };

  app.get('/money/claims/new', guarded, (request, reply) => renderNew(request, reply));

  app.post('/money/claims/new', guarded, async (request, reply) => {
    const query = newClaimQuery.safeParse(request.query);
    if (!query.success) throw new HttpError(404);
    const values = request.form;
    const parsed = parseDraftForm(values);
    if (!parsed.ok) return renderNew(request, reply, { values, issues: parsed.issues });
    const made = await claims.createDraft(actorOf(request), { ...query.data, ...parsed.value });
    if (!made.ok) return renderNew(request, reply, { values, issues: made.issues });
    if (values.action === 'submit') {
      await claims.moveClaim(actorOf(request), made.value, 1, 'submit');
    }
    return reply.redirect(`/money/claims/${made.value}`, 303);
  });

  app.post('/money/claims/:claimId/lines/:lineId/seen', guarded, async (request, reply) => {
    const params = lineParams.safeParse(request.params);
    if (!params.success) throw new HttpError(404);
    const { claimId, lineId } = params.data;
    const seen = await claims.markReceiptSeen(actorOf(request), claimId, lineId);
    if (!seen) {
      reply.code(409);
      return reply.render(view('changed'), {
        pageTitle: request.t('claims:changed.title'),
        claimId,
      });
    }
    return reply.redirect(`/money/claims/${claimId}`, 303);
  });

  for (const change of Object.keys(transitions) as Transition[]) {
    app.post(`/money/claims/:claimId/${change}`, guarded, async (request, reply) => {
      const params = claimParams.safeParse(request.params);
      if (!params.success) throw new HttpError(404);
      const form = versionForm.safeParse(request.form);
      // an unreadable version still goes through the checks of who may, then changes nothing
      const version = form.success ? form.data.version : 0;
      const moved = await claims.moveClaim(actorOf(request), params.data.claimId, version, change);
      if (!moved) {
        reply.code(409);
        return reply.render(view('changed'), {
          pageTitle: request.t('claims:changed.title'),
          claimId: params.data.claimId,
        });
      }
      return reply.redirect(`/money/claims/${params.data.claimId}`, 303);
    });
  }
};

import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { keepFlash, takeFlash } from '#platform/http/flash.ts';
import { formatDate } from '#platform/views/views.ts';
import { choices, formErrors, type Form, type Issue } from '#platform/validation/index.ts';
import { formatPence } from '../pence.ts';
import type { FloatRow } from './repository.ts';
import {
  claimParams,
  floatParams,
  organisationParams,
  parseFloatForm,
  parsePayForm,
  parseReconcileForm,
  parseReverseForm,
  parseTopUpForm,
} from './schema.ts';
import { payMethods } from './tables.ts';

const view = (name: string) => `money/payments/views/${name}.njk`;

const paramsOf = <T>(
  schema: { safeParse(v: unknown): { success: boolean; data?: T } },
  request: FastifyRequest,
) => {
  const parsed = schema.safeParse(request.params);
  if (!parsed.success) throw new HttpError(404);
  return parsed.data as T;
};

const claimNumber = (n: number) => `C-${String(n).padStart(6, '0')}`;

/** Paying a claim (/money/claims/:id/pay) and cash floats (/money/floats/:organisationId). */
export const paymentsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { payments } = services;
  const flashText = async (request: FastifyRequest) => {
    const key = await takeFlash<string>(services.sessions, request);
    return key ? request.t(`payments:flash.${key}`) : undefined;
  };

  const renderPay = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Form,
    issues?: Issue[],
  ) => {
    const { t, lang } = request;
    const { id } = paramsOf<{ id: string }>(claimParams, request);
    const { claim, amounts, floats } = await payments.claimToPay(actorOf(request), id);
    const errors = formErrors(t, issues ?? [], { paidOn: 'paidOn-day' });
    if (issues) reply.code(400);
    const [year, month, day] = payments.today().split('-');
    return reply.render(view('pay'), {
      pageTitle: t('payments:pay.title', { number: claimNumber(claim.number) }),
      claimId: claim.id,
      approved: claim.status === 'approved',
      batchHref:
        claim.status === 'approved' && claim.batch_id ? `/money/batches/${claim.batch_id}` : null,
      paid: claim.status === 'paid',
      flash: await flashText(request),
      occurredOn: formatDate(claim.occurred_on, lang),
      expenses: formatPence(amounts.expensesPence, lang),
      payment: formatPence(amounts.paymentPence, lang),
      values: { 'paidOn-day': day, 'paidOn-month': month, 'paidOn-year': year, ...values },
      errors: errors.fields,
      errorList: errors.errorList,
      methods: choices(
        t,
        payMethods,
        'payments:methods.',
        typeof values.method === 'string' ? values.method : null,
      ),
      floats: floats.map((f) => ({ value: f.id, text: f.name, selected: values.floatId === f.id })),
    });
  };

  app.get('/money/claims/:id/pay', guarded, async (request, reply) =>
    renderPay(request, reply, {}),
  );

  app.post('/money/claims/:id/pay', guarded, async (request, reply) => {
    const { id } = paramsOf<{ id: string }>(claimParams, request);
    const parsed = parsePayForm(request.form);
    if (!parsed.ok) return renderPay(request, reply, request.form, parsed.issues);
    const paid = await payments.payClaim(actorOf(request), id, parsed.value);
    if ('conflict' in paid) {
      reply.code(409);
      return reply.render(view('conflict'), { pageTitle: request.t('payments:conflict.title') });
    }
    if (!paid.ok) return renderPay(request, reply, request.form, paid.issues);
    keepFlash(request, 'paid');
    return reply.redirect(`/money/claims/${id}/pay`, 303);
  });

  const renderReverse = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Form,
    issues?: Issue[],
  ) => {
    const { t, lang } = request;
    const { id } = paramsOf<{ id: string }>(claimParams, request);
    const { claim, payment } = await payments.claimToReverse(actorOf(request), id);
    if (!payment) throw new HttpError(404);
    const errors = formErrors(t, issues ?? []);
    if (issues) reply.code(400);
    return reply.render(view('reverse'), {
      pageTitle: t('payments:reverse.title', { number: claimNumber(claim.number) }),
      claimId: claim.id,
      method: t(`payments:methods.${payment.method}`),
      paidOn: formatDate(payment.paid_on, lang),
      amount: formatPence(payment.expenses_pence + payment.payment_pence, lang),
      values,
      errors: errors.fields,
      errorList: errors.errorList,
    });
  };

  app.get('/money/claims/:id/reverse', guarded, async (request, reply) =>
    renderReverse(request, reply, {}),
  );

  app.post('/money/claims/:id/reverse', guarded, async (request, reply) => {
    const { id } = paramsOf<{ id: string }>(claimParams, request);
    const parsed = parseReverseForm(request.form);
    if (!parsed.ok) return renderReverse(request, reply, request.form, parsed.issues);
    if (!(await payments.reversePayment(actorOf(request), id, parsed.value))) {
      reply.code(409);
      return reply.render(view('conflict'), { pageTitle: request.t('payments:conflict.title') });
    }
    keepFlash(request, 'reversed');
    return reply.redirect(`/money/claims/${id}/pay`, 303);
  });

  const floatRow = (request: FastifyRequest, f: FloatRow) => ({
    ...f,
    openedOn: formatDate(f.opened_on, request.lang),
    opening: formatPence(f.opening_pence, request.lang),
    topUpsText: formatPence(f.topUps, request.lang),
    paidText: formatPence(f.paid, request.lang),
    expectedText: formatPence(f.expected, request.lang),
    countedText: f.counted_pence === null ? '' : formatPence(f.counted_pence, request.lang),
  });

  const renderFloats = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Form,
    issues?: Issue[],
  ) => {
    const { t, lang } = request;
    const { organisationId } = paramsOf<{ organisationId: string }>(organisationParams, request);
    const { organisation, floats } = await payments.floats(actorOf(request), organisationId);
    const errors = formErrors(t, issues ?? []);
    if (issues) reply.code(400);
    return reply.render(view('floats'), {
      pageTitle: t('payments:floats.title'),
      organisationId: organisation.id,
      organisationName:
        lang === 'cy' ? organisation.name_cy || organisation.name_en : organisation.name_en,
      flash: await flashText(request),
      floats: floats.map((f) => floatRow(request, f)),
      values,
      errors: errors.fields,
      errorList: errors.errorList,
    });
  };

  app.get('/money/floats/:organisationId', guarded, async (request, reply) =>
    renderFloats(request, reply, {}),
  );

  app.post('/money/floats/:organisationId', guarded, async (request, reply) => {
    const { organisationId } = paramsOf<{ organisationId: string }>(organisationParams, request);
    const parsed = parseFloatForm(request.form);
    if (!parsed.ok) return renderFloats(request, reply, request.form, parsed.issues);
    await payments.openFloat(actorOf(request), organisationId, parsed.value);
    keepFlash(request, 'opened');
    return reply.redirect(`/money/floats/${organisationId}`, 303);
  });

  const renderReconcile = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Form,
    issues?: Issue[],
  ) => {
    const { t } = request;
    const { organisationId, floatId } = paramsOf<{ organisationId: string; floatId: string }>(
      floatParams,
      request,
    );
    const { float } = await payments.floatToReconcile(actorOf(request), organisationId, floatId);
    const errors = formErrors(t, issues ?? []);
    if (issues) reply.code(400);
    return reply.render(view('reconcile'), {
      pageTitle: t('payments:reconcile.title', { name: float.name }),
      organisationId,
      float: floatRow(request, float),
      flash: await flashText(request),
      values,
      errors: errors.fields,
      errorList: errors.errorList,
    });
  };

  app.post('/money/floats/:organisationId/:floatId/top-up', guarded, async (request, reply) => {
    const { organisationId, floatId } = paramsOf<{ organisationId: string; floatId: string }>(
      floatParams,
      request,
    );
    const parsed = parseTopUpForm(request.form);
    if (!parsed.ok) return renderReconcile(request, reply, request.form, parsed.issues);
    await payments.topUpFloat(actorOf(request), organisationId, floatId, parsed.value);
    keepFlash(request, 'toppedUp');
    return reply.redirect(`/money/floats/${organisationId}/${floatId}/reconcile`, 303);
  });

  app.get('/money/floats/:organisationId/:floatId/reconcile', guarded, async (request, reply) =>
    renderReconcile(request, reply, {}),
  );

  app.post('/money/floats/:organisationId/:floatId/reconcile', guarded, async (request, reply) => {
    const { organisationId, floatId } = paramsOf<{ organisationId: string; floatId: string }>(
      floatParams,
      request,
    );
    const parsed = parseReconcileForm(request.form);
    if (!parsed.ok) return renderReconcile(request, reply, request.form, parsed.issues);
    const done = await payments.reconcileFloat(
      actorOf(request),
      organisationId,
      floatId,
      parsed.value,
    );
    if (!done.ok) return renderReconcile(request, reply, request.form, done.issues);
    keepFlash(request, done.value === 0 ? 'reconciled' : 'reconciledDifference');
    return reply.redirect(`/money/floats/${organisationId}`, 303);
  });
};

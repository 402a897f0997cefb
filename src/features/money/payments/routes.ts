import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { parsedOr404 } from '#platform/http/params.ts';
import { HttpError } from '#platform/http/errors.ts';
import { keepFlash } from '#platform/http/flash.ts';
import { formatDate } from '#platform/views/views.ts';
import { choices, type Form, type Issue, type Result } from '#platform/validation/index.ts';
import { claimNumber } from '../claims/repository.ts';
import { errorsShown, flashText, renderConflict } from '../forms.ts';
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

/** Shows a page's form with `values`, and the issues when it was refused. */
type RenderForm = (
  request: FastifyRequest,
  reply: FastifyReply,
  values: Form,
  issues?: Issue[],
) => Promise<unknown>;

/** Paying a claim (/money/claims/:id/pay) and cash floats (/money/floats/:organisationId). */
export const paymentsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { payments } = services;

  /** 409: someone paid, reversed or changed the claim first. */
  const renderPayConflict = (request: FastifyRequest, reply: FastifyReply) =>
    renderConflict(request, reply, view('conflict'), 'payments:conflict.title');

  /**
   * A form page at `path`: GET shows it empty; POST shows it again with the issues when `parse`
   * refuses the form, or else hands the value to `submit`.
   */
  const formPage = <T>(
    path: string,
    render: RenderForm,
    parse: (form: Form) => Result<T>,
    submit: (request: FastifyRequest, reply: FastifyReply, value: T) => unknown,
  ) => {
    app.get(path, guarded, async (request, reply) => render(request, reply, {}));
    app.post(path, guarded, async (request, reply) => {
      const parsed = parse(request.form);
      if (!parsed.ok) return render(request, reply, request.form, parsed.issues);
      return submit(request, reply, parsed.value);
    });
  };

  const renderPay: RenderForm = async (request, reply, values, issues) => {
    const { t, lang } = request;
    const { id } = parsedOr404(claimParams, request.params);
    const { claim, amounts, floats } = await payments.claimToPay(actorOf(request), id);
    const shown = errorsShown(request, reply, issues, { paidOn: 'paidOn-day' });
    const [year, month, day] = payments.today().split('-');
    return reply.render(view('pay'), {
      pageTitle: t('payments:pay.title', { number: claimNumber(claim.number) }),
      claimId: claim.id,
      approved: claim.status === 'approved',
      batchHref:
        claim.status === 'approved' && claim.batch_id ? `/money/batches/${claim.batch_id}` : null,
      paid: claim.status === 'paid',
      flash: await flashText(services.sessions, request, 'payments'),
      occurredOn: formatDate(claim.occurred_on, lang),
      expenses: formatPence(amounts.expensesPence, lang),
      payment: formatPence(amounts.paymentPence, lang),
      values: { 'paidOn-day': day, 'paidOn-month': month, 'paidOn-year': year, ...values },
      ...shown,
      methods: choices(
        t,
        payMethods,
        'payments:methods.',
        typeof values.method === 'string' ? values.method : null,
      ),
      floats: floats.map((f) => ({ value: f.id, text: f.name, selected: values.floatId === f.id })),
    });
  };

  formPage('/money/claims/:id/pay', renderPay, parsePayForm, async (request, reply, form) => {
    const { id } = parsedOr404(claimParams, request.params);
    const paid = await payments.payClaim(actorOf(request), id, form);
    if ('conflict' in paid) return renderPayConflict(request, reply);
    if (!paid.ok) return renderPay(request, reply, request.form, paid.issues);
    keepFlash(request, 'paid');
    return reply.redirect(`/money/claims/${id}/pay`, 303);
  });

  const renderReverse: RenderForm = async (request, reply, values, issues) => {
    const { t, lang } = request;
    const { id } = parsedOr404(claimParams, request.params);
    const { claim, payment } = await payments.claimToReverse(actorOf(request), id);
    if (!payment) throw new HttpError(404);
    const shown = errorsShown(request, reply, issues);
    return reply.render(view('reverse'), {
      pageTitle: t('payments:reverse.title', { number: claimNumber(claim.number) }),
      claimId: claim.id,
      method: t(`payments:methods.${payment.method}`),
      paidOn: formatDate(payment.paid_on, lang),
      amount: formatPence(payment.expenses_pence + payment.payment_pence, lang),
      values,
      ...shown,
    });
  };

  formPage(
    '/money/claims/:id/reverse',
    renderReverse,
    parseReverseForm,
    async (request, reply, reason) => {
      const { id } = parsedOr404(claimParams, request.params);
      if (!(await payments.reversePayment(actorOf(request), id, reason)))
        return renderPayConflict(request, reply);
      keepFlash(request, 'reversed');
      return reply.redirect(`/money/claims/${id}/pay`, 303);
    },
  );

  const floatRow = (request: FastifyRequest, f: FloatRow) => ({
    ...f,
    openedOn: formatDate(f.opened_on, request.lang),
    opening: formatPence(f.opening_pence, request.lang),
    topUpsText: formatPence(f.topUps, request.lang),
    paidText: formatPence(f.paid, request.lang),
    expectedText: formatPence(f.expected, request.lang),
    countedText: f.counted_pence === null ? '' : formatPence(f.counted_pence, request.lang),
  });

  const renderFloats: RenderForm = async (request, reply, values, issues) => {
    const { t, lang } = request;
    const { organisationId } = parsedOr404(organisationParams, request.params);
    const { organisation, floats } = await payments.floats(actorOf(request), organisationId);
    const shown = errorsShown(request, reply, issues);
    return reply.render(view('floats'), {
      pageTitle: t('payments:floats.title'),
      organisationId: organisation.id,
      organisationName:
        lang === 'cy' ? organisation.name_cy || organisation.name_en : organisation.name_en,
      flash: await flashText(services.sessions, request, 'payments'),
      floats: floats.map((f) => floatRow(request, f)),
      values,
      ...shown,
    });
  };

  formPage(
    '/money/floats/:organisationId',
    renderFloats,
    parseFloatForm,
    async (request, reply, form) => {
      const { organisationId } = parsedOr404(organisationParams, request.params);
      await payments.openFloat(actorOf(request), organisationId, form);
      keepFlash(request, 'opened');
      return reply.redirect(`/money/floats/${organisationId}`, 303);
    },
  );

  const renderReconcile: RenderForm = async (request, reply, values, issues) => {
    const { t } = request;
    const { organisationId, floatId } = parsedOr404(floatParams, request.params);
    const { float } = await payments.floatToReconcile(actorOf(request), organisationId, floatId);
    const shown = errorsShown(request, reply, issues);
    return reply.render(view('reconcile'), {
      pageTitle: t('payments:reconcile.title', { name: float.name }),
      organisationId,
      float: floatRow(request, float),
      flash: await flashText(services.sessions, request, 'payments'),
      values,
      ...shown,
    });
  };

  app.post('/money/floats/:organisationId/:floatId/top-up', guarded, async (request, reply) => {
    const { organisationId, floatId } = parsedOr404(floatParams, request.params);
    const parsed = parseTopUpForm(request.form);
    if (!parsed.ok) return renderReconcile(request, reply, request.form, parsed.issues);
    await payments.topUpFloat(actorOf(request), organisationId, floatId, parsed.value);
    keepFlash(request, 'toppedUp');
    return reply.redirect(`/money/floats/${organisationId}/${floatId}/reconcile`, 303);
  });

  formPage(
    '/money/floats/:organisationId/:floatId/reconcile',
    renderReconcile,
    parseReconcileForm,
    async (request, reply, form) => {
      const { organisationId, floatId } = parsedOr404(floatParams, request.params);
      const done = await payments.reconcileFloat(actorOf(request), organisationId, floatId, form);
      if (!done.ok) return renderReconcile(request, reply, request.form, done.issues);
      keepFlash(request, done.value === 0 ? 'reconciled' : 'reconciledDifference');
      return reply.redirect(`/money/floats/${organisationId}`, 303);
    },
  );
};

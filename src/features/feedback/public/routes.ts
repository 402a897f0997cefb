import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { HttpError } from '#platform/http/errors.ts';
import { choices, formErrors, type Form, type Issue } from '#platform/validation/index.ts';
import { formatDate } from '#platform/views/views.ts';
import { publishedOutcome } from '../items/present.ts';
import { feedbackKinds } from '../items/tables.ts';
import { codeParams, HONEYPOT, MAX_BODY, parseFeedbackForm, parseReceiptCode } from './schema.ts';
import { itemNumber, receiptCode } from '../items/receive.ts';
import { parsedOr404 } from '#platform/http/params.ts';
import { local } from '#platform/i18n/i18n.ts';

const view = (name: string) => `feedback/public/views/${name}.njk`;

/** Public pages carry no session: a contributor is never given an identifier. */
const open = { config: { skipCsrf: true } };

/**
 * A service's anonymous feedback form (`/f/:code`, the short link on its poster) and looking an
 * item up by its receipt code (`/f/receipt`). No account, no JavaScript, no session.
 */
export const publicFeedbackRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const feedback = services.publicFeedback;

  const inboxOf = async (request: FastifyRequest) => {
    const params = parsedOr404(codeParams, request.params);
    const inbox = await feedback.inboxByCode(params.code);
    if (!inbox) throw new HttpError(404);
    return inbox;
  };

  const renderForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Form = {},
    issues?: Issue[],
  ) => {
    const { t, lang } = request;
    const inbox = await inboxOf(request);
    const errors = formErrors(t, issues ?? []);
    if (issues) reply.code(issues.some((i) => i.message === 'feedback:errors.rate') ? 429 : 400);
    return reply.render(view('form'), {
      pageTitle: t('feedback:public.title'),
      service: local(lang, inbox.nameEn, inbox.nameCy),
      action: `/f/${inbox.code}`,
      values,
      errors: errors.fields,
      errorList: errors.errorList,
      kinds: choices(
        t,
        feedbackKinds,
        'feedback:kinds.',
        typeof values.kind === 'string' ? values.kind : null,
        {
          hints: 'feedback:kindHints.',
        },
      ),
      maxBody: MAX_BODY,
      honeypot: HONEYPOT,
    });
  };

  app.get('/f/:code', (request, reply) => renderForm(request, reply));

  app.post('/f/:code', open, async (request, reply) => {
    const inbox = await inboxOf(request);
    const values = request.form;
    const thanks = (code: string) =>
      reply.render(view('thanks'), {
        pageTitle: request.t('feedback:thanks.title'),
        receiptCode: code,
      });
    // a robot filled in the field people never see: thanked, nothing kept
    const trap = values[HONEYPOT];
    if (typeof trap === 'string' && trap.trim()) return thanks(receiptCode());
    const parsed = parseFeedbackForm(values, request.lang === 'cy' ? 'cy' : 'en');
    if (!parsed.ok) return renderForm(request, reply, values, parsed.issues);
    if (!(await feedback.takeRate(request.ip, inbox.code)))
      return renderForm(request, reply, values, [
        { field: 'body', message: 'feedback:errors.rate' },
      ]);
    return thanks(await feedback.submit(inbox.organisationId, parsed.value));
  });

  const renderReceipt = async (
    request: FastifyRequest,
    reply: FastifyReply,
    code?: string | null,
    escalated = false,
  ) => {
    const { t, lang } = request;
    const found = code ? await feedback.lookUp(code) : undefined;
    const issues: Issue[] =
      code === null || (code && !found)
        ? [{ field: 'code', message: 'feedback:errors.receipt' }]
        : [];
    const errors = formErrors(t, issues);
    if (issues.length) reply.code(code === null ? 400 : 404);
    return reply.render(view('receipt'), {
      pageTitle: t('feedback:receipt.title'),
      errors: errors.fields,
      errorList: errors.errorList,
      code: found ? code : null,
      escalated,
      found: found && {
        mayEscalate:
          found.kind === 'complaint' &&
          !found.escalatedAt &&
          ['received', 'acknowledged', 'looking', 'decided'].includes(found.status),
        escalatedAt: found.escalatedAt ? formatDate(found.escalatedAt, lang) : null,
        number: itemNumber(found.number),
        service: local(lang, found.nameEn, found.nameCy),
        kind: t(`feedback:kinds.${found.kind}`),
        received: formatDate(found.receivedAt, lang),
        status: t(`feedback:statuses.${found.status}`),
        outcome: publishedOutcome(request, { ...found, dueOn: found.outcomeDueOn }),
      },
    });
  };

  app.get('/f/receipt', (request, reply) => renderReceipt(request, reply));

  // the person who complained asks for the commissioner to look at it (the code is the key)
  app.post('/f/receipt/escalate', open, async (request, reply) => {
    const code = parseReceiptCode(request.form.code);
    if (!code) return renderReceipt(request, reply, null);
    const escalated = await services.feedbackLoop.escalateByReceipt(code);
    return renderReceipt(request, reply, code, escalated);
  });
  app.post('/f/receipt', open, (request, reply) =>
    renderReceipt(request, reply, parseReceiptCode(request.form.code)),
  );
};

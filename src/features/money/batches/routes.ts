import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, authoriseAnywhere, guarded } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { keepFlash } from '#platform/http/flash.ts';
import { pagination } from '#platform/http/pagination.ts';
import { parseDayMonthYear } from '#platform/validation/dates.ts';
import { type Issue } from '#platform/validation/index.ts';
import { formatDate, formatDateTime } from '#platform/views/views.ts';
import { csvLine } from '#platform/exports/cells.ts';
import { exportContentTypes, sendDownload } from '#platform/exports/download.ts';
import { formatPence } from '../pence.ts';
import { claimNumber } from '../claims/repository.ts';
import { dayFields, errorsShown, flashText, renderConflict } from '../forms.ts';
import { batchNumber } from './repository.ts';

const view = (name: string) => `money/batches/views/${name}.njk`;
const batchParams = z.object({ batchId: z.guid() });
const organisationForm = z.object({ organisationId: z.guid() });
const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

/** The header of a batch's CSV (English: banks and finance systems read it). */
export const batchCsvHeader = [
  'batch',
  'claim_number',
  'day',
  'person',
  'name',
  'expenses_pence',
  'payment_pence',
  'total_pence',
];

/** Bank transfer batches (money.pay): gather, look, download, mark sent or cancel. */
export const batchesRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { batches } = services;
  const batchIdOf = (request: FastifyRequest) => {
    const parsed = batchParams.safeParse(request.params);
    if (!parsed.success) throw new HttpError(404);
    return parsed.data.batchId;
  };
  const renderBatchConflict = (request: FastifyRequest, reply: FastifyReply, batchId: string) =>
    renderConflict(request, reply, view('conflict'), 'batches:conflict.title', { batchId });

  app.get('/money/batches', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'money.pay');
    const { t, lang } = request;
    const local = (en: string, cy: string) => (lang === 'cy' ? cy || en : en);
    const { page } = pageQuery.parse(request.query);
    const flash = await flashText(services.sessions, request, 'batches');
    const result = await batches.listBatches(actor, page);
    return reply.render(view('list'), {
      pageTitle: t('batches:list.title'),
      flash,
      waiting: result.waiting.map((o) => ({
        id: o.id,
        organisation: local(o.nameEn, o.nameCy),
        button: t('batches:list.gather', { count: o.claims }),
      })),
      rows: result.rows.map((b) => [
        {
          html: `<a class="govuk-link" href="/money/batches/${b.id}">${batchNumber(b.number)}</a>`,
        },
        { text: local(b.nameEn, b.nameCy) },
        { text: t(`batches:statuses.${b.status}`) },
        { text: String(b.claims), format: 'numeric' },
        { text: formatDateTime(b.sentAt ?? b.createdAt, lang) },
      ]),
      total: result.total,
      pagination: pagination(
        t,
        (n) => (n > 1 ? `/money/batches?page=${n}` : '/money/batches'),
        result.page,
        result.pageCount,
      ),
    });
  });

  app.post('/money/batches', guarded, async (request, reply) => {
    const form = organisationForm.safeParse(request.form);
    if (!form.success) throw new HttpError(400);
    const batchId = await batches.startBatch(actorOf(request), form.data.organisationId);
    if (!batchId) {
      keepFlash(request, 'none');
      return reply.redirect('/money/batches', 303);
    }
    return reply.redirect(`/money/batches/${batchId}`, 303);
  });

  const renderBatch = async (request: FastifyRequest, reply: FastifyReply, issues?: Issue[]) => {
    const { t, lang } = request;
    const { batch, claims, mayName } = await batches.viewBatch(
      actorOf(request),
      batchIdOf(request),
    );
    const shown = errorsShown(request, reply, issues, { paidOn: 'paidOn-day' });
    const values = issues ? request.form : dayFields('paidOn', batches.today());
    const sum = (pick: (c: (typeof claims)[number]) => number) =>
      claims.reduce((s, c) => s + pick(c), 0);
    return reply.render(view('show'), {
      pageTitle: t('batches:show.title', { number: batchNumber(batch.number) }),
      batchId: batch.id,
      open: batch.status === 'open',
      summary: [
        [
          t('batches:show.organisation'),
          lang === 'cy' ? batch.nameCy || batch.nameEn : batch.nameEn,
        ],
        [t('batches:show.status'), t(`batches:statuses.${batch.status}`)],
        [t('batches:show.created'), formatDateTime(batch.createdAt, lang)],
        ...(batch.sentAt ? [[t('batches:show.sent'), formatDateTime(batch.sentAt, lang)]] : []),
        [t('batches:show.claims'), String(claims.length)],
        [
          t('batches:show.total'),
          formatPence(
            sum((c) => c.expensesPence + c.paymentPence),
            lang,
          ),
        ],
      ].map(([key, value]) => ({ key: { text: key }, value: { text: value } })),
      rows: claims.map((c) => [
        { html: `<a class="govuk-link" href="/money/claims/${c.id}">${claimNumber(c.number)}</a>` },
        { text: c.name ?? c.reference },
        { text: formatDate(c.occurredOn, lang) },
        { text: formatPence(c.expensesPence, lang), format: 'numeric' },
        { text: formatPence(c.paymentPence, lang), format: 'numeric' },
        { text: t(`claims:statuses.${c.status}`) },
      ]),
      mayName,
      values,
      ...shown,
    });
  };

  app.get('/money/batches/:batchId', guarded, (request, reply) => renderBatch(request, reply));

  app.get(
    '/money/batches/:batchId/download',
    { ...guarded, compress: false },
    async (request, reply) => {
      const { batch, claims, mayName } = await batches.exportBatch(
        actorOf(request),
        batchIdOf(request),
      );
      const number = batchNumber(batch.number);
      const body = [
        csvLine(batchCsvHeader),
        ...claims.map((c) =>
          csvLine([
            number,
            claimNumber(c.number),
            c.occurredOn,
            c.reference,
            mayName ? (c.name ?? '') : '',
            c.expensesPence,
            c.paymentPence,
            c.expensesPence + c.paymentPence,
          ]),
        ),
      ].join('');
      return sendDownload(reply, {
        name: `cyd-bank-transfers-${number}.csv`,
        contentType: exportContentTypes.csv,
        body,
      });
    },
  );

  app.post('/money/batches/:batchId/send', guarded, async (request, reply) => {
    const batchId = batchIdOf(request);
    const form = request.form;
    const text = (field: string) => (typeof form[field] === 'string' ? form[field] : '');
    const paidOn = parseDayMonthYear(text('paidOn-day'), text('paidOn-month'), text('paidOn-year'));
    if (!paidOn)
      return renderBatch(request, reply, [{ field: 'paidOn', message: 'batches:errors.paidOn' }]);
    if (paidOn > batches.today())
      return renderBatch(request, reply, [
        { field: 'paidOn', message: 'batches:errors.paidOnFuture' },
      ]);
    if (!(await batches.sendBatch(actorOf(request), batchId, paidOn)))
      return renderBatchConflict(request, reply, batchId);
    return reply.redirect(`/money/batches/${batchId}`, 303);
  });

  app.post('/money/batches/:batchId/cancel', guarded, async (request, reply) => {
    const batchId = batchIdOf(request);
    if (!(await batches.cancelBatch(actorOf(request), batchId)))
      return renderBatchConflict(request, reply, batchId);
    keepFlash(request, 'cancelled');
    return reply.redirect('/money/batches', 303);
  });
};

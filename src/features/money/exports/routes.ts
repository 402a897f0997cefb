import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '#platform/modules/contract.ts';
import { exportContentTypes, fileSlug, sendDownload } from '#platform/exports/download.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { choices, type Form, type Issue } from '#platform/validation/index.ts';
import { parsePeriod, taxYearsOffered } from '../statements/period.ts';
import { periodDays } from '../statements/repository.ts';
import { taxYearName } from '../thresholds/tax-year.ts';
import { errorsShown } from '../forms.ts';
import { exportFormats, type ExportFormat } from './service.ts';

const organisationId = z.object({ organisationId: z.guid() });

const contentTypes: Record<ExportFormat, string> = {
  csv: exportContentTypes.csv,
  totals: exportContentTypes.csv,
  xlsx: exportContentTypes.xlsx,
};

/** Finance exports: the form, and the download streamed as it is read. */
export const exportsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const service = services.exports;
  const query = (request: FastifyRequest) => (request.query ?? {}) as Form;

  const renderForm = async (request: FastifyRequest, reply: FastifyReply, issues?: Issue[]) => {
    const { t, lang } = request;
    const form = query(request);
    const { organisations, mayName } = await service.formFor(actorOf(request));
    const shown = errorsShown(request, reply, issues, { from: 'from-day', to: 'to-day' });
    const chosen = typeof form.period === 'string' && form.period ? form.period : null;
    return reply.render('money/exports/views/form.njk', {
      pageTitle: t('exports:title'),
      values: form,
      ...shown,
      organisations: organisations.map((o) => ({
        value: o.id,
        text: lang === 'cy' ? o.nameCy || o.nameEn : o.nameEn,
        selected: form.organisationId === o.id,
      })),
      years: taxYearsOffered(service.today()).map((year, i) => ({
        value: String(year),
        text: taxYearName(t, year),
        checked: chosen ? chosen === String(year) : i === 0,
      })),
      rangeChosen: chosen === 'range',
      formats: choices(t, exportFormats, 'exports:formats.', form.format || 'csv', {
        hints: 'exports:formatHints.',
      }),
      mayName,
    });
  };

  app.get('/money/exports', guarded, (request, reply) => renderForm(request, reply));

  app.get('/money/exports/download', { ...guarded, compress: false }, async (request, reply) => {
    const form = query(request);
    const issues: Issue[] = [];
    const organisation = organisationId.safeParse(form);
    if (!organisation.success)
      issues.push({ field: 'organisationId', message: 'exports:errors.organisation' });
    const period = parsePeriod(form, service.today());
    if (!period.ok) issues.push(...period.issues);
    const format = exportFormats.find((f) => f === form.format);
    if (!format) issues.push({ field: 'format', message: 'exports:errors.format' });
    if (issues.length || !organisation.success || !period.ok || !format)
      return renderForm(request, reply, issues);
    const { from, to } = periodDays(period.value);
    const { stream, organisation: found } = await service.startExport(actorOf(request), {
      organisationId: organisation.data.organisationId,
      from,
      to,
      format,
      names: form.names === 'yes',
    });
    const name = `cyd-finance-${format === 'totals' ? 'totals-' : ''}${from}-${to}-${fileSlug(found.name_en)}.${format === 'xlsx' ? 'xlsx' : 'csv'}`;
    return sendDownload(reply, { name, contentType: contentTypes[format], body: stream });
  });
};

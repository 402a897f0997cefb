import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { exportContentTypes, fileSlug, sendDownload } from '#platform/exports/download.ts';
import { actorOf, authoriseAnywhere, guarded } from '#platform/http/guards.ts';
import type { Services } from '#platform/modules/contract.ts';
import { choices, formErrors, type Form, type Issue } from '#platform/validation/index.ts';
import { exportFormats, parseExport } from './schema.ts';
import { local } from '#platform/i18n/i18n.ts';

/** A day's three boxes as the form shows them (no leading zeros). */
const boxes = (prefix: string, day: string) => {
  const [year, month, date] = day.split('-');
  return {
    [`${prefix}-day`]: String(Number(date)),
    [`${prefix}-month`]: String(Number(month)),
    [`${prefix}-year`]: year!,
  };
};

/** The same day a year before (YYYY-MM-DD; 29 February gives 1 March). */
const yearBefore = (day: string) => {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() - 1);
  return date.toISOString().slice(0, 10);
};

/** The export of feedback items: the form, and the file streamed as it is read. */
export const feedbackExportRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const service = services.feedbackExport;
  const query = (request: FastifyRequest) => (request.query ?? {}) as Form;

  const renderForm = async (request: FastifyRequest, reply: FastifyReply, issues?: Issue[]) => {
    const actor = authoriseAnywhere(request, 'feedback.view');
    const { t, lang } = request;
    const today = service.today();
    const asked = query(request);
    // the last twelve months to start with; what was typed when it comes back with errors
    const values: Form = issues
      ? asked
      : { ...boxes('from', yearBefore(today)), ...boxes('to', today), ...asked };
    const organisations = await service.organisationsFor(actor);
    const errors = formErrors(t, issues ?? [], { from: 'from-day', to: 'to-day' });
    if (issues) reply.code(400);
    const language = values.language === 'en' || values.language === 'cy' ? values.language : lang;
    return reply.render('feedback/export/views/form.njk', {
      pageTitle: t('feedbackExport:title'),
      values,
      errors: errors.fields,
      errorList: errors.errorList,
      organisations: organisations.map((o) => ({
        value: o.id,
        text: local(lang, o.nameEn, o.nameCy),
        selected: values.organisationId === o.id,
      })),
      formats: choices(t, exportFormats, 'feedbackExport:formats.', values.format || 'csv', {
        hints: 'feedbackExport:formatHints.',
      }),
      languages: choices(t, ['en', 'cy'], 'feedbackExport:languages.', language),
    });
  };

  app.get('/feedback/export', guarded, (request, reply) => renderForm(request, reply));

  app.get('/feedback/export/download', { ...guarded, compress: false }, async (request, reply) => {
    const parsed = parseExport(query(request), request.lang);
    if (!parsed.ok) return renderForm(request, reply, parsed.issues);
    const asked = parsed.value;
    // 404 for an organisation out of sight, 403 without feedback.view there
    const { stream, organisation } = await service.startExport(actorOf(request), asked);
    return sendDownload(reply, {
      name: `cyd-feedback-${asked.from}-${asked.to}-${fileSlug(organisation.name_en)}.${asked.format}`,
      contentType: exportContentTypes[asked.format],
      body: stream,
    });
  });
};

import { z } from 'zod';
import { isLanguage, type Language } from '#platform/i18n/i18n.ts';
import { parseDayMonthYear } from '#platform/validation/dates.ts';
import { failed, ok, type Form, type Issue, type Result } from '#platform/validation/index.ts';
import { trimmedField as text } from '#platform/validation/form.ts';

export const exportFormats = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** What the export form asks for (a GET: organisation ids and days are not personal data). */
export interface ExportRequest {
  organisationId: string;
  /** YYYY-MM-DD, both included, UK days. */
  from: string;
  to: string;
  format: ExportFormat;
  language: Language;
}

/** A day from the three boxes `<prefix>-day`, `-month` and `-year`, or null. */
const dayOf = (form: Form, prefix: string) =>
  parseDayMonthYear(
    text(form, `${prefix}-day`),
    text(form, `${prefix}-month`),
    text(form, `${prefix}-year`),
  );

/**
 * The export form's query: the organisation, the first and last days received, the file and its
 * language (the page's when not chosen). Every problem is reported at once.
 */
export function parseExport(form: Form, pageLanguage: Language): Result<ExportRequest> {
  const issues: Issue[] = [];
  const organisationId = z.guid().safeParse(text(form, 'organisationId'));
  if (!organisationId.success)
    issues.push({ field: 'organisationId', message: 'feedbackExport:errors.organisation' });
  const from = dayOf(form, 'from');
  if (!from) issues.push({ field: 'from', message: 'feedbackExport:errors.from' });
  const to = dayOf(form, 'to');
  if (!to) issues.push({ field: 'to', message: 'feedbackExport:errors.to' });
  if (from && to && to < from)
    issues.push({ field: 'to', message: 'feedbackExport:errors.toBeforeFrom' });
  const format = exportFormats.find((f) => f === text(form, 'format'));
  if (!format) issues.push({ field: 'format', message: 'feedbackExport:errors.format' });
  const language = text(form, 'language');
  if (issues.length || !organisationId.success || !from || !to || !format) return failed(issues);
  return ok({
    organisationId: organisationId.data,
    from,
    to,
    format,
    language: isLanguage(language) ? language : pageLanguage,
  });
}

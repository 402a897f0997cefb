import { z } from 'zod';
import type { Issue, Result } from '#platform/validation/index.ts';
import { paperFormats, paperKinds, paperLanguages } from './tables.ts';
import type { PaperDetails } from './service.ts';
import { textField as text } from '#platform/validation/form.ts';

/** Validation of the papers forms. Messages are translation keys (namespace `papers`). */

export const meetingParams = z.object({ id: z.guid() });
export const paperParams = z.object({ id: z.guid(), paperId: z.guid() });

export type Form = Record<string, unknown>;

/** The text fields of a form, as strings (to fill the form again). */
export const valuesOf = (form: Form) =>
  Object.fromEntries(
    ['kind', 'titleEn', 'titleCy', 'language', 'format', 'summaryEn', 'summaryCy'].map((name) => [
      name,
      text(form, name),
    ]),
  );

const oneOf = <T extends string>(values: readonly T[], value: string) =>
  (values as readonly string[]).includes(value) ? (value as T) : undefined;

/** The details of an upload form, or the fields in error. */
export function parsePaperDetails(form: Form): Result<PaperDetails> {
  const issues: Issue[] = [];
  const kind = oneOf(paperKinds, text(form, 'kind'));
  if (!kind) issues.push({ field: 'kind', message: 'papers:errors.kind' });
  const titles = (['titleEn', 'titleCy'] as const).map((field) => {
    const value = text(form, field);
    if (!value) issues.push({ field, message: `papers:errors.${field}.required` });
    else if (value.length > 150) issues.push({ field, message: `papers:errors.${field}.long` });
    return value;
  });
  const language = oneOf(paperLanguages, text(form, 'language'));
  if (!language) issues.push({ field: 'language', message: 'papers:errors.language' });
  const format = oneOf(paperFormats, text(form, 'format') || 'standard');
  if (!format) issues.push({ field: 'format', message: 'papers:errors.format' });
  const summaries = (['summaryEn', 'summaryCy'] as const).map((field) => {
    const value = text(form, field);
    if (value.length > 2000) issues.push({ field, message: `papers:errors.${field}` });
    return value || null;
  });
  if (issues.length > 0 || !kind || !language || !format) return { ok: false, issues };
  return {
    ok: true,
    value: {
      kind,
      titleEn: titles[0]!,
      titleCy: titles[1]!,
      language,
      format,
      summaryEn: summaries[0]!,
      summaryCy: summaries[1]!,
    },
  };
}

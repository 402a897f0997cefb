import type { TFunction } from 'i18next';
import { z } from 'zod';
import { organisationKinds } from './tree.ts';

/** Validation for the organisations feature. Messages are translation keys (organisations.json). */

const collapse = (value: string) => value.normalize('NFC').replace(/\s+/gu, ' ').trim();

const name = (field: 'nameEn' | 'nameCy') =>
  z
    .string({ error: `organisations:errors.${field}.required` })
    .transform(collapse)
    .pipe(
      z
        .string()
        .min(1, `organisations:errors.${field}.required`)
        .max(200, `organisations:errors.${field}.tooLong`),
    );

const requiresMfa = z
  .enum(['yes', 'no'], { error: 'organisations:errors.requiresMfa.required' })
  .transform((value) => value === 'yes');

/** The names of an organisation, and (for platform administrators) whether it requires MFA. */
export const namesForm = z.object({
  nameEn: name('nameEn'),
  nameCy: name('nameCy'),
});

export const mfaForm = z.object({ requiresMfa });

/** Adding an organisation below another: its kind as well. */
export const childForm = namesForm.extend({
  kind: z.enum(organisationKinds, { error: 'organisations:errors.kind.required' }),
});

export type NamesInput = z.infer<typeof namesForm>;
export type ChildInput = z.infer<typeof childForm>;

/** The list page's query string; anything unexpected falls back to the default. */
export const listQuery = z.object({
  q: z.string().trim().max(100).catch(''),
  kind: z.enum(organisationKinds).optional().catch(undefined),
  archived: z
    .literal('1')
    .optional()
    .catch(undefined)
    .transform((value) => value === '1'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type ListQuery = z.infer<typeof listQuery>;

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

/** Route parameter: an organisation id (anything else is simply not found). */
export const idParams = z.object({ id: z.guid() });

export interface FormErrors {
  /** For govukErrorSummary. */
  errorList: { text: string; href: string }[];
  /** For each field's errorMessage. */
  fields: Record<string, { text: string }>;
}

/** The field a message is shown against, and where the error summary links to. */
export interface Issue {
  field: string;
  message: string;
}

export function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({
    field: String(issue.path[0] ?? 'form'),
    message: issue.message,
  }));
}

/** Turns issues (translation keys) into the error summary and inline messages, in order. */
export function toFormErrors(t: TFunction, issues: Issue[]): FormErrors {
  const fields: FormErrors['fields'] = {};
  const errorList: FormErrors['errorList'] = [];
  for (const issue of issues) {
    if (fields[issue.field]) continue;
    const text = t(issue.message);
    fields[issue.field] = { text };
    errorList.push({ text, href: issue.field === 'form' ? '#main-content' : `#${issue.field}` });
  }
  return { errorList, fields };
}

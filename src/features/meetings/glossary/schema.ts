import { z } from 'zod';
import { failed, issuesFrom, ok, type Form, type Result } from '#platform/validation/index.ts';
import type { TermValues } from './repository.ts';
import { textField as str } from '#platform/validation/form.ts';

/** Validation of the glossary's form and queries. Messages are keys of the `glossary` namespace. */
export const termParams = z.object({ id: z.guid() });
export const glossaryQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
});

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** An anchor made from a term: lower case, letters and digits joined by hyphens. */
export function slugOf(term: string) {
  return term
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

/** The add and change form of a term. */
export function parseTermForm(form: Form): Result<TermValues> {
  const errors: Record<string, string> = {};
  const text = (field: string, max: number, required: boolean) => {
    const value = str(form, field);
    if (!value) {
      if (required) errors[field] = `glossary:errors.${field}.required`;
      return null;
    }
    if (value.length > max) errors[field] = `glossary:errors.${field}.long`;
    return value;
  };
  const termEn = text('termEn', 100, true);
  const termCy = text('termCy', 100, true);
  const expansionEn = text('expansionEn', 200, false);
  const expansionCy = text('expansionCy', 200, false);
  const explanationEn = text('explanationEn', 1000, true);
  const explanationCy = text('explanationCy', 1000, true);
  const seeAlso = str(form, 'seeAlso')
    .split(/[\s,]+/)
    .map((slug) => slug.toLowerCase())
    .filter(Boolean);
  if (seeAlso.length > 10 || seeAlso.some((slug) => !SLUG.test(slug) || slug.length > 80))
    errors.seeAlso = 'glossary:errors.seeAlso.invalid';
  const slug = termEn ? slugOf(termEn) : '';
  if (termEn && !slug) errors.termEn = 'glossary:errors.termEn.noLetters';
  if (Object.keys(errors).length) return failed(issuesFrom(errors));
  return ok({
    slug,
    term_en: termEn!,
    term_cy: termCy!,
    expansion_en: expansionEn,
    expansion_cy: expansionCy,
    explanation_en: explanationEn!,
    explanation_cy: explanationCy!,
    see_also: [...new Set(seeAlso)].filter((other) => other !== slug),
  });
}

/** The form's fields from a stored term (to change it). */
export const formOf = (row: Partial<TermValues>): Record<string, string> => ({
  termEn: row.term_en ?? '',
  termCy: row.term_cy ?? '',
  expansionEn: row.expansion_en ?? '',
  expansionCy: row.expansion_cy ?? '',
  explanationEn: row.explanation_en ?? '',
  explanationCy: row.explanation_cy ?? '',
  seeAlso: (row.see_also ?? []).join(', '),
});

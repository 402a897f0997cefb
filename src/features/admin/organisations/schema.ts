import { z } from 'zod';
import { organisationKinds } from './tree.ts';
import { collapseSpaces as collapse } from '#platform/validation/form.ts';

/** Validation for the organisations feature. Messages are translation keys (organisations.json). */

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

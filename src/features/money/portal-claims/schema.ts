import { z } from 'zod';
import { failed, ok, type Form, type Issue, type Result } from '#platform/validation/index.ts';
import { parseDraftForm } from '../claims/schema.ts';
import type { OwnDraft } from './service.ts';

export const claimParams = z.object({ claimId: z.guid() });
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export const versionForm = z.object({ version: z.coerce.number().int().min(1) });

/** How many lines the portal's form offers (a person adds more in another claim). */
export const PORTAL_LINES = 3;

/** What a person may claim in the portal: expenses, never an involvement payment. */
export const portalKinds = [
  'bus',
  'train',
  'mileage',
  'taxi',
  'parking',
  'subsistence',
  'childcare',
  'replacement_care',
  'phone_data',
] as const;

/**
 * The portal's claim form: the organisation, the day and up to three lines, read with the staff
 * form's line rules (the same words for the same mistakes); an involvement payment is refused.
 */
export function parseOwnClaim(form: Form, organisationIds: string[]): Result<OwnDraft> {
  const issues: Issue[] = [];
  const chosen = typeof form.organisationId === 'string' ? form.organisationId : '';
  // one organisation: no question (but a chosen one must still be theirs)
  const organisationId = chosen
    ? organisationIds.find((id) => id === chosen)
    : organisationIds.length === 1
      ? organisationIds[0]
      : undefined;
  if (!organisationId)
    issues.push({ field: 'organisationId', message: 'portalClaims:errors.organisation' });
  for (let n = 1; n <= PORTAL_LINES; n += 1) {
    const kind = form[`kind-${n}`];
    if (typeof kind === 'string' && kind && !(portalKinds as readonly string[]).includes(kind))
      issues.push({ field: `line-${n}`, message: 'claims:errors.kind' });
  }
  // only the portal's rows, and never an advance: the staff form's rules read the rest
  const lines: Form = Object.fromEntries(
    Object.entries(form).filter(
      ([key]) => key !== 'isAdvance' && !/^(kind|units)-([4-9])$/.test(key),
    ),
  );
  const parsed = parseDraftForm(lines);
  if (!parsed.ok) issues.push(...parsed.issues);
  if (issues.length || !parsed.ok) return failed(issues);
  return ok({
    organisationId: organisationId!,
    occurredOn: parsed.value.occurredOn,
    lines: parsed.value.lines,
    purpose: typeof form.for === 'string' ? form.for : '',
  });
}

import { z } from 'zod';
import { parseDayMonthYear } from '#platform/validation/dates.ts';
import {
  failed,
  invalid,
  ok,
  type Form,
  type Issue,
  type Result,
} from '#platform/validation/index.ts';
import { parsePounds } from '../pence.ts';
import type { LineInput } from './lines.ts';
import { claimStatuses, expenseKinds, type ExpenseKind } from './tables.ts';

/** Validation of the claims pages' parameters and filters. */

export const claimParams = z.object({ claimId: z.guid() });
export const lineParams = z.object({ claimId: z.guid(), lineId: z.guid() });
export const newClaimQuery = z.object({ organisationId: z.guid(), personId: z.guid() });
export const versionForm = z.object({ version: z.coerce.number().int().min(1) });
export const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
  organisationId: z.guid().optional().catch(undefined),
  status: z.enum(claimStatuses).optional().catch(undefined),
});
export type ListQuery = z.infer<typeof listQuery>;

/** How many line rows the staff form shows. */
export const LINE_ROWS = 6;

const text = (form: Form, field: string) => {
  const value = form[field];
  return typeof value === 'string' ? value.trim() : '';
};

/** One row of the form as a line (undefined: the row is empty), or the issue with it. */
function lineOf(form: Form, n: number): Result<LineInput | undefined> {
  const kind = text(form, `kind-${n}`);
  const field = `line-${n}`;
  if (!kind) return ok(undefined);
  if (kind === 'mileage') {
    const miles = Number(text(form, `miles-${n}`));
    const vehicle = text(form, `vehicle-${n}`) || 'car';
    if (!['car', 'motorbike', 'bicycle'].includes(vehicle))
      return invalid(field, 'claims:errors.vehicle');
    return ok({ kind, miles, vehicle: vehicle as 'car' | 'motorbike' | 'bicycle' });
  }
  if (kind.startsWith('rate:')) {
    const units = Number(text(form, `units-${n}`));
    return ok({
      kind: 'involvement',
      rate: kind.slice(5),
      unitsHundredths: Number.isFinite(units) ? Math.round(units * 100) : NaN,
    });
  }
  if (!(expenseKinds as readonly string[]).includes(kind))
    return invalid(field, 'claims:errors.kind');
  const amountPence = parsePounds(text(form, `amount-${n}`));
  if (amountPence === null) return invalid(field, 'claims:errors.amount');
  return ok({
    kind: kind as Exclude<ExpenseKind, 'mileage'>,
    amountPence,
    reason: text(form, `reason-${n}`),
  });
}

/** The staff form: the day, whether it is an advance, and the lines (at least one). */
export function parseDraftForm(
  form: Form,
): Result<{ occurredOn: string; isAdvance: boolean; lines: LineInput[] }> {
  const issues: Issue[] = [];
  const occurredOn = parseDayMonthYear(
    text(form, 'occurredOn-day'),
    text(form, 'occurredOn-month'),
    text(form, 'occurredOn-year'),
  );
  if (!occurredOn) issues.push({ field: 'occurredOn', message: 'claims:errors.occurredOn' });
  const lines: LineInput[] = [];
  for (let n = 1; n <= LINE_ROWS; n += 1) {
    const line = lineOf(form, n);
    if (!line.ok) issues.push(...line.issues);
    else if (line.value) lines.push(line.value);
  }
  if (!lines.length && !issues.length)
    issues.push({ field: 'line-1', message: 'claims:errors.noLines' });
  if (issues.length) return failed(issues);
  return ok({ occurredOn: occurredOn!, isAdvance: text(form, 'isAdvance') === 'yes', lines });
}

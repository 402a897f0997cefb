import { z } from 'zod';
import type { FieldErrors } from '#platform/validation/index.ts';
import { involvementRoles, levels, methods, rungs } from '../tables.ts';
import { parseDayMonthYear, validIso } from '#platform/validation/dates.ts';

/**
 * Input of the involvement records pages. Validation messages are translation keys
 * (namespace `records`).
 */
export type Form = Record<string, string | string[]>;
export type { FieldErrors };

/** A single form value (the first if repeated). */
export const str = (form: Form, name: string) => {
  const value = form[name];
  return (typeof value === 'string' ? value : Array.isArray(value) ? (value[0] ?? '') : '').trim();
};

export const PAGE_SIZE = 25;
export const MAX_HOURS = 500;

const page = z.coerce.number().int().min(1).max(10_000).catch(1);
const optionalGuid = z
  .string()
  .optional()
  .transform((v) => (v && z.guid().safeParse(v).success ? v : undefined));
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .optional()
    .transform((v) =>
      (values as readonly string[]).includes(v ?? '') ? (v as T[number]) : undefined,
    );
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const optionalDate = z
  .string()
  .optional()
  .transform((v) => (v && isoDate.test(v) && validIso(v) ? v : undefined));

export const idParams = z.object({ id: z.guid() });

/** Filters of the list of records (GET /involvement). */
export const listQuery = z.object({
  organisation: optionalGuid,
  rung: z.coerce.number().int().min(1).max(7).optional().catch(undefined),
  method: optionalEnum(methods),
  from: optionalDate,
  to: optionalDate,
  page,
});
export type ListQuery = z.infer<typeof listQuery>;

export const pageQuery = z.object({ page });

/** Finding the person on the first page of a direct entry. */
export const newQuery = z.object({
  person: optionalGuid,
  q: z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim().slice(0, 100)),
});

/** Hours as people write them: 2, 2.5, 1.25 (at most two decimal places). */
export function parseHours(text: string): number | null {
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(text)) return null;
  const hours = Number(text);
  return hours > 0 && hours <= MAX_HOURS ? hours : null;
}

export interface RecordInput {
  organisationId: string;
  opportunityId: string | null;
  /** `YYYY-MM-DD`. */
  tookPartOn: string;
  hours: number;
  rung: number;
  level: (typeof levels)[number];
  method: (typeof methods)[number];
  role: (typeof involvementRoles)[number];
  outcome: string | null;
}

const today = () => new Date().toISOString().slice(0, 10);

/** The day someone took part (three boxes): not missing, a real date, not in the future. */
function tookPartOnOf(form: Form, errors: FieldErrors) {
  const day = str(form, 'tookPartDay');
  const month = str(form, 'tookPartMonth');
  const year = str(form, 'tookPartYear');
  const tookPartOn = parseDayMonthYear(day, month, year);
  if (!day && !month && !year) errors.tookPartOn = 'records:errors.tookPartOnMissing';
  else if (!tookPartOn) errors.tookPartOn = 'records:errors.tookPartOnInvalid';
  else if (tookPartOn > today()) errors.tookPartOn = 'records:errors.tookPartOnFuture';
  return tookPartOn;
}

/** What came of it (free text, at most 1,000 characters). */
function outcomeOf(form: Form, errors: FieldErrors) {
  const outcome = str(form, 'outcome');
  if (outcome.length > 1000) errors.outcome = 'records:errors.outcomeTooLong';
  return outcome;
}

/**
 * The direct-entry form. `organisations` and `opportunities` are the choices offered (ids),
 * so a tampered form cannot point elsewhere.
 */
export function parseRecordForm(
  form: Form,
  allowed: { organisations: string[]; opportunities: string[] },
): { ok: true; value: RecordInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const organisationId = str(form, 'organisationId');
  if (!allowed.organisations.includes(organisationId))
    errors.organisationId = 'records:errors.organisationId';
  const opportunityId = str(form, 'opportunityId');
  if (opportunityId && !allowed.opportunities.includes(opportunityId))
    errors.opportunityId = 'records:errors.opportunityId';
  const tookPartOn = tookPartOnOf(form, errors);
  const hoursText = str(form, 'hours');
  const hours = parseHours(hoursText);
  if (!hoursText) errors.hours = 'records:errors.hoursMissing';
  else if (hours === null) errors.hours = 'records:errors.hoursInvalid';
  const rung = Number(str(form, 'rung'));
  if (!Number.isInteger(rung) || rung < 1 || rung > rungs.length)
    errors.rung = 'records:errors.rung';
  const level = str(form, 'level');
  if (!(levels as readonly string[]).includes(level)) errors.level = 'records:errors.level';
  const method = str(form, 'method');
  if (!(methods as readonly string[]).includes(method)) errors.method = 'records:errors.method';
  const role = str(form, 'role');
  if (!(involvementRoles as readonly string[]).includes(role)) errors.role = 'records:errors.role';
  const outcome = outcomeOf(form, errors);
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      organisationId,
      opportunityId: opportunityId || null,
      tookPartOn: tookPartOn!,
      hours: hours!,
      rung,
      level: level as RecordInput['level'],
      method: method as RecordInput['method'],
      role: role as RecordInput['role'],
      outcome: outcome || null,
    },
  };
}

export interface AttendanceEntry {
  personId: string;
  tookPart: boolean;
  hours: number | null;
  role: (typeof involvementRoles)[number];
}

/**
 * The "who took part" form of an opportunity: for each selected person `took-<id>` (yes/no),
 * `hours-<id>` and `role-<id>`, plus one date and one outcome for everyone.
 */
export function parseAttendanceForm(
  form: Form,
  personIds: string[],
):
  | { ok: true; value: { tookPartOn: string; outcome: string | null; entries: AttendanceEntry[] } }
  | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const tookPartOn = tookPartOnOf(form, errors);
  const outcome = outcomeOf(form, errors);
  const entries: AttendanceEntry[] = [];
  for (const personId of personIds) {
    const took = str(form, `took-${personId}`);
    if (took !== 'yes' && took !== 'no') {
      errors[`took-${personId}`] = 'records:errors.tookPart';
      continue;
    }
    const role = str(form, `role-${personId}`) || 'participant';
    if (!(involvementRoles as readonly string[]).includes(role)) {
      errors[`role-${personId}`] = 'records:errors.role';
      continue;
    }
    if (took === 'no') {
      entries.push({
        personId,
        tookPart: false,
        hours: null,
        role: role as AttendanceEntry['role'],
      });
      continue;
    }
    const hoursText = str(form, `hours-${personId}`);
    const hours = parseHours(hoursText);
    if (hours === null) {
      errors[`hours-${personId}`] = hoursText
        ? 'records:errors.hoursInvalid'
        : 'records:errors.hoursMissing';
      continue;
    }
    entries.push({ personId, tookPart: true, hours, role: role as AttendanceEntry['role'] });
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { tookPartOn: tookPartOn!, outcome: outcome || null, entries } };
}

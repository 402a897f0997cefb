import { z } from 'zod';
import type { Issue } from '#platform/validation/index.ts';
import type { EntryFilters, PageCursor } from './repository.ts';

/** Validation for the audit log viewer. Messages are translation keys (locales/<lang>/audit.json). */

export const ACTION_CODE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

const text = (max: number) => z.string().trim().max(max).optional().catch(undefined);
const cursor = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional();

/** The raw query string of /audit, as typed (the form comes back filled in). */
export const listQuery = z.object({
  action: text(100),
  actor: text(100),
  organisation: text(100),
  subjectType: text(100),
  subjectId: text(200),
  'from-day': text(10),
  'from-month': text(10),
  'from-year': text(10),
  'to-day': text(10),
  'to-month': text(10),
  'to-year': text(10),
  before: cursor.catch(undefined),
  after: cursor.catch(undefined),
});
export type ListQuery = z.infer<typeof listQuery>;

/** Midnight at the start of a day in Europe/London, as an instant. */
export function londonMidnight(year: number, month: number, day: number) {
  const utc = Date.UTC(year, month - 1, day);
  // London is UTC or UTC+1; at 00:00 UTC the offset is already that of local midnight
  // (the clocks change at 01:00 UTC).
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      hour: '2-digit',
      hourCycle: 'h23',
    }).format(utc),
  );
  return new Date(utc - hour * 3_600_000);
}

type DateParts = {
  day?: string | undefined;
  month?: string | undefined;
  year?: string | undefined;
};

/** A GOV.UK date input's three parts as a date; undefined when all are empty. */
function parseDate(parts: DateParts, field: 'from' | 'to'): { date?: Date; issue?: Issue } {
  const values = [parts.day, parts.month, parts.year].map((v) => v ?? '');
  if (values.every((v) => v === '')) return {};
  if (values.some((v) => v === ''))
    return { issue: { field, message: `audit:errors.${field}.incomplete` } };
  if (!values.every((v) => /^\d+$/.test(v)))
    return { issue: { field, message: `audit:errors.${field}.invalid` } };
  const [day, month, year] = values.map(Number) as [number, number, number];
  const check = new Date(Date.UTC(year, month - 1, day));
  const real =
    year >= 2000 &&
    year <= 2999 &&
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month - 1 &&
    check.getUTCDate() === day;
  if (!real) return { issue: { field, message: `audit:errors.${field}.invalid` } };
  return { date: londonMidnight(year, month, day) };
}

export interface ParsedList {
  filters: EntryFilters;
  cursor: PageCursor;
  issues: Issue[];
  /** The organisation filter was given but is not an id: answer 404, as for any unknown one. */
  badOrganisation: boolean;
}

export function parseListQuery(query: ListQuery): ParsedList {
  const issues: Issue[] = [];
  const filters: EntryFilters = {};
  if (query.action) {
    if (ACTION_CODE.test(query.action)) filters.action = query.action;
    else issues.push({ field: 'action', message: 'audit:errors.action.invalid' });
  }
  if (query.actor) {
    if (z.guid().safeParse(query.actor).success) filters.actorId = query.actor.toLowerCase();
    else issues.push({ field: 'actor', message: 'audit:errors.actor.invalid' });
  }
  let badOrganisation = false;
  if (query.organisation) {
    if (z.guid().safeParse(query.organisation).success)
      filters.organisationId = query.organisation.toLowerCase();
    else badOrganisation = true;
  }
  if (query.subjectType) {
    if (/^[a-z][a-z0-9_]*$/.test(query.subjectType)) filters.subjectType = query.subjectType;
    else issues.push({ field: 'subjectType', message: 'audit:errors.subjectType.invalid' });
  }
  if (query.subjectId) filters.subjectId = query.subjectId;
  const from = parseDate(
    { day: query['from-day'], month: query['from-month'], year: query['from-year'] },
    'from',
  );
  const to = parseDate(
    { day: query['to-day'], month: query['to-month'], year: query['to-year'] },
    'to',
  );
  if (from.issue) issues.push(from.issue);
  if (to.issue) issues.push(to.issue);
  if (from.date) filters.from = from.date;
  if (to.date) {
    // up to the end of that day
    const next = new Date(to.date.getTime() + 36 * 3_600_000);
    filters.to = londonMidnight(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
  }
  if (filters.from && filters.to && filters.to <= filters.from)
    issues.push({ field: 'to', message: 'audit:errors.to.beforeFrom' });
  return {
    filters,
    cursor: query.after !== undefined ? { after: query.after } : { before: query.before },
    issues,
    badOrganisation,
  };
}

export const actorLookupForm = z.object({
  email: z
    .string({ error: 'audit:errors.email.required' })
    .trim()
    .toLowerCase()
    .min(1, 'audit:errors.email.required')
    .max(320, 'audit:errors.email.invalid')
    .pipe(z.email('audit:errors.email.invalid')),
});

/** Route parameter: an entry id (anything else is simply not found). */
export const entryParams = z.object({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

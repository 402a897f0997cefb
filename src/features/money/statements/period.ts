import { parseDayMonthYear } from '#platform/validation/dates.ts';
import { invalid, ok, type Form, type Result } from '#platform/validation/index.ts';
import { taxYearOf } from '../thresholds/tax-year.ts';
import type { StatementPeriod } from './repository.ts';

/** How many tax years back a person may choose (this one and the five before it). */
export const YEARS_BACK = 6;
/** The longest date range a statement covers: two years (a benefits office asks for less). */
const MAX_RANGE_DAYS = 731;

/** The tax years offered, newest first, for the day `today` (YYYY-MM-DD). */
export const taxYearsOffered = (today: string) => {
  const current = taxYearOf(today);
  return Array.from({ length: YEARS_BACK }, (_, i) => current - i);
};

const daysBetween = (from: string, to: string) =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

const text = (form: Form, field: string) => {
  const value = form[field];
  return typeof value === 'string' ? value : '';
};

/**
 * The period a statement's form (a GET query) asks for: `period` is a tax year from the list
 * offered, or `range` with the from and to dates. Nothing chosen: this tax year.
 */
export function parsePeriod(form: Form, today: string): Result<StatementPeriod> {
  const period = text(form, 'period');
  const years = taxYearsOffered(today);
  if (period === '') return ok({ taxYear: years[0]! });
  if (period !== 'range') {
    const year = Number(period);
    return years.includes(year)
      ? ok({ taxYear: year })
      : invalid('period', 'statements:errors.period');
  }
  const day = (prefix: string) =>
    parseDayMonthYear(
      text(form, `${prefix}-day`),
      text(form, `${prefix}-month`),
      text(form, `${prefix}-year`),
    );
  const from = day('from');
  if (!from) return invalid('from', 'statements:errors.from');
  const to = day('to');
  if (!to) return invalid('to', 'statements:errors.to');
  if (to < from) return invalid('to', 'statements:errors.toBeforeFrom');
  if (daysBetween(from, to) > MAX_RANGE_DAYS) return invalid('to', 'statements:errors.tooLong');
  if (from > today) return invalid('from', 'statements:errors.future');
  return ok({ from, to });
}

/** The query string that asks for `period` again (for the PDF link and the letter). */
export function periodQuery(period: StatementPeriod) {
  if ('taxYear' in period) return `period=${String(period.taxYear)}`;
  const [fy, fm, fd] = period.from.split('-');
  const [ty, tm, td] = period.to.split('-');
  return new URLSearchParams({
    period: 'range',
    'from-day': String(Number(fd)),
    'from-month': String(Number(fm)),
    'from-year': fy!,
    'to-day': String(Number(td)),
    'to-month': String(Number(tm)),
    'to-year': ty!,
  }).toString();
}

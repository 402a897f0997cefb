import { parseDayMonthYear } from '#platform/validation/dates.ts';
import { trimmedField as text } from '#platform/validation/form.ts';
import { failed, ok, type Form, type Issue, type Result } from '#platform/validation/index.ts';
import { nations, type Nation } from '../settings/schema.ts';
import type { HolidayInput } from './service.ts';

/** The add form: a nation, a real day (three boxes) and its name in English and Welsh. */
export function parseHoliday(form: Form): Result<HolidayInput> {
  const issues: Issue[] = [];
  const nation = nations.find((n) => n === text(form, 'nation'));
  if (!nation) issues.push({ field: 'nation', message: 'feedback:errors.nation' });
  const day = parseDayMonthYear(
    text(form, 'day-day'),
    text(form, 'day-month'),
    text(form, 'day-year'),
  );
  if (!day) issues.push({ field: 'day', message: 'feedback:errors.holidayDay' });
  for (const field of ['nameEn', 'nameCy'])
    if (!text(form, field) || text(form, field).length > 100)
      issues.push({
        field,
        message: `feedback:errors.holiday${field === 'nameEn' ? 'En' : 'Cy'}`,
      });
  if (issues.length) return failed(issues);
  return ok({
    nation: nation!,
    day: day!,
    nameEn: text(form, 'nameEn'),
    nameCy: text(form, 'nameCy'),
  });
}

/** The remove button's nation and day, or null when either is not one. */
export function parseRemoval(form: Form): { nation: Nation; day: string } | null {
  const nation = nations.find((n) => n === text(form, 'nation'));
  const day = text(form, 'day');
  return nation && /^\d{4}-\d{2}-\d{2}$/.test(day) ? { nation, day } : null;
}

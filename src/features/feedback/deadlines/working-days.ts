/**
 * Working days for complaint deadlines (issue 12 item 3): Monday to Friday, except the bank
 * holidays of the service's nation (`working_day_holidays`, data an administrator can update).
 * Days are YYYY-MM-DD UK dates; arithmetic is on calendar days in UTC (no clock-change issue).
 */

const dayOfWeek = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

/** The day after `day`. */
export function nextDay(day: string) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** Whether `day` is a working day: not a Saturday, Sunday or one of `holidays`. */
export function isWorkingDay(day: string, holidays: ReadonlySet<string>) {
  const weekday = dayOfWeek(day);
  return weekday !== 0 && weekday !== 6 && !holidays.has(day);
}

/**
 * The day `count` working days after `from` (the day something arrived does not count: a
 * complaint received on a Friday to be acknowledged in 2 working days is due on Tuesday).
 */
export function addWorkingDays(from: string, count: number, holidays: ReadonlySet<string>) {
  if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be a whole number');
  let day = from;
  for (let left = count; left > 0;) {
    day = nextDay(day);
    if (isWorkingDay(day, holidays)) left -= 1;
  }
  return day;
}

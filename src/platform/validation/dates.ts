/** Dates typed into the three boxes of a GOV.UK date input. */

/** Is `YYYY-MM-DD` a real calendar date? */
export function validIso(iso: string) {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The day, month and year boxes as `YYYY-MM-DD`, or null when they are not a real date. */
export function parseDayMonthYear(day: string, month: string, year: string): string | null {
  const [d, m, y] = [day.trim(), month.trim(), year.trim()];
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return null;
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return validIso(iso) ? iso : null;
}

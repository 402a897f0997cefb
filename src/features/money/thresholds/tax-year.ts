/**
 * UK tax years run from 6 April to 5 April. A tax year is named by the calendar year it starts
 * in: 2025 is 6 April 2025 to 5 April 2026 ("2025 to 2026").
 */

/** The tax year a day (YYYY-MM-DD, a UK date) falls in. */
export function taxYearOf(day: string): number {
  const year = Number(day.slice(0, 4));
  return day.slice(5) >= '04-06' ? year : year - 1;
}

/** The first and last day of a tax year (YYYY-MM-DD). */
export const taxYearDays = (taxYear: number) => ({
  from: `${String(taxYear)}-04-06`,
  to: `${String(taxYear + 1)}-04-05`,
});

/** "2025 to 2026" (the same figures in Welsh: "2025 i 2026" comes from the translation). */
export const taxYearName = (
  t: (key: string, options: Record<string, unknown>) => string,
  taxYear: number,
) => t('thresholds:taxYear', { from: String(taxYear), to: String(taxYear + 1) });

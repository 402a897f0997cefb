/**
 * Cells of every spreadsheet export (CSV and XLSX): text a spreadsheet would read as a formula is
 * neutralised, and CSV fields are quoted as RFC 4180 says. Any capability's export uses these.
 */

/** A cell's value: text, a number, or nothing. */
export type Cell = string | number | null;

/** A cell that a spreadsheet would read as a formula (= + - @ tab CR first) gets a leading '. */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One CSV field: neutralised, then quoted when it holds a comma, quote or line break. */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = neutraliseCell(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV line (CRLF, as RFC 4180). */
export const csvLine = (values: readonly Cell[]) => `${values.map(csvField).join(',')}\r\n`;

/** One row of an XLSX sheet: text neutralised as in CSV, numbers and blanks as they are. */
export const sheetRow = (values: readonly Cell[]): Cell[] =>
  values.map((value) => (typeof value === 'string' ? neutraliseCell(value) : value));

import { createHash } from 'node:crypto';

/**
 * Cells of the finance exports: formula injection neutralised, CSV quoting, and a person's stable
 * pseudonymous reference (finance sees a reference, not a name, unless it has money.names).
 */

/** A cell that a spreadsheet would read as a formula (= + - @ tab CR first) gets a leading '. */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One CSV field: neutralised, then quoted when it holds a comma, quote or line break. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = neutraliseCell(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV line (CRLF, as RFC 4180). */
export const csvLine = (values: (string | number | null)[]) =>
  `${values.map(csvField).join(',')}\r\n`;

/** `P-` and the first 8 hex digits of the SHA-256 of the person's id: stable, not the name. */
export const personReference = (personId: string) =>
  `P-${createHash('sha256').update(personId).digest('hex').slice(0, 8).toUpperCase()}`;

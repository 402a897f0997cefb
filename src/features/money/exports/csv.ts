import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { csvLine } from '#platform/exports/cells.ts';
import { financeLineCells } from './cells.ts';
import { streamExportRows, type ExportScope } from './repository.ts';

/** The header of the finance CSV (English: finance systems read it). */
export const csvHeader = [
  'claim_number',
  'paid_on',
  'organisation',
  'cost_centre',
  'person',
  'line_kind',
  'category',
  'activity',
  'amount_pence',
  'vat_pence',
];

/**
 * Writes the finance CSV of `scope` to `write` (e.g. a response stream) row by row, waiting
 * when it asks to (back-pressure), and returns the number of rows. People are shown by their
 * pseudonymous reference, or by name with money.names (`withNames`).
 */
export async function writeFinanceCsv(
  db: Kysely<DB>,
  scope: ExportScope,
  withNames: boolean,
  write: (chunk: string) => Promise<void> | void,
): Promise<number> {
  await write(csvLine(csvHeader));
  let rows = 0;
  for await (const row of streamExportRows(db, scope)) {
    await write(csvLine(financeLineCells(row, withNames)));
    rows += 1;
  }
  return rows;
}

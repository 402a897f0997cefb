import type { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { streamingWorkbook } from '#platform/exports/xlsx.ts';
import { financeLineCells } from './cells.ts';
import { csvHeader } from './csv.ts';
import { streamExportRows, type ExportScope } from './repository.ts';

/**
 * Writes the finance workbook of `scope` to `stream` as it reads (the platform's streaming
 * workbook: each row neutralised and committed as it is written): a "lines" sheet and a "totals"
 * sheet by organisation and activity. Returns the number of lines.
 */
export async function writeFinanceXlsx(
  db: Kysely<DB>,
  scope: ExportScope,
  withNames: boolean,
  stream: Writable,
): Promise<number> {
  const workbook = streamingWorkbook(stream);
  const lines = workbook.sheet('lines');
  lines.add(csvHeader);
  const totals = new Map<string, number>();
  let rows = 0;
  for await (const row of streamExportRows(db, scope)) {
    lines.add(financeLineCells(row, withNames));
    const key = JSON.stringify([row.organisationName, row.category, row.activity ?? row.kind]);
    totals.set(key, (totals.get(key) ?? 0) + row.amountPence);
    rows += 1;
  }
  lines.done();
  const sheet = workbook.sheet('totals');
  sheet.add(['organisation', 'category', 'activity_or_kind', 'amount_pence']);
  for (const [key, pence] of [...totals].sort()) {
    const [organisation, category, activity] = JSON.parse(key) as string[];
    sheet.add([organisation!, category!, activity!, pence]);
  }
  sheet.done();
  await workbook.done();
  return rows;
}

import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { neutraliseCell } from '#platform/exports/cells.ts';
import { personReference } from './cells.ts';
import { csvHeader } from './csv.ts';
import { streamExportRows, type ExportScope } from './repository.ts';

const text = (value: string | null) => (value === null ? null : neutraliseCell(value));

/**
 * Writes the finance workbook of `scope` to `stream` with exceljs's streaming writer (each row
 * committed as it is written): a "lines" sheet and a "totals" sheet by organisation and activity.
 * Returns the number of lines.
 */
export async function writeFinanceXlsx(
  db: Kysely<DB>,
  scope: ExportScope,
  withNames: boolean,
  stream: Writable,
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false });
  const lines = workbook.addWorksheet('lines');
  lines.addRow(csvHeader).commit();
  const totals = new Map<string, number>();
  let rows = 0;
  for await (const row of streamExportRows(db, scope)) {
    lines
      .addRow([
        `C-${String(row.claimNumber).padStart(6, '0')}`,
        row.paidOn,
        text(row.organisationName),
        text(row.organisationName),
        text(withNames ? row.personName : personReference(row.personId)),
        row.kind,
        row.category,
        text(row.activity),
        row.amountPence,
        row.vatPence,
      ])
      .commit();
    const key = JSON.stringify([row.organisationName, row.category, row.activity ?? row.kind]);
    totals.set(key, (totals.get(key) ?? 0) + row.amountPence);
    rows += 1;
  }
  lines.commit();
  const sheet = workbook.addWorksheet('totals');
  sheet.addRow(['organisation', 'category', 'activity_or_kind', 'amount_pence']).commit();
  for (const [key, pence] of [...totals].sort()) {
    const [organisation, category, activity] = JSON.parse(key) as string[];
    sheet.addRow([text(organisation!), category, text(activity!), pence]).commit();
  }
  sheet.commit();
  await workbook.commit();
  return rows;
}

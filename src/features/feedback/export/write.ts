import type { Writable } from 'node:stream';
import type { TFunction } from 'i18next';
import { csvLine, type Cell } from '#platform/exports/cells.ts';
import { streamingWorkbook } from '#platform/exports/xlsx.ts';
import type { Language } from '#platform/i18n/i18n.ts';
import { londonParts } from '#platform/time/london.ts';
import { itemNumber } from '../items/receive.ts';
import type { ExportRow } from './repository.ts';
import { local } from '#platform/i18n/i18n.ts';

/** The columns, in order (headings: `feedbackExport:columns.<name>`). */
export const exportColumns = [
  'reference',
  'received',
  'channel',
  'kind',
  'step',
  'service',
  'themes',
  'urgency',
  'language',
  'said',
  'safeguarding',
  'mergedInto',
  'outcome',
  'doneBy',
  'outcomeEn',
  'outcomeCy',
  'published',
  'acknowledgeBy',
  'respondBy',
  'escalated',
  'escalatedReason',
] as const;

/** A moment as the UK date and time (YYYY-MM-DD HH:MM), which spreadsheets read and sort. */
const ukTime = (at: Date | null) => {
  if (!at) return null;
  const { date, time } = londonParts(at);
  return `${date} ${time}`;
};

/** The file's language and its t. */
export interface FileLanguage {
  language: Language;
  t: TFunction;
}

/** An item as the cells of its row, in the file's language. */
export function exportRecord({ language, t }: FileLanguage, row: ExportRow): Cell[] {
  return [
    itemNumber(row.number),
    ukTime(row.receivedAt),
    t(`feedback:channels.${row.channel}`),
    t(`feedback:kindNames.${row.kind}`),
    t(`feedback:steps.${row.status}`),
    local(language, row.nameEn, row.nameCy),
    row.themes,
    t(`feedback:urgencies.${row.urgency}`),
    t(`feedback:languages.${row.language}`),
    row.body,
    row.safeguarding ? t('common:yes') : null,
    row.mergedInto === null ? null : itemNumber(row.mergedInto),
    row.outcome ? t(`feedback:outcomeNames.${row.outcome}`) : null,
    row.doneBy,
    row.outcomeEn,
    row.outcomeCy,
    ukTime(row.publishedAt),
    row.acknowledgeBy,
    row.respondBy,
    ukTime(row.escalatedAt),
    row.escalatedReason ? t(`feedback:escalations.${row.escalatedReason}`) : null,
  ];
}

const headings = (t: TFunction) => exportColumns.map((c) => t(`feedbackExport:columns.${c}`));

/**
 * Writes the CSV to `write` row by row, waiting when it asks to (back-pressure); a byte order
 * mark first, so that a spreadsheet reads the Welsh letters (ŵ, ŷ) as UTF-8. Returns the rows.
 */
export async function writeFeedbackCsv(
  rows: AsyncIterable<ExportRow>,
  file: FileLanguage,
  write: (chunk: string) => Promise<void> | void,
): Promise<number> {
  await write(`\uFEFF${csvLine(headings(file.t))}`);
  let count = 0;
  for await (const row of rows) {
    await write(csvLine(exportRecord(file, row)));
    count += 1;
  }
  return count;
}

/** The items a sheet holds: Excel's 1,048,576 rows less the headings. */
export const SHEET_ITEMS = 1_048_575;

/**
 * Writes the workbook to `stream` as the rows are read: one sheet, and another ("Feedback 2", ...)
 * each time a sheet is full. Returns the rows.
 */
export async function writeFeedbackXlsx(
  rows: AsyncIterable<ExportRow>,
  file: FileLanguage,
  stream: Writable,
  sheetItems = SHEET_ITEMS,
): Promise<number> {
  const workbook = streamingWorkbook(stream);
  const name = file.t('feedbackExport:sheet');
  let sheets = 1;
  let sheet = workbook.sheet(name);
  sheet.add(headings(file.t));
  let count = 0;
  for await (const row of rows) {
    // the client went away: stop reading
    if (stream.destroyed) throw new Error('The download was closed before the export ended');
    if (count > 0 && count % sheetItems === 0) {
      sheet.done();
      sheets += 1;
      sheet = workbook.sheet(`${name} ${String(sheets)}`);
      sheet.add(headings(file.t));
    }
    sheet.add(exportRecord(file, row));
    count += 1;
  }
  sheet.done();
  await workbook.done();
  return count;
}

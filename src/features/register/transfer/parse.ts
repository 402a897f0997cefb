import { Readable } from 'node:stream';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { parse as csvParser } from 'csv-parse';

/** More data rows than this and the file is refused (split it and import in parts). */
export const MAX_ROWS = 20_000;
/** Rows handled between yields to the event loop, so other requests are answered meanwhile. */
export const ROWS_PER_SLICE = 250;

export type FileProblem =
  'empty' | 'binary' | 'encoding' | 'oldExcel' | 'unreadable' | 'tooManyRows' | 'columns';

/** A problem with the whole file (not one row): nothing in it can be imported. */
export class FileError extends Error {
  readonly problem: FileProblem;
  readonly details: { missing?: string[]; unknown?: string[]; repeated?: string[] };
  constructor(problem: FileProblem, details: FileError['details'] = {}) {
    super(`import file refused: ${problem}`);
    this.problem = problem;
    this.details = details;
  }
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

export function kindOf(data: Buffer): 'xlsx' | 'csv' {
  if (data.length === 0) throw new FileError('empty');
  if (data.subarray(0, 4).equals(ZIP)) return 'xlsx';
  if (data.subarray(0, 4).equals(OLE)) throw new FileError('oldExcel');
  return 'csv';
}

/**
 * The text of a CSV file: UTF-8 (with or without a byte order mark), never binary. A NUL byte
 * refuses the whole file rather than its row: it is what binary files and UTF-16 text (Excel's
 * "Unicode text", a NUL in every other byte, which is valid UTF-8) look like, and no database
 * text can hold it. (XLSX cells cannot hold one either: the XML parser refuses it, raw or as
 * `&#0;`, and the file is `unreadable`.)
 */
export function decodeCsv(data: Buffer) {
  if (data.includes(0)) throw new FileError('binary');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    throw new FileError('encoding');
  }
}

/** Feeds text to the parser in slices, so no single step holds the event loop for long. */
function* slices(text: string, size = 64 * 1024) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function* csvRows(data: Buffer): AsyncGenerator<string[]> {
  const text = decodeCsv(data);
  const parser = Readable.from(slices(text)).pipe(
    csvParser({
      relax_column_count: true,
      skip_empty_lines: false,
      bom: true,
      trim: false,
      max_record_size: 64 * 1024,
    }),
  );
  try {
    for await (const record of parser) yield record as string[];
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError('unreadable');
  } finally {
    parser.destroy();
  }
}

/** A spreadsheet cell as text: dates as YYYY-MM-DD, links and rich text as their text. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    const cell = value as {
      richText?: { text: string }[];
      text?: unknown;
      result?: unknown;
      error?: string;
    };
    if (cell.richText) return cell.richText.map((part) => part.text).join('');
    if (cell.text !== undefined) return cellText(cell.text);
    if (cell.result !== undefined) return cellText(cell.result);
  }
  return '';
}

async function* xlsxRows(data: Buffer): AsyncGenerator<string[]> {
  const { default: ExcelJS } = await import('exceljs'); // loaded when first needed: ~9 MB
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([data]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  let sheets = 0;
  try {
    for await (const worksheet of reader) {
      sheets += 1;
      // only the first sheet is read; the others (notes, lists) are ignored
      if (sheets > 1) break;
      let expected = 1;
      for await (const row of worksheet) {
        // keep the rows numbered as the spreadsheet shows them (empty rows are skipped)
        while (expected < row.number) {
          yield [];
          expected += 1;
        }
        const values = row.values as unknown[];
        yield values.slice(1).map(cellText);
        expected += 1;
      }
    }
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError('unreadable');
  }
  if (sheets === 0) throw new FileError('unreadable');
}

/**
 * Every row of a CSV or XLSX file, the header first, yielding to the event loop every
 * ROWS_PER_SLICE rows. Stops with `tooManyRows` as soon as there are more than MAX_ROWS data
 * rows, without reading the rest.
 */
export async function* readRows(data: Buffer): AsyncGenerator<{ number: number; cells: string[] }> {
  const rows = kindOf(data) === 'xlsx' ? xlsxRows(data) : csvRows(data);
  let number = 0;
  let dataRows = -1; // the first row with anything in it is the header
  for await (const cells of rows) {
    number += 1;
    if (number % ROWS_PER_SLICE === 0) await yieldToEventLoop();
    if (cells.every((cell) => cell.trim() === '')) continue;
    dataRows += 1;
    if (dataRows > MAX_ROWS) throw new FileError('tooManyRows');
    yield { number, cells };
  }
  if (dataRows < 0) throw new FileError('empty');
}

import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { sheetRow, type Cell } from './cells.ts';

/**
 * An XLSX workbook written to `stream` as it is made (exceljs's streaming writer, without shared
 * strings, so memory does not grow with the rows): every row is neutralised (`sheetRow`) and
 * committed as it is added. Call `done()` on each sheet, then on the workbook.
 */
export function streamingWorkbook(stream: Writable) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false });
  return {
    sheet(name: string) {
      const sheet = workbook.addWorksheet(name);
      return {
        add: (values: readonly Cell[]) => sheet.addRow(sheetRow(values)).commit(),
        done: () => sheet.commit(),
      };
    },
    done: () => workbook.commit(),
  };
}

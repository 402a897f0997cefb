import { createHash } from 'node:crypto';
import { claimNumber } from '../claims/repository.ts';
import type { ExportRow } from './repository.ts';

/**
 * A person's stable pseudonymous reference in the finance exports (finance sees a reference, not
 * a name, unless it has money.names). The cells themselves are `#platform/exports/cells.ts`.
 */

/** `P-` and the first 8 hex digits of the SHA-256 of the person's id: stable, not the name. */
export const personReference = (personId: string) =>
  `P-${createHash('sha256').update(personId).digest('hex').slice(0, 8).toUpperCase()}`;

/** A line's cells in the finance CSV and the workbook's "lines" sheet, in `csvHeader`'s order. */
export const financeLineCells = (row: ExportRow, withNames: boolean) => [
  claimNumber(row.claimNumber),
  row.paidOn,
  row.organisationName,
  row.organisationName,
  withNames ? row.personName : personReference(row.personId),
  row.kind,
  row.category,
  row.activity,
  row.amountPence,
  row.vatPence,
];

import type { FileProblem } from './parse.ts';
import type { ImportedPerson, RowProblem } from './columns.ts';

/** The import's types and constants, shared by the service, its writes and the export. */

/** What the preview lists: bad rows, duplicates, or a problem with the whole file. */
export type DuplicateMatch = 'phone' | 'email' | 'nameAndBirth';
export interface DuplicateEntry {
  row: number;
  duplicate: DuplicateMatch;
  /** the person on the register it matches … */
  personId?: string;
  /** … or the earlier row of the same file */
  ofRow?: number;
}
export interface FileEntry {
  file: FileProblem;
  missing?: string[];
  unknown?: string[];
  repeated?: string[];
}
export type ImportEntry = RowProblem | DuplicateEntry | FileEntry;

export const isRowProblem = (e: ImportEntry): e is RowProblem => 'reason' in e;
export const isDuplicate = (e: ImportEntry): e is DuplicateEntry => 'duplicate' in e;
export const isFileProblem = (e: ImportEntry): e is FileEntry => 'file' in e;

/** A row as the import keeps it: what it read, and the lookups that find duplicates. */
export interface StoredPerson extends ImportedPerson {
  lookups: { phone: string | null; email: string | null; dedupe: string | null };
}

export interface OrganisationRef {
  id: string;
  ancestors: string[];
  nameEn: string;
  nameCy: string;
}

export interface ImportDecision {
  importGood: boolean;
  /** Rows (duplicates) to merge; every other duplicate is skipped. */
  merge: Set<number>;
}

/** Rows written or read at a time. */
export const CHUNK = 500;
/** Previews nobody decided about are discarded (rows and all) after this long. */
export const PURGE_AFTER = '7 days';
/** A check still running after this long was cut short (the app restarted). */
export const STALE_AFTER_MS = 15 * 60_000;
/** The consent wording an import records. */
export const WORDING_VERSION = 'import-1';
/** Binds the encrypted rows to their import. */
export const importContext = (id: string) => `person_imports.rows:${id}`;

/** The logging the background import and export need (a pino logger fits). */
export interface TransferLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

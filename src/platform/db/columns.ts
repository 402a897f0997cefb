import type { ColumnType } from 'kysely';

/** Column types the table types share (each feature's `tables.ts` and the platform's schema). */

/** Set by the database when a row is made; never updated. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** Set when a row is made (by default) and on each change. */
export type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** A time that must always be given. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
/** `date` columns are kept as ISO strings (YYYY-MM-DD) on both engines. */
export type DateString = string;
/** `time` columns as HH:MM:SS strings. */
export type TimeString = string;
/** A `text[]` column that defaults to empty. */
export type TextArray = ColumnType<string[], string[] | undefined, string[]>;

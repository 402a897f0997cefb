import type { Insertable } from 'kysely';
import type { DB } from '#platform/db/schema.ts';

/** A row to insert into a table. */
export type Row<T extends keyof DB> = Insertable<DB[T]>;

/** The register's rows a seed makes, one list per table (the demo and national seeds fill them). */
export const registerRows = () => ({
  people: [] as Row<'people'>[],
  connections: [] as Row<'person_organisations'>[],
  history: [] as Row<'person_status_history'>[],
  times: [] as Row<'person_unavailable_times'>[],
  dates: [] as Row<'person_unavailable_dates'>[],
  consents: [] as Row<'consents'>[],
  equality: [] as Row<'equality_monitoring'>[],
});

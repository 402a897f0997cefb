import { sql } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { NationalContext } from '#platform/seed/national.ts';

/** Bulk loading for the national register: unnest inserts, and indexes built once at the end. */

type Db = NationalContext['db'];

export type Cell = string | number | boolean | Date | readonly string[] | null | undefined;

/** A PostgreSQL array literal of text values: {"a","b"}. */
const arrayLiteral = (values: readonly unknown[]) =>
  `{${values.map((v) => `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;

/**
 * Bulk insert that sends one text[] parameter per column and unnests it on the server:
 * a handful of parameters a statement instead of tens of thousands (much faster to bind and
 * parse on both engines). `columns` gives each column's SQL type; values travel as text.
 */
export async function insertUnnest(
  db: Db,
  table: keyof DB,
  columns: Record<string, string>,
  rows: Record<string, Cell>[],
  size = 20_000,
) {
  const names = Object.keys(columns);
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size);
    const arrays = names.map((name) =>
      chunk.map((row) => {
        const value = row[name];
        if (value === null || value === undefined) return null;
        if (Array.isArray(value)) return arrayLiteral(value);
        if (value instanceof Date) return value.toISOString();
        return String(value);
      }),
    );
    await sql`insert into ${sql.table(table)} (${sql.join(names.map((n) => sql.ref(n)))})
      select ${sql.join(names.map((n) => sql`${sql.ref(`u.${n}`)}::${sql.raw(columns[n]!)}`))}
      from unnest(${sql.join(arrays.map((a) => sql`${sql.val(a)}::text[]`))})
        as u(${sql.join(names.map((n) => sql.ref(n)))})`.execute(db);
  }
}

/** The columns each table gets, with their types (what the seed fills in). */
export const columnTypes = {
  people: {
    id: 'uuid',
    organisation_id: 'uuid',
    scope_ids: 'uuid[]',
    kind: 'text',
    display_name: 'text',
    age_band: 'text',
    status: 'text',
    pause_review_date: 'date',
    preferred_language: 'text',
    speaks_welsh: 'boolean',
    formats: 'text[]',
    channels: 'text[]',
    phone: 'text',
    phone_lookup: 'text',
    no_voicemail: 'boolean',
    plain_envelope: 'boolean',
    quiet_from: 'time',
    quiet_to: 'time',
    willing_activities: 'text[]',
    skills: 'text[]',
    training_completed: 'text[]',
    commitment_group: 'text',
    created_at: 'timestamptz',
    updated_at: 'timestamptz',
  },
  person_organisations: { person_id: 'uuid', organisation_id: 'uuid' },
  person_status_history: {
    person_id: 'uuid',
    status: 'text',
    pause_review_date: 'date',
    changed_at: 'timestamptz',
  },
  person_unavailable_times: {
    person_id: 'uuid',
    weekday: 'smallint',
    starts_at: 'time',
    ends_at: 'time',
    reason: 'text',
  },
  person_unavailable_dates: { person_id: 'uuid', date: 'date', reason: 'text' },
  consents: {
    person_id: 'uuid',
    purpose: 'text',
    wording_version: 'text',
    method: 'text',
    recorded_by: 'uuid',
    given_at: 'timestamptz',
    withdrawn_at: 'timestamptz',
    withdrawal_method: 'text',
  },
  equality_monitoring: {
    person_id: 'uuid',
    organisation_id: 'uuid',
    age_band: 'text',
    disability: 'text',
    gender_reassignment: 'text',
    marriage_civil_partnership: 'text',
    pregnancy_maternity: 'text',
    ethnicity: 'text',
    religion_belief: 'text',
    sex: 'text',
    sexual_orientation: 'text',
    welsh_speaker: 'text',
    criminal_justice: 'text',
    housing: 'text',
    recorded_at: 'timestamptz',
  },
} as const;

/**
 * Runs a bulk load with the tables' secondary indexes dropped, then builds them again from
 * their own definitions (pg_indexes): building an index once over 100,000 rows is far faster
 * than updating it row by row (GIN indexes especially). Indexes behind constraints (primary
 * keys) stay. Inside the caller's transaction, so a failure leaves every index in place.
 */
export async function withoutIndexes(trx: Db, tables: string[], work: () => Promise<void>) {
  const indexes = await sql<{ name: string; definition: string }>`
    select i.indexname as name, i.indexdef as definition from pg_indexes i
    where i.schemaname = current_schema() and i.tablename = any(${sql.val(tables)}::text[])
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(trx);
  for (const index of indexes.rows) await sql`drop index ${sql.ref(index.name)}`.execute(trx);
  // the triggers that keep people.identified_scope_ids (0016) would look consents up row by row
  // without their indexes: off during the load, then one update sets the column for everyone
  for (const table of ['people', 'consents'])
    await sql`alter table ${sql.table(table)} disable trigger user`.execute(trx);
  await work();
  for (const table of ['people', 'consents'])
    await sql`alter table ${sql.table(table)} enable trigger user`.execute(trx);
  for (const index of indexes.rows) await sql.raw(index.definition).execute(trx);
  await sql`update people p set identified_scope_ids = p.scope_ids
    where p.identified_scope_ids = '{}' and exists (select 1 from consents c
      where c.person_id = p.id and c.purpose = 'share_identified' and c.withdrawn_at is null)`.execute(
    trx,
  );
}

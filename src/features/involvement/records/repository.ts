import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { RecordInput } from './schema.ts';
import type { Level, Method } from '../tables.ts';
import { inSubtrees } from '#platform/permissions/organisation-in-scope.ts';

/**
 * SQL of the involvement records. Every read is limited to records at organisations in the
 * reader's scope (`o.ancestors && scope`), or to the person themselves (portal).
 */
type Db = Kysely<DB>;

/** Roots of the subtrees the reader may read; null = everywhere. */
export type Scope = string[] | null;

/** One person's involvement in something, as every feature records it. */
export interface InvolvementEntry extends RecordInput {
  /** Chosen by the caller so that recording twice records once (default: a new id). */
  id?: string;
  personId: string;
  /** The member of staff who recorded it. */
  recordedBy: string | null;
}

/**
 * The one way to write involvement records (direct entry, attendance, panels, meetings): inserts
 * the entries in the caller's transaction, skipping any whose id is already recorded, and
 * returns the records written. Auditing is the caller's, in the same transaction.
 */
export async function recordInvolvement(
  trx: Db,
  entries: readonly InvolvementEntry[],
): Promise<{ id: string; personId: string }[]> {
  if (entries.length === 0) return [];
  const rows = await trx
    .insertInto('involvement_records')
    .values(
      entries.map((e) => ({
        ...(e.id ? { id: e.id } : {}),
        organisation_id: e.organisationId,
        person_id: e.personId,
        opportunity_id: e.opportunityId,
        took_part_on: e.tookPartOn,
        hours: e.hours,
        rung: e.rung,
        level: e.level,
        method: e.method,
        role: e.role,
        outcome: e.outcome,
        recorded_by: e.recordedBy,
      })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .returning(['id', 'person_id'])
    .execute();
  return rows.map((r) => ({ id: r.id, personId: r.person_id }));
}

/**
 * Takes back records another feature made and now knows were wrong (attendance corrected to
 * "did not attend"), in the caller's transaction. Returns the records removed.
 */
export async function withdrawInvolvement(
  trx: Db,
  ids: readonly string[],
): Promise<{ id: string; personId: string }[]> {
  if (ids.length === 0) return [];
  const rows = await trx
    .deleteFrom('involvement_records')
    .where('id', 'in', [...ids])
    .returning(['id', 'person_id'])
    .execute();
  return rows.map((r) => ({ id: r.id, personId: r.person_id }));
}

export interface ListedRecord {
  id: string;
  personId: string;
  displayName: string;
  erased: boolean;
  tookPartOn: string;
  hours: number;
  rung: number;
  level: Level;
  method: Method;
  role: string;
  outcome: string | null;
  opportunityId: string | null;
  titleEn: string | null;
  titleCy: string | null;
  organisationId: string;
  organisationNameEn: string;
  organisationNameCy: string;
}

export interface RecordFilters {
  organisationId?: string | undefined;
  personId?: string | undefined;
  rung?: number | undefined;
  method?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

const COUNT_CAP = 10_000;

function conditions(scope: Scope, filters: RecordFilters) {
  const where: RawBuilder<unknown>[] = [inSubtrees(scope)];
  if (filters.organisationId)
    where.push(sql`o.ancestors @> array[${filters.organisationId}]::uuid[]`);
  if (filters.personId) where.push(sql`r.person_id = ${filters.personId}`);
  if (filters.rung) where.push(sql`r.rung = ${filters.rung}`);
  if (filters.method) where.push(sql`r.method = ${filters.method}`);
  if (filters.from) where.push(sql`r.took_part_on >= ${filters.from}::date`);
  if (filters.to) where.push(sql`r.took_part_on <= ${filters.to}::date`);
  return sql.join(where, sql` and `);
}

/** A page of records, newest first, and how many match (counted up to 10,001). */
export async function listRecords(
  db: Db,
  scope: Scope,
  filters: RecordFilters,
  page: { limit: number; offset: number },
) {
  const where = conditions(scope, filters);
  const rows = await sql<ListedRecord>`
    select r.id, r.person_id as "personId", p.display_name as "displayName",
      p.erased_at is not null as erased, to_char(r.took_part_on, 'YYYY-MM-DD') as "tookPartOn",
      r.hours::float8 as hours, r.rung, r.level, r.method, r.role, r.outcome,
      r.opportunity_id as "opportunityId", op.title_en as "titleEn", op.title_cy as "titleCy",
      r.organisation_id as "organisationId", o.name_en as "organisationNameEn",
      o.name_cy as "organisationNameCy"
    from involvement_records r
    join organisations o on o.id = r.organisation_id
    join people p on p.id = r.person_id
    left join opportunities op on op.id = r.opportunity_id
    where ${where}
    order by r.took_part_on desc, r.created_at desc, r.id
    limit ${page.limit} offset ${page.offset}`.execute(db);
  let total = rows.rows.length;
  if (page.offset > 0 || rows.rows.length === page.limit) {
    const counted = await sql<{ n: number }>`
      select count(*)::int as n from (select 1 from involvement_records r
        join organisations o on o.id = r.organisation_id
        where ${where} limit ${COUNT_CAP + 1}) s`.execute(db);
    total = counted.rows[0]?.n ?? 0;
  }
  return {
    rows: rows.rows,
    total: Math.max(total, page.offset + rows.rows.length),
    capped: total > COUNT_CAP,
  };
}

/** Totals of the records that match: how many, hours, and the rungs reached. */
export async function recordTotals(db: Db, scope: Scope, filters: RecordFilters) {
  const result = await sql<{ records: number; hours: number; rungs: number[] | null }>`
    select count(*)::int as records, coalesce(sum(r.hours), 0)::float8 as hours,
      array_agg(distinct r.rung order by r.rung) as rungs
    from involvement_records r join organisations o on o.id = r.organisation_id
    where ${conditions(scope, filters)}`.execute(db);
  const row = result.rows[0];
  return { records: row?.records ?? 0, hours: row?.hours ?? 0, rungs: row?.rungs ?? [] };
}

export interface OrganisationChoice {
  id: string;
  nameEn: string;
  nameCy: string;
  ancestors: string[];
}

/** Organisations a record about the person may be at: theirs (or above) and in scope. */
export async function organisationsForPerson(db: Db, scope: Scope, personScopeIds: string[]) {
  if (personScopeIds.length === 0) return [];
  return db
    .selectFrom('organisations as o')
    .select(['o.id', 'o.name_en as nameEn', 'o.name_cy as nameCy', 'o.ancestors'])
    .where(sql<boolean>`o.id = any(${sql.val(personScopeIds)}::uuid[])`)
    .where(inSubtrees(scope))
    .where('o.archived_at', 'is', null)
    .where('o.kind', '!=', 'nation')
    .orderBy(sql`array_length(o.ancestors, 1)`)
    .orderBy('o.name_en')
    .execute() as Promise<OrganisationChoice[]>;
}

export interface OpportunityChoice {
  id: string;
  organisationId: string;
  titleEn: string;
  titleCy: string;
  rung: number;
}

/** Recent published opportunities the person could have taken part in (for the optional link). */
export async function opportunitiesForPerson(db: Db, scope: Scope, personScopeIds: string[]) {
  if (personScopeIds.length === 0) return [];
  const result = await sql<OpportunityChoice>`
    select op.id, op.organisation_id as "organisationId", op.title_en as "titleEn",
      op.title_cy as "titleCy", op.rung
    from opportunities op join organisations o on o.id = op.organisation_id
    where op.organisation_id = any(${sql.val(personScopeIds)}::uuid[]) and ${inSubtrees(scope)}
      and op.status in ('open', 'closed', 'completed')
    order by coalesce(op.starts_at, op.created_at) desc, op.id
    limit 50`.execute(db);
  return result.rows;
}

export interface OpportunityForRecording {
  id: string;
  organisationId: string;
  ancestors: string[];
  titleEn: string;
  titleCy: string;
  organisationNameEn: string;
  organisationNameCy: string;
  rung: number;
  level: Level;
  method: Method;
  status: string;
  expectedHours: number | null;
  /** The first session's day in Europe/London, if set. */
  startsOn: string | null;
}

export async function findOpportunity(db: Db, id: string, lock = false) {
  const result = await sql<OpportunityForRecording>`
    select op.id, op.organisation_id as "organisationId", o.ancestors, op.title_en as "titleEn",
      op.title_cy as "titleCy", o.name_en as "organisationNameEn",
      o.name_cy as "organisationNameCy", op.rung, op.level, op.method, op.status,
      op.expected_hours::float8 as "expectedHours",
      to_char(op.starts_at at time zone 'Europe/London', 'YYYY-MM-DD') as "startsOn"
    from opportunities op join organisations o on o.id = op.organisation_id
    where op.id = ${id}
    ${lock ? sql`for update of op` : sql``}`.execute(db);
  return result.rows[0];
}

export interface SelectedPerson {
  personId: string;
  displayName: string;
  erased: boolean;
  decision: 'selected' | 'backup';
  /** Hours of the record already made for this opportunity, if any. */
  recordedHours: number | null;
  recordedRole: string | null;
}

/** The people selected (and back-ups) for an opportunity, with any record already made. */
export async function selectedPeople(db: Db, opportunityId: string) {
  const result = await sql<SelectedPerson>`
    select e.person_id as "personId", p.display_name as "displayName",
      p.erased_at is not null as erased, e.status as decision,
      r.hours::float8 as "recordedHours", r.role as "recordedRole"
    from expressions_of_interest e
    join people p on p.id = e.person_id
    left join lateral (select hours, role from involvement_records x
      where x.opportunity_id = e.opportunity_id and x.person_id = e.person_id
      order by x.created_at limit 1) r on true
    where e.opportunity_id = ${opportunityId} and e.status in ('selected', 'backup')
    order by e.status desc, lower(p.display_name), p.id
    limit 1000`.execute(db);
  return result.rows;
}

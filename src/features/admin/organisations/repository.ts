import { sql, type Kysely } from 'kysely';
import type { Language } from '#platform/i18n/i18n.ts';
import type { DB, OrganisationKind, Role } from '#platform/db/schema.ts';

/**
 * SQL for organisations. Lists are filtered by the caller's scope (the roots of the subtrees
 * it may see, or null for everywhere) using the GIN index on `ancestors`; single
 * organisations are loaded by id and authorised by the service before anything is shown.
 */
type Db = Kysely<DB>;

export interface PathItem {
  id: string;
  kind: OrganisationKind;
  nameEn: string;
  nameCy: string;
  /** The ancestors of this ancestor, root first, including itself. */
  ancestors: string[];
}

export interface OrganisationRecord {
  id: string;
  parentId: string | null;
  ancestors: string[];
  kind: OrganisationKind;
  nameEn: string;
  nameCy: string;
  requiresMfa: boolean;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ListedOrganisation extends OrganisationRecord {
  /** The organisation's ancestors, root first, not including itself. */
  path: PathItem[];
}

const columns = [
  'o.id',
  'o.parent_id as parentId',
  'o.ancestors',
  'o.kind',
  'o.name_en as nameEn',
  'o.name_cy as nameCy',
  'o.requires_mfa as requiresMfa',
  'o.archived_at as archivedAt',
  'o.created_at as createdAt',
  'o.updated_at as updatedAt',
] as const;

/** Names (and ancestors, for visibility checks) of the organisations above `o`, root first. */
const pathOf = sql<PathItem[] | null>`(
  select json_agg(json_build_object('id', a.id, 'kind', a.kind, 'nameEn', a.name_en,
    'nameCy', a.name_cy, 'ancestors', a.ancestors) order by array_position(o.ancestors, a.id))
  from organisations a
  where a.id = any(o.ancestors) and a.id <> o.id)`;

const nameColumn = (lang: Language, alias: string) =>
  sql.ref(`${alias}.${lang === 'cy' ? 'name_cy' : 'name_en'}`);

/** Turns words typed into a search box into a prefix query for every word: `cwm:* & ffug:*`. */
export function toPrefixQuery(text: string): string | null {
  const words = text
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  return words.length ? words.map((word) => `${word}:*`).join(' & ') : null;
}

export async function findOrganisation(db: Db, id: string) {
  const row = await db
    .selectFrom('organisations as o')
    .select([...columns, pathOf.as('path')])
    .where('o.id', '=', id)
    .executeTakeFirst();
  return row ? { ...row, path: row.path ?? [] } : undefined;
}

/** Locks the row until the transaction ends (archiving and adding children take turns). */
export async function lockOrganisation(trx: Db, id: string) {
  return trx
    .selectFrom('organisations as o')
    .select(columns)
    .where('o.id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export interface ListOptions {
  /** Roots of the subtrees the caller may see; null for everywhere. */
  scope: string[] | null;
  search: string;
  kind?: OrganisationKind | undefined;
  includeArchived: boolean;
  lang: Language;
  limit: number;
  offset: number;
}

/** The deepest the tree goes: nation, region, area, provider, service, group. */
const MAX_DEPTH = 6;
const levels = Array.from({ length: MAX_DEPTH }, (_, i) => i + 1);

/**
 * One page of the organisations in scope, in tree order (each organisation straight after its
 * parent, siblings by name in the page's language), with the total and each one's path. One
 * query: the ancestors are hash-joined level by level, which stays fast for every
 * organisation in the country (a per-row subquery did not).
 */
export async function listOrganisations(db: Db, options: ListOptions) {
  if (options.scope?.length === 0) return { rows: [], total: 0 };
  const query = toPrefixQuery(options.search);
  const name = options.lang === 'cy' ? 'name_cy' : 'name_en';
  // constants only: no user input goes into these two fragments
  const joins = sql.raw(
    levels.map((l) => `left join organisations a${l} on a${l}.id = o.ancestors[${l}]`).join(' '),
  );
  const order = sql.raw(
    levels.map((l) => `lower(a${l}.${name}) nulls first, a${l}.id nulls first`).join(', '),
  );
  const conditions = [sql`true`];
  if (options.scope !== null)
    conditions.push(sql`o.ancestors && ${sql.val(options.scope)}::uuid[]`);
  if (query !== null) conditions.push(sql`o.search_vector @@ to_tsquery('simple', ${query})`);
  if (options.kind !== undefined) conditions.push(sql`o.kind = ${options.kind}`);
  if (!options.includeArchived) conditions.push(sql`o.archived_at is null`);

  const result = await sql<ListedOrganisation & { total: number; path: PathItem[] | null }>`
    with page as (
      select o.*, count(*) over () as total, row_number() over (order by ${order}) as position
      from organisations o ${joins}
      where ${sql.join(conditions, sql` and `)}
      order by position
      limit ${options.limit} offset ${options.offset}
    )
    select o.id, o.parent_id as "parentId", o.ancestors, o.kind, o.name_en as "nameEn",
      o.name_cy as "nameCy", o.requires_mfa as "requiresMfa", o.archived_at as "archivedAt",
      o.created_at as "createdAt", o.updated_at as "updatedAt", o.total::int as total,
      ${pathOf} as path
    from page o
    order by o.position`.execute(db);
  const rows = result.rows;
  return {
    total: rows[0]?.total ?? 0,
    rows: rows.map(({ total: _total, ...row }) => ({ ...row, path: row.path ?? [] })),
  };
}

export async function listChildren(
  db: Db,
  parentId: string,
  options: { lang: Language; limit: number; offset: number },
) {
  const rows = await db
    .selectFrom('organisations as o')
    .select([
      ...columns,
      sql<number>`count(*) over ()`.as('total'),
      sql<number>`count(*) filter (where o.archived_at is null) over ()`.as('activeTotal'),
    ])
    .where('o.parent_id', '=', parentId)
    .orderBy(sql`o.archived_at is not null`)
    .orderBy(sql`lower(${nameColumn(options.lang, 'o')})`)
    .orderBy('o.id')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
  return {
    total: rows[0]?.total ?? 0,
    activeTotal: rows[0]?.activeTotal ?? 0,
    rows: rows.map(({ total: _total, activeTotal: _activeTotal, ...row }) => row),
  };
}

export interface StaffCount {
  role: Role;
  /** Staff holding the role at this organisation. */
  here: number;
  /** Staff holding the role here or at an organisation below. */
  inSubtree: number;
}

/** How many active staff hold each role here and below (archived organisations left out). */
export async function countStaff(db: Db, organisationId: string) {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', (join) =>
      join.onRef('o.id', '=', 'm.organisation_id').on('o.archived_at', 'is', null),
    )
    .innerJoin('accounts as a', (join) =>
      join.onRef('a.id', '=', 'm.account_id').on('a.disabled_at', 'is', null),
    )
    .select([
      'm.role',
      sql<number>`count(distinct m.account_id) filter (where m.organisation_id = ${organisationId})::int`.as(
        'here',
      ),
      sql<number>`count(distinct m.account_id)::int`.as('inSubtree'),
    ])
    .where(sql<boolean>`o.ancestors && array[${organisationId}]::uuid[]`)
    .groupBy(sql`grouping sets ((m.role), ())`)
    .execute();
  const total = rows.find((row) => row.role === null);
  return {
    byRole: rows.filter((row) => row.role !== null) as StaffCount[],
    here: total?.here ?? 0,
    inSubtree: total?.inSubtree ?? 0,
  };
}

export async function hasActiveChildren(db: Db, id: string) {
  const row = await db
    .selectFrom('organisations')
    .select('id')
    .where('parent_id', '=', id)
    .where('archived_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Which of the names an active sibling (another organisation with the same parent) already has. */
export async function namesTakenBySiblings(
  db: Db,
  fields: { parentId: string | null; nameEn: string; nameCy: string; exceptId?: string },
) {
  const rows = await db
    .selectFrom('organisations')
    .select([
      sql<boolean>`lower(name_en) = lower(${fields.nameEn})`.as('en'),
      sql<boolean>`lower(name_cy) = lower(${fields.nameCy})`.as('cy'),
    ])
    .where((eb) =>
      fields.parentId === null
        ? eb('parent_id', 'is', null)
        : eb('parent_id', '=', fields.parentId),
    )
    .where('archived_at', 'is', null)
    .$if(fields.exceptId !== undefined, (qb) => qb.where('id', '<>', fields.exceptId!))
    .where(
      sql<boolean>`(lower(name_en) = lower(${fields.nameEn}) or lower(name_cy) = lower(${fields.nameCy}))`,
    )
    .execute();
  return { nameEn: rows.some((row) => row.en), nameCy: rows.some((row) => row.cy) };
}

/** Inserts unless an organisation with this id exists already (a repeated submit): true if inserted. */
export async function insertOrganisation(
  db: Db,
  row: Omit<OrganisationRecord, 'archivedAt' | 'createdAt' | 'updatedAt'>,
) {
  const inserted = await db
    .insertInto('organisations')
    .values({
      id: row.id,
      parent_id: row.parentId,
      ancestors: row.ancestors,
      kind: row.kind,
      name_en: row.nameEn,
      name_cy: row.nameCy,
      requires_mfa: row.requiresMfa,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function updateOrganisation(
  db: Db,
  id: string,
  fields: { name_en?: string; name_cy?: string; requires_mfa?: boolean },
) {
  await db
    .updateTable('organisations')
    .set({ ...fields, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

export async function setArchived(db: Db, id: string, archived: boolean) {
  await db
    .updateTable('organisations')
    .set({ archived_at: archived ? sql<Date>`now()` : null, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

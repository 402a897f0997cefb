import { sql, type Kysely } from 'kysely';
import type { DB, Role } from '#platform/db/schema.ts';
import { PAGE_SIZE, type StaffFilters } from './schema.ts';

/**
 * The staff queries of the accounts feature: organisations for pickers, memberships, staff
 * records and lists. They take the actor's scope (the organisations whose subtrees it may see;
 * null = everywhere) and filter on it in SQL.
 */
type Db = Kysely<DB>;

/** `o.ancestors && array[...]`: the organisation lies in one of these subtrees (GIN index). */
const inSubtrees = (ids: readonly string[]) =>
  sql<boolean>`${sql.ref('o.ancestors')} && ${sql.val(ids)}::uuid[]`;

// ---------------------------------------------------------------- organisations and memberships

export interface OrganisationOption {
  id: string;
  name_en: string;
  name_cy: string;
  ancestors: string[];
}

/** Live organisations in the given subtrees (null = all), for pickers and filters. */
export function organisationsIn(db: Db, scope: readonly string[] | null, lang: 'en' | 'cy') {
  return db
    .selectFrom('organisations as o')
    .select(['o.id', 'o.name_en', 'o.name_cy'])
    .where('o.archived_at', 'is', null)
    .$if(scope !== null, (qb) => qb.where(inSubtrees(scope ?? [])))
    .orderBy(lang === 'cy' ? 'o.name_cy' : 'o.name_en')
    .orderBy('o.id')
    .execute();
}

export function findOrganisation(db: Db, organisationId: string) {
  return db
    .selectFrom('organisations as o')
    .select(['o.id', 'o.name_en', 'o.name_cy', 'o.ancestors'])
    .where('o.id', '=', organisationId)
    .where('o.archived_at', 'is', null)
    .executeTakeFirst();
}

export interface MembershipRow {
  organisationId: string;
  role: Role;
  ancestors: string[];
  nameEn: string;
  nameCy: string;
}

const membershipsJson = (scope: readonly string[] | null) => sql<MembershipRow[] | null>`(
  select json_agg(json_build_object('organisationId', m.organisation_id, 'role', m.role,
    'ancestors', o.ancestors, 'nameEn', o.name_en, 'nameCy', o.name_cy)
    order by o.name_en, m.role)
  from memberships m join organisations o on o.id = m.organisation_id
  where m.account_id = a.id and o.archived_at is null
  ${scope === null ? sql`` : sql`and ${inSubtrees(scope)}`})`;

export async function insertMembership(
  db: Db,
  accountId: string,
  organisationId: string,
  role: Role,
) {
  const row = await db
    .insertInto('memberships')
    .values({ account_id: accountId, organisation_id: organisationId, role })
    .onConflict((oc) => oc.doNothing())
    .returning('role')
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteMembership(
  db: Db,
  accountId: string,
  organisationId: string,
  role: Role,
) {
  const result = await db
    .deleteFrom('memberships')
    .where('account_id', '=', accountId)
    .where('organisation_id', '=', organisationId)
    .where('role', '=', role)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** How many organisation_admin roles the account holds (locked, so two removals cannot race). */
export async function countAdminRoles(db: Db, accountId: string) {
  const rows = await db
    .selectFrom('memberships')
    .select('organisation_id')
    .where('account_id', '=', accountId)
    .where('role', '=', 'organisation_admin')
    .forUpdate()
    .execute();
  return rows.length;
}

/** Finds or creates the account for an invitation (an e-mail has one account), locked for the change. */
export async function findOrCreateAccount(
  db: Db,
  fields: { email: string; name: string; language: 'en' | 'cy' },
) {
  const inserted = await db
    .insertInto('accounts')
    .values({ email: fields.email, name: fields.name, language: fields.language })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  const account = await db
    .selectFrom('accounts')
    .select(['id', 'name', 'language', 'password_hash', 'disabled_at'])
    .where('email', '=', fields.email)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { ...account, created: inserted !== undefined };
}

// ---------------------------------------------------------------- staff records

const recordColumns = [
  'a.id',
  'a.email',
  'a.name',
  'a.language',
  'a.platform_admin',
  'a.mfa_enabled_at',
  'a.disabled_at',
  'a.locked_until',
  'a.last_sign_in_at',
  'a.created_at',
  sql<boolean>`a.password_hash is not null`.as('has_password'),
] as const;

/** One account with every live membership (the service decides what the actor may see). */
export function findStaffRecord(db: Db, accountId: string) {
  return db
    .selectFrom('accounts as a')
    .select([...recordColumns, membershipsJson(null).as('memberships')])
    .where('a.id', '=', accountId)
    .executeTakeFirst();
}
export type StaffRecordRow = NonNullable<Awaited<ReturnType<typeof findStaffRecord>>>;

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A page of staff: accounts with a membership in scope matching the filters, each with the
 * memberships the actor may see (one query for the rows, one for the count).
 */
export async function listStaff(db: Db, scope: readonly string[] | null, filters: StaffFilters) {
  const needsMembership = scope !== null || filters.organisation || filters.role;
  let base = db.selectFrom('accounts as a');
  if (needsMembership) {
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('memberships as m')
          .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
          .select(sql`1`.as('one'))
          .whereRef('m.account_id', '=', 'a.id')
          .where('o.archived_at', 'is', null)
          .$if(scope !== null, (qb) => qb.where(inSubtrees(scope ?? [])))
          .$if(!!filters.organisation, (qb) => qb.where(inSubtrees([filters.organisation!])))
          .$if(!!filters.role, (qb) => qb.where('m.role', '=', filters.role!)),
      ),
    );
  }
  if (filters.q) {
    const pattern = `%${escapeLike(filters.q.toLowerCase())}%`;
    base = base.where((eb) =>
      eb.or([eb(sql`lower(a.name)`, 'like', pattern), eb('a.email', 'like', pattern)]),
    );
  }
  if (filters.status === 'disabled') base = base.where('a.disabled_at', 'is not', null);
  if (filters.status === 'active')
    base = base.where('a.disabled_at', 'is', null).where('a.password_hash', 'is not', null);
  if (filters.status === 'invited')
    base = base.where('a.disabled_at', 'is', null).where('a.password_hash', 'is', null);

  const [rows, count] = await Promise.all([
    base
      .select([...recordColumns, membershipsJson(scope).as('memberships')])
      .orderBy(sql`lower(a.name)`)
      .orderBy('a.id')
      .limit(PAGE_SIZE)
      .offset((filters.page - 1) * PAGE_SIZE)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.total };
}

/** The signed-in person's own roles, with organisation names. */
export function ownMemberships(db: Db, accountId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select(['m.organisation_id', 'm.role', 'o.name_en', 'o.name_cy'])
    .where('m.account_id', '=', accountId)
    .where('o.archived_at', 'is', null)
    .orderBy('o.name_en')
    .orderBy('m.role')
    .execute();
}

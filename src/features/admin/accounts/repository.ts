import { sql, type Kysely } from 'kysely';
import { hashToken, randomToken } from '#platform/auth/tokens.ts';
import type { DB, Role } from '#platform/db/schema.ts';
import { PAGE_SIZE, type StaffFilters } from './schema.ts';

/**
 * Every query of the accounts feature. Staff queries take the actor's scope (the organisations
 * whose subtrees it may see; null = everywhere) and filter on it in SQL. Sign-in and token
 * look-ups are about one account, found by e-mail or by a hashed one-time token.
 */
type Db = Kysely<DB>;
export type TokenPurpose = 'invitation' | 'password_reset';

/** `o.ancestors && array[...]`: the organisation lies in one of these subtrees (GIN index). */
const inSubtrees = (ids: readonly string[]) =>
  sql<boolean>`${sql.ref('o.ancestors')} && ${sql.val(ids)}::uuid[]`;

/** Must the account use MFA? Platform admins unless exempted; organisation admins where required. */
const mfaRequiredExpression = sql<boolean>`(
  (a.platform_admin and a.mfa_required) or exists (
    select 1 from memberships m join organisations o on o.id = m.organisation_id
    where m.account_id = a.id and m.role = 'organisation_admin'
      and o.requires_mfa and o.archived_at is null))`;

const credentialColumns = [
  'a.id',
  'a.email',
  'a.name',
  'a.password_hash',
  'a.platform_admin',
  'a.totp_secret',
  'a.mfa_enabled_at',
  'a.totp_last_time_step',
  'a.language',
  'a.locked_until',
  'a.disabled_at',
] as const;

export function findCredentialsByEmail(db: Db, email: string) {
  return db
    .selectFrom('accounts as a')
    .select([...credentialColumns, mfaRequiredExpression.as('mfa_required')])
    .where('a.email', '=', email)
    .executeTakeFirst();
}

export function findCredentialsById(db: Db, accountId: string) {
  return db
    .selectFrom('accounts as a')
    .select([...credentialColumns, mfaRequiredExpression.as('mfa_required')])
    .where('a.id', '=', accountId)
    .executeTakeFirst();
}
export type Credentials = NonNullable<Awaited<ReturnType<typeof findCredentialsById>>>;

/**
 * Counts a failed sign-in; the fifth in a row locks the account and starts the count again.
 * One statement, so concurrent attempts cannot skip the lock.
 */
export async function recordFailedSignIn(
  db: Db,
  accountId: string,
  policy: { maxFailures: number; lockMinutes: number },
) {
  const row = await db
    .updateTable('accounts')
    .set({
      failed_sign_ins: sql`case when failed_sign_ins + 1 >= ${policy.maxFailures} then 0 else failed_sign_ins + 1 end`,
      locked_until: sql`case when failed_sign_ins + 1 >= ${policy.maxFailures}
        then now() + make_interval(mins => ${policy.lockMinutes}) else locked_until end`,
    })
    .where('id', '=', accountId)
    .returning(['locked_until', 'failed_sign_ins'])
    .executeTakeFirst();
  return {
    lockedNow:
      row?.failed_sign_ins === 0 && row.locked_until !== null && row.locked_until > new Date(),
  };
}

export async function recordSuccessfulSignIn(db: Db, accountId: string) {
  await db
    .updateTable('accounts')
    .set({ failed_sign_ins: 0, locked_until: null, last_sign_in_at: sql`now()` })
    .where('id', '=', accountId)
    .execute();
}

/** Takes a TOTP time step for the account; false if that step (or a later one) was used already. */
export async function claimTimeStep(db: Db, accountId: string, timeStep: number) {
  const row = await db
    .updateTable('accounts')
    .set({ totp_last_time_step: timeStep })
    .where('id', '=', accountId)
    .where((eb) =>
      eb.or([eb('totp_last_time_step', 'is', null), eb('totp_last_time_step', '<', timeStep)]),
    )
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function setTotp(
  db: Db,
  accountId: string,
  fields: { encryptedSecret: string; timeStep: number } | null,
) {
  await db
    .updateTable('accounts')
    .set(
      fields
        ? {
            totp_secret: fields.encryptedSecret,
            mfa_enabled_at: sql`now()`,
            totp_last_time_step: fields.timeStep,
            updated_at: sql`now()`,
          }
        : {
            totp_secret: null,
            mfa_enabled_at: null,
            totp_last_time_step: null,
            updated_at: sql`now()`,
          },
    )
    .where('id', '=', accountId)
    .execute();
}

export async function setPassword(db: Db, accountId: string, passwordHash: string) {
  await db
    .updateTable('accounts')
    .set({
      password_hash: passwordHash,
      failed_sign_ins: 0,
      locked_until: null,
      updated_at: sql`now()`,
    })
    .where('id', '=', accountId)
    .execute();
}

export async function setLanguage(db: Db, accountId: string, language: 'en' | 'cy') {
  await db
    .updateTable('accounts')
    .set({ language, updated_at: sql`now()` })
    .where('id', '=', accountId)
    .execute();
}

export async function makePlatformAdmin(db: Db, accountId: string) {
  await db
    .updateTable('accounts')
    .set({ platform_admin: true, mfa_required: true, updated_at: sql`now()` })
    .where('id', '=', accountId)
    .execute();
}

export async function setDisabled(db: Db, accountId: string, disabled: boolean) {
  await db
    .updateTable('accounts')
    .set(
      disabled
        ? { disabled_at: sql`now()`, updated_at: sql`now()` }
        : { disabled_at: null, failed_sign_ins: 0, locked_until: null, updated_at: sql`now()` },
    )
    .where('id', '=', accountId)
    .execute();
}

// ---------------------------------------------------------------- one-time links

/** Creates a one-time link token; only its hash is stored. */
export async function createToken(
  db: Db,
  accountId: string,
  purpose: TokenPurpose,
  lifetimeMs: number,
) {
  const token = randomToken(32);
  await db
    .insertInto('account_tokens')
    .values({
      token_hash: hashToken(token),
      account_id: accountId,
      purpose,
      expires_at: new Date(Date.now() + lifetimeMs),
    })
    .execute();
  return token;
}

/** The account a live (unused, unexpired) token belongs to, if it is not disabled. */
export function findLiveToken(db: Db, token: string, purpose: TokenPurpose) {
  return db
    .selectFrom('account_tokens as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .select(['a.id', 'a.email', 'a.name', 'a.language', 'a.password_hash'])
    .where('t.token_hash', '=', hashToken(token))
    .where('t.purpose', '=', purpose)
    .where('t.used_at', 'is', null)
    .where('t.expires_at', '>', sql<Date>`now()`)
    .where('a.disabled_at', 'is', null)
    .executeTakeFirst();
}

/** Uses a token once: the account id, or undefined if it was used, expired or never existed. */
export async function consumeToken(db: Db, token: string, purpose: TokenPurpose) {
  const row = await db
    .updateTable('account_tokens')
    .set({ used_at: sql`now()` })
    .where('token_hash', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('account_id')
    .executeTakeFirst();
  return row?.account_id;
}

/** Ends every outstanding link of a purpose (after a reset, the other reset links die too). */
export async function expireTokens(db: Db, accountId: string, purpose: TokenPurpose) {
  await db
    .updateTable('account_tokens')
    .set({ used_at: sql`now()` })
    .where('account_id', '=', accountId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
}

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
    .select(['o.id', 'o.name_en', 'o.name_cy', 'o.ancestors'])
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

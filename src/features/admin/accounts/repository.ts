import { sql, type Kysely } from 'kysely';
import { hashToken, randomToken } from '#platform/auth/tokens.ts';
import type { DB } from '#platform/db/schema.ts';

/**
 * Every query of the accounts feature. Staff queries take the actor's scope (the organisations
 * whose subtrees it may see; null = everywhere) and filter on it in SQL. Sign-in and token
 * look-ups are about one account, found by e-mail or by a hashed one-time token. Staff
 * records, memberships and organisation pickers are in staff-repository.ts.
 */
export * from './staff-repository.ts';

type Db = Kysely<DB>;
export type TokenPurpose = 'invitation' | 'password_reset';

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

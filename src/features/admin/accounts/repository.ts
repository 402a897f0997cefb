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
 * Counts a wrong security code; the fifth in a row locks the account and starts the count again.
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

// ---------------------------------------------------------------- sign-in throttle

/** The two throttle keys of one attempt (keyed hashes: see sign-in-service.ts). */
export interface ThrottleKeys {
  /** The e-mail address typed, from this client address. */
  pair: string;
  /** The e-mail address typed, from anywhere. */
  email: string;
}

export interface ThrottlePolicy {
  pair: {
    freeFailures: number;
    firstPauseMinutes: number;
    maxPauseMinutes: number;
    forgetAfterHours: number;
  };
  email: { maxFailures: number; windowMinutes: number; pauseMinutes: number };
  trustDays: number;
}

/** Where an attempt stands: paused, and whether its client address is trusted for the account. */
export async function findThrottle(db: Db, keys: ThrottleKeys) {
  const rows = await db
    .selectFrom('sign_in_throttles')
    .select(['key', 'blocked_until', 'trusted_until'])
    .where('key', 'in', [keys.pair, keys.email])
    .execute();
  const now = new Date();
  const live = (at: Date | null | undefined) => at != null && at > now;
  const pair = rows.find((r) => r.key === keys.pair);
  const email = rows.find((r) => r.key === keys.email);
  const trusted = live(pair?.trusted_until);
  return { trusted, paused: live(pair?.blocked_until) || (!trusted && live(email?.blocked_until)) };
}

/**
 * Counts a failed password against both keys, each in one statement (concurrent attempts cannot
 * skip a pause). The pair pauses after its free tries, for a time that doubles up to the cap;
 * the e-mail address pauses when its failures within the window reach the maximum. Says whether
 * this attempt is now paused, as findThrottle would.
 */
export async function recordSignInFailure(db: Db, keys: ThrottleKeys, policy: ThrottlePolicy) {
  const { pair, email } = policy;
  const pairFailures = sql`(case when t.updated_at < now() - make_interval(hours => ${pair.forgetAfterHours})
    then 1 else t.failures + 1 end)`;
  const pairPause = (failures: unknown) => sql`case when ${failures} >= ${pair.freeFailures}
    then now() + make_interval(mins => least(${pair.maxPauseMinutes},
      ${pair.firstPauseMinutes} * power(2, least(${failures} - ${pair.freeFailures}, 10)))::int)
    else null end`;
  const pairRow = await sql<{ blocked_until: Date | null; trusted_until: Date | null }>`
    insert into sign_in_throttles as t (key, failures, blocked_until)
    values (${keys.pair}, 1, ${pairPause(sql`1`)})
    on conflict (key) do update set
      failures = ${pairFailures},
      blocked_until = ${pairPause(pairFailures)},
      updated_at = now()
    returning blocked_until, trusted_until`.execute(db);
  const newWindow = sql`t.window_started_at < now() - make_interval(mins => ${email.windowMinutes})`;
  const emailFailures = sql`(case when ${newWindow} then 1 else t.failures + 1 end)`;
  const emailRow = await sql<{ blocked_until: Date | null }>`
    insert into sign_in_throttles as t (key, failures, blocked_until)
    values (${keys.email}, 1, case when 1 >= ${email.maxFailures}
      then now() + make_interval(mins => ${email.pauseMinutes}) else null end)
    on conflict (key) do update set
      failures = ${emailFailures},
      window_started_at = case when ${newWindow} then now() else t.window_started_at end,
      blocked_until = case when ${emailFailures} >= ${email.maxFailures}
        then now() + make_interval(mins => ${email.pauseMinutes}) else t.blocked_until end,
      updated_at = now()
    returning blocked_until`.execute(db);
  const now = new Date();
  const live = (at: Date | null | undefined) => at != null && at > now;
  const p = pairRow.rows[0];
  const trusted = live(p?.trusted_until);
  return {
    paused: live(p?.blocked_until) || (!trusted && live(emailRow.rows[0]?.blocked_until)),
  };
}

/**
 * The right password (and code) from this client address, or a reset link opened there: its
 * failures are cleared and it is trusted for the account, so a spread attack on the e-mail
 * address does not pause it. The e-mail address's own count is left alone: an attacker gains
 * no fresh tries from the owner signing in.
 */
export async function trustSignInPair(db: Db, pairKey: string, trustDays: number) {
  await sql`
    insert into sign_in_throttles as t (key, failures, trusted_until)
    values (${pairKey}, 0, now() + make_interval(days => ${trustDays}))
    on conflict (key) do update set
      failures = 0, blocked_until = null, trusted_until = excluded.trusted_until, updated_at = now()
  `.execute(db);
}

/** Forgets throttle rows nobody has needed for a day (run hourly). */
export async function pruneSignInThrottles(db: Db) {
  const result = await db
    .deleteFrom('sign_in_throttles')
    .where('updated_at', '<', sql<Date>`now() - interval '1 day'`)
    .where((eb) =>
      eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<', sql<Date>`now()`)]),
    )
    .where((eb) =>
      eb.or([eb('trusted_until', 'is', null), eb('trusted_until', '<', sql<Date>`now()`)]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

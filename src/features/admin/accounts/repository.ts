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

/** The account with the column given equal to the value, with what signing in checks. */
const findCredentials = (db: Db, column: 'a.email' | 'a.id', value: string) =>
  db
    .selectFrom('accounts as a')
    .select([...credentialColumns, mfaRequiredExpression.as('mfa_required')])
    .where(column, '=', value)
    .executeTakeFirst();

export const findCredentialsByEmail = (db: Db, email: string) =>
  findCredentials(db, 'a.email', email);

export const findCredentialsById = (db: Db, accountId: string) =>
  findCredentials(db, 'a.id', accountId);
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

const MINUTE_MS = 60_000;

/**
 * Takes one attempt from the throttle before the password is checked, counting it as a failure
 * until the password proves right (clearSignInAttempt), all under a lock on both rows: attempts
 * sent at the same moment cannot all be checked before the first of them is counted. Refused
 * (nothing counted) while the pair is paused, or the e-mail address is paused and the pair is
 * not trusted. `pausedIfWrong`: this attempt, if its password is wrong, has paused its source.
 */
export async function reserveSignInAttempt(db: Db, keys: ThrottleKeys, policy: ThrottlePolicy) {
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sign_in_throttles')
      .values([{ key: keys.email }, { key: keys.pair }])
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const { rows } = await sql<{
      key: string;
      failures: number;
      window_started_at: Date;
      blocked_until: Date | null;
      trusted_until: Date | null;
      updated_at: Date;
      now: Date;
    }>`select key, failures, window_started_at, blocked_until, trusted_until, updated_at,
        now() as now
      from sign_in_throttles where key in (${keys.email}, ${keys.pair})
      order by key for update`.execute(trx);
    const pair = rows.find((r) => r.key === keys.pair)!;
    const email = rows.find((r) => r.key === keys.email)!;
    const now = pair.now.getTime();
    const live = (at: Date | null) => at !== null && at.getTime() > now;
    const trusted = live(pair.trusted_until);
    if (live(pair.blocked_until) || (!trusted && live(email.blocked_until)))
      return { allowed: false as const };

    const { pair: p, email: e } = policy;
    const forgotten = pair.updated_at.getTime() < now - p.forgetAfterHours * 60 * MINUTE_MS;
    const pairFailures = (forgotten ? 0 : pair.failures) + 1;
    const pauseMinutes = Math.min(
      p.maxPauseMinutes,
      p.firstPauseMinutes * 2 ** Math.min(pairFailures - p.freeFailures, 10),
    );
    const pairBlocked =
      pairFailures >= p.freeFailures ? new Date(now + pauseMinutes * MINUTE_MS) : null;
    const newWindow = email.window_started_at.getTime() < now - e.windowMinutes * MINUTE_MS;
    const emailFailures = (newWindow ? 0 : email.failures) + 1;
    const emailBlocked =
      emailFailures >= e.maxFailures
        ? new Date(now + e.pauseMinutes * MINUTE_MS)
        : email.blocked_until;
    await trx
      .updateTable('sign_in_throttles')
      .set({ failures: pairFailures, blocked_until: pairBlocked, updated_at: sql`now()` })
      .where('key', '=', keys.pair)
      .execute();
    await trx
      .updateTable('sign_in_throttles')
      .set({
        failures: emailFailures,
        window_started_at: newWindow ? sql`now()` : email.window_started_at,
        blocked_until: emailBlocked,
        updated_at: sql`now()`,
      })
      .where('key', '=', keys.email)
      .execute();
    return {
      allowed: true as const,
      pausedIfWrong: live(pairBlocked) || (!trusted && live(emailBlocked)),
    };
  });
}

/**
 * The password was right: the attempt taken by reserveSignInAttempt was not a failure. The pair
 * starts again from nothing; the e-mail address only gives back this one attempt, so an attacker
 * gains no fresh tries from the owner signing in.
 */
export async function clearSignInAttempt(db: Db, keys: ThrottleKeys) {
  await db
    .updateTable('sign_in_throttles')
    .set({ failures: 0, blocked_until: null, updated_at: sql`now()` })
    .where('key', '=', keys.pair)
    .execute();
  await db
    .updateTable('sign_in_throttles')
    .set({ failures: sql`greatest(failures - 1, 0)`, updated_at: sql`now()` })
    .where('key', '=', keys.email)
    .execute();
}

/**
 * The right password and code from this client address, or a reset link used there: it is
 * trusted for the account (a spread attack on the e-mail address does not pause it) and its
 * failures are cleared.
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

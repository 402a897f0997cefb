import crypto from 'node:crypto';
import { decrypt, type KeyRing } from '#platform/crypto/encryption.ts';
import { hashPassword, verifyPassword } from '#platform/auth/passwords.ts';
import { randomToken } from '#platform/auth/tokens.ts';
import { aboutAccount, LOCKOUT, secretContext, type AccountsDependencies } from './context.ts';
import { signInThrottle } from './limits.ts';
import * as repo from './repository.ts';
import { checkTotp } from './totp.ts';

export type SignInResult =
  | { outcome: 'invalid' }
  /**
   * Too many failures for this e-mail address from this client address, or from everywhere
   * (and this client address is not trusted for it). Given alike whether or not the address
   * has an account, before the password is checked.
   */
  | { outcome: 'throttled' }
  /** The password was right, but wrong security codes have locked the account for a while. */
  | { outcome: 'locked' }
  | { outcome: 'disabled' }
  /** The password was right; a code from the authenticator app comes next. */
  | { outcome: 'mfa'; accountId: string }
  | { outcome: 'signed_in'; accountId: string; mfaSetupRequired: boolean };

export type SecondFactorResult =
  | { outcome: 'signed_in'; accountId: string }
  | { outcome: 'invalid' }
  | { outcome: 'reused' }
  | { outcome: 'locked' }
  /** The account was disabled or lost its MFA while the code was being typed. */
  | { outcome: 'gone' };

/** A key for the throttle's hashes derived from the current encryption key: never the key itself. */
function throttleSecret(keys: KeyRing) {
  const key = Buffer.isBuffer(keys) ? keys : keys[0];
  if (!key) throw new Error('No encryption key');
  return crypto.createHmac('sha256', key).update('cyd sign-in throttle v1').digest();
}

const isLocked = (account: { locked_until: Date | null }) =>
  account.locked_until !== null && account.locked_until > new Date();

/**
 * Signing in: the password with its throttle (limits.ts, signInThrottle), the second factor
 * with its lockout, signing out.
 *
 * Every attempt does the same work whether or not the e-mail address has an account: one look-up
 * of the account, then the throttle takes the attempt (the same statements); unless paused, an
 * argon2id check (against a dummy hash when there is no account or no password yet); on a wrong
 * password, one audit entry. The answers differ only once the right password has been given.
 */
export function createSignIn({ db, audit, config }: AccountsDependencies) {
  // Unknown e-mail addresses are checked against this hash so they take as long as known ones.
  let dummyHash: Promise<string> | undefined;
  const hashForTiming = () => (dummyHash ??= hashPassword(randomToken(24)));

  /** Throttle keys: keyed hashes, so no e-mail or network address is stored. */
  const secret = throttleSecret(config.encryptionKey);
  const throttleKey = (kind: 'pair' | 'email', ...parts: string[]) =>
    crypto
      .createHmac('sha256', secret)
      .update([kind, ...parts].join('\0'))
      .digest('base64url');
  const throttleKeys = (email: string, clientAddress: string): repo.ThrottleKeys => {
    const normalised = email.trim().toLowerCase();
    return {
      pair: `pair:${throttleKey('pair', normalised, clientAddress)}`,
      email: `email:${throttleKey('email', normalised)}`,
    };
  };

  async function completeSignIn(
    account: { id: string; email: string },
    clientAddress: string,
    details: Record<string, unknown>,
  ) {
    await db.transaction().execute(async (trx) => {
      await repo.recordSuccessfulSignIn(trx, account.id);
      await repo.trustSignInPair(
        trx,
        throttleKeys(account.email, clientAddress).pair,
        signInThrottle.trustDays,
      );
      await audit.record(
        { ...aboutAccount(account.id, account.id), action: 'account.signed_in', details },
        trx,
      );
    });
  }

  /** An audited failure that does not count towards any lock or pause. */
  const refuse = (accountId: string | null, reason: string) =>
    audit.record({
      actorAccountId: null,
      action: 'account.sign_in_failed',
      subjectType: accountId ? 'account' : null,
      subjectId: accountId,
      details: { reason },
    });

  /** Counts a wrong code (audited) and says whether it has just locked the account. */
  async function failSecondFactor(accountId: string) {
    return db.transaction().execute(async (trx) => {
      const { lockedNow } = await repo.recordFailedSignIn(trx, accountId, LOCKOUT);
      const entry = aboutAccount(null, accountId);
      await audit.record(
        { ...entry, action: 'account.sign_in_failed', details: { reason: 'mfa_code' } },
        trx,
      );
      if (lockedNow)
        await audit.record(
          { ...entry, action: 'account.locked', details: { minutes: LOCKOUT.lockMinutes } },
          trx,
        );
      return lockedNow;
    });
  }

  /**
   * A wrong password, or an address with no account or no password yet (already counted when
   * the attempt was taken): audited, never with the typed e-mail, only the account id if any.
   */
  const failPassword = (
    account: { id: string; password_hash: string | null } | undefined,
    paused: boolean,
  ) =>
    audit.record({
      actorAccountId: null,
      action: paused ? 'account.sign_in_paused' : 'account.sign_in_failed',
      subjectType: account ? 'account' : null,
      subjectId: account?.id ?? null,
      details: {
        reason: !account ? 'unknown_account' : account.password_hash ? 'password' : 'no_password',
      },
    });

  /** The first step: e-mail address and password, from a client (network) address. */
  async function signIn(
    email: string,
    password: string,
    clientAddress: string,
  ): Promise<SignInResult> {
    const keys = throttleKeys(email, clientAddress);
    const account = await repo.findCredentialsByEmail(db, email);
    const attempt = await repo.reserveSignInAttempt(db, keys, signInThrottle);
    if (!attempt.allowed) {
      await refuse(account?.id ?? null, 'throttled');
      return { outcome: 'throttled' };
    }
    const passwordOk = await verifyPassword(
      account?.password_hash ?? (await hashForTiming()),
      password,
    );
    if (!account?.password_hash || !passwordOk) {
      await failPassword(account, attempt.pausedIfWrong);
      return { outcome: attempt.pausedIfWrong ? 'throttled' : 'invalid' };
    }
    await repo.clearSignInAttempt(db, keys);
    // Only someone who gave the right password learns anything about the account from here on.
    if (account.disabled_at) {
      await refuse(account.id, 'disabled');
      return { outcome: 'disabled' };
    }
    if (isLocked(account)) {
      await refuse(account.id, 'locked');
      return { outcome: 'locked' };
    }
    if (account.mfa_enabled_at && account.totp_secret) {
      return { outcome: 'mfa', accountId: account.id };
    }
    await completeSignIn(account, clientAddress, {
      mfa: false,
      mfaSetupRequired: account.mfa_required,
    });
    return { outcome: 'signed_in', accountId: account.id, mfaSetupRequired: account.mfa_required };
  }

  /**
   * The second step: a code from the authenticator app. Wrong codes lock the account (LOCKOUT):
   * only someone who knows the password can get here.
   */
  async function verifySecondFactor(
    accountId: string,
    code: string,
    clientAddress: string,
  ): Promise<SecondFactorResult> {
    const account = await repo.findCredentialsById(db, accountId);
    if (!account || account.disabled_at || !account.totp_secret || !account.mfa_enabled_at)
      return { outcome: 'gone' };
    if (isLocked(account)) return { outcome: 'locked' };
    const secret = decrypt(account.totp_secret, config.encryptionKey, secretContext(account.id));
    const check = await checkTotp(secret, code, account.totp_last_time_step);
    if (check.valid && (await repo.claimTimeStep(db, account.id, check.timeStep))) {
      await completeSignIn(account, clientAddress, { mfa: true });
      return { outcome: 'signed_in', accountId: account.id };
    }
    if (check.valid || check.reused) {
      await refuse(account.id, 'mfa_code_reused');
      return { outcome: 'reused' };
    }
    const lockedNow = await failSecondFactor(account.id);
    return { outcome: lockedNow ? 'locked' : 'invalid' };
  }

  async function recordSignOut(accountId: string) {
    await audit.record({ ...aboutAccount(accountId, accountId), action: 'account.signed_out' });
  }

  /** Signs in a person who has just set their password (from an invitation). */
  async function signInAfterSettingPassword(accountId: string, clientAddress: string) {
    const account = (await repo.findCredentialsById(db, accountId))!;
    await completeSignIn(account, clientAddress, {
      mfa: false,
      mfaSetupRequired: account.mfa_required,
    });
    return { accountId, mfaSetupRequired: account.mfa_required };
  }

  /**
   * A reset link was used from this client address: it proved the e-mail address is theirs, so
   * that address is trusted for the account (and can sign in during a spread attack).
   */
  async function trustAfterReset(account: { email: string }, clientAddress: string) {
    await repo.trustSignInPair(
      db,
      throttleKeys(account.email, clientAddress).pair,
      signInThrottle.trustDays,
    );
  }

  /** The hourly job: forgets throttle rows nobody has needed for a day. */
  const pruneThrottles = () => repo.pruneSignInThrottles(db);

  return {
    signIn,
    verifySecondFactor,
    recordSignOut,
    signInAfterSettingPassword,
    trustAfterReset,
    pruneThrottles,
  };
}

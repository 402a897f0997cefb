import { decrypt } from '#platform/crypto/encryption.ts';
import { hashPassword, verifyPassword } from '#platform/auth/passwords.ts';
import { randomToken } from '#platform/auth/tokens.ts';
import { aboutAccount, LOCKOUT, secretContext, type AccountsDependencies } from './context.ts';
import * as repo from './repository.ts';
import { checkTotp } from './totp.ts';

export type SignInResult =
  | { outcome: 'invalid' }
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

const isLocked = (account: { locked_until: Date | null }) =>
  account.locked_until !== null && account.locked_until > new Date();

/** Signing in: the password with lockout, the second factor, signing out. */
export function createSignIn({ db, audit, config }: AccountsDependencies) {
  // Unknown e-mail addresses are checked against this hash so they take as long as known ones.
  let dummyHash: Promise<string> | undefined;
  const hashForTiming = () => (dummyHash ??= hashPassword(randomToken(24)));

  async function completeSignIn(accountId: string, details: Record<string, unknown>) {
    await db.transaction().execute(async (trx) => {
      await repo.recordSuccessfulSignIn(trx, accountId);
      await audit.record(
        { ...aboutAccount(accountId, accountId), action: 'account.signed_in', details },
        trx,
      );
    });
  }

  /** An audited failure that does not count towards the lock. */
  const refuse = (accountId: string, reason: string) =>
    audit.record({
      ...aboutAccount(null, accountId),
      action: 'account.sign_in_failed',
      details: { reason },
    });

  /** Counts a failure (audited) and says whether it has just locked the account. */
  async function failSignIn(accountId: string, reason: string) {
    return db.transaction().execute(async (trx) => {
      const { lockedNow } = await repo.recordFailedSignIn(trx, accountId, LOCKOUT);
      const entry = aboutAccount(null, accountId);
      await audit.record({ ...entry, action: 'account.sign_in_failed', details: { reason } }, trx);
      if (lockedNow)
        await audit.record(
          { ...entry, action: 'account.locked', details: { minutes: LOCKOUT.lockMinutes } },
          trx,
        );
      return lockedNow;
    });
  }

  async function signIn(email: string, password: string): Promise<SignInResult> {
    const account = await repo.findCredentialsByEmail(db, email);
    const passwordOk = await verifyPassword(
      account?.password_hash ?? (await hashForTiming()),
      password,
    );
    if (!account?.password_hash) {
      // never the typed e-mail: only the account id when there is one
      await audit.record({
        actorAccountId: null,
        action: 'account.sign_in_failed',
        subjectType: account ? 'account' : null,
        subjectId: account?.id ?? null,
        details: { reason: account ? 'no_password' : 'unknown_account' },
      });
      return { outcome: 'invalid' };
    }
    if (isLocked(account)) {
      await refuse(account.id, 'locked');
      return { outcome: 'locked' };
    }
    if (!passwordOk) {
      const lockedNow = await failSignIn(account.id, 'password');
      return { outcome: lockedNow ? 'locked' : 'invalid' };
    }
    if (account.disabled_at) {
      await refuse(account.id, 'disabled');
      return { outcome: 'disabled' };
    }
    if (account.mfa_enabled_at && account.totp_secret) {
      return { outcome: 'mfa', accountId: account.id };
    }
    await completeSignIn(account.id, { mfa: false, mfaSetupRequired: account.mfa_required });
    return { outcome: 'signed_in', accountId: account.id, mfaSetupRequired: account.mfa_required };
  }

  /** The second step: a code from the authenticator app. Wrong codes count towards the lock. */
  async function verifySecondFactor(accountId: string, code: string): Promise<SecondFactorResult> {
    const account = await repo.findCredentialsById(db, accountId);
    if (!account || account.disabled_at || !account.totp_secret || !account.mfa_enabled_at)
      return { outcome: 'gone' };
    if (isLocked(account)) return { outcome: 'locked' };
    const secret = decrypt(account.totp_secret, config.encryptionKey, secretContext(account.id));
    const check = await checkTotp(secret, code, account.totp_last_time_step);
    if (check.valid && (await repo.claimTimeStep(db, account.id, check.timeStep))) {
      await completeSignIn(account.id, { mfa: true });
      return { outcome: 'signed_in', accountId: account.id };
    }
    if (check.valid || check.reused) {
      await refuse(account.id, 'mfa_code_reused');
      return { outcome: 'reused' };
    }
    const lockedNow = await failSignIn(account.id, 'mfa_code');
    return { outcome: lockedNow ? 'locked' : 'invalid' };
  }

  async function recordSignOut(accountId: string) {
    await audit.record({ ...aboutAccount(accountId, accountId), action: 'account.signed_out' });
  }

  /** Signs in a person who has just set their password (from an invitation). */
  async function signInAfterSettingPassword(accountId: string) {
    const account = (await repo.findCredentialsById(db, accountId))!;
    await completeSignIn(accountId, { mfa: false, mfaSetupRequired: account.mfa_required });
    return { accountId, mfaSetupRequired: account.mfa_required };
  }

  return { signIn, verifySecondFactor, recordSignOut, signInAfterSettingPassword };
}

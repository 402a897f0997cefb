import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { decrypt, encrypt } from '#platform/crypto/encryption.ts';
import { hashPassword, verifyPassword } from '#platform/auth/passwords.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import { notFound } from '#platform/http/errors.ts';
import { aboutAccount, secretContext, setupContext, type AccountsDependencies } from './context.ts';
import * as repo from './repository.ts';
import { checkTotp, newTotpSecret, qrCodeSvg, totpUri } from './totp.ts';

/** The person's own account: memberships, password, language and two-factor authentication. */
export function createOwnAccount({ db, audit, sessions, config }: AccountsDependencies) {
  const keys = config.encryptionKey;

  /** Writes to the actor's own account and audits it, in one transaction. */
  const changeOwn = (
    actor: Actor,
    action: string,
    write: (trx: Kysely<DB>) => Promise<unknown>,
    details?: Record<string, unknown>,
  ) =>
    db.transaction().execute(async (trx) => {
      await write(trx);
      await audit.record(
        { ...aboutAccount(actor.id, actor.id), action, ...(details ? { details } : {}) },
        trx,
      );
    });

  async function accountOverview(actor: Actor) {
    const [memberships, credentials] = await Promise.all([
      repo.ownMemberships(db, actor.id),
      repo.findCredentialsById(db, actor.id),
    ]);
    return {
      memberships,
      mfaRequired: credentials?.mfa_required ?? true,
      mfaEnabledAt: credentials?.mfa_enabled_at ?? null,
    };
  }

  async function changePassword(actor: Actor, currentPassword: string, newPassword: string) {
    const account = await repo.findCredentialsById(db, actor.id);
    if (!account?.password_hash || !(await verifyPassword(account.password_hash, currentPassword)))
      return { outcome: 'wrong_password' as const };
    const passwordHash = await hashPassword(newPassword);
    await changeOwn(actor, 'account.password_changed', async (trx) => {
      await repo.setPassword(trx, actor.id, passwordHash);
      await repo.expireTokens(trx, actor.id, 'password_reset');
    });
    // every session ends, this one too: the caller starts a fresh one
    await sessions.destroyForAccount(actor.id);
    return { outcome: 'changed' as const };
  }

  async function changeLanguage(actor: Actor, language: 'en' | 'cy') {
    await changeOwn(
      actor,
      'account.language_changed',
      (trx) => repo.setLanguage(trx, actor.id, language),
      { language },
    );
  }

  /**
   * What the set-up page shows: a secret (new, or the one carried in the form while the person
   * types a code), the QR code and the secret as text. The secret travels encrypted.
   */
  async function mfaSetUpDetails(actor: Actor, carried?: string) {
    let secret: string | undefined;
    let encryptedSecret = carried ?? '';
    try {
      if (carried) secret = decrypt(carried, keys, setupContext(actor.id));
    } catch {
      secret = undefined;
    }
    if (!secret) {
      secret = newTotpSecret();
      encryptedSecret = encrypt(secret, keys, setupContext(actor.id));
    }
    return { secret, encryptedSecret, qrCode: await qrCodeSvg(totpUri(secret, actor.email)) };
  }

  async function confirmMfaSetUp(actor: Actor, carried: string, code: string) {
    let secret: string;
    try {
      secret = decrypt(carried, keys, setupContext(actor.id));
    } catch {
      return { outcome: 'invalid' as const };
    }
    const check = await checkTotp(secret, code, null);
    if (!check.valid) return { outcome: 'invalid' as const };
    await changeOwn(actor, 'account.mfa_enabled', (trx) =>
      repo.setTotp(trx, actor.id, {
        encryptedSecret: encrypt(secret, keys, secretContext(actor.id)),
        timeStep: check.timeStep,
      }),
    );
    return { outcome: 'enabled' as const };
  }

  async function turnOffMfa(actor: Actor, password: string) {
    const account = await repo.findCredentialsById(db, actor.id);
    if (!account) throw notFound();
    if (account.mfa_required) return { outcome: 'required' as const };
    if (!account.password_hash || !(await verifyPassword(account.password_hash, password)))
      return { outcome: 'wrong_password' as const };
    await changeOwn(actor, 'account.mfa_disabled', (trx) => repo.setTotp(trx, actor.id, null));
    return { outcome: 'turned_off' as const };
  }

  return {
    accountOverview,
    changePassword,
    changeLanguage,
    mfaSetUpDetails,
    confirmMfaSetUp,
    turnOffMfa,
  };
}

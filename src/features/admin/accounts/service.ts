import type { Config } from '#app/config.ts';
import type { AuditEntry, AuditLog } from '#platform/audit/audit-log.ts';
import { decrypt, encrypt } from '#platform/crypto/encryption.ts';
import { hashPassword, verifyPassword } from '#platform/auth/passwords.ts';
import type { Actor, SessionStore } from '#platform/auth/sessions.ts';
import { randomToken } from '#platform/auth/tokens.ts';
import type { Database } from '#platform/db/database.ts';
import type { Role } from '#platform/db/schema.ts';
import { forbidden, notFound } from '#platform/http/errors.ts';
import type { Notifier } from '#platform/notify/notifier.ts';
import {
  can,
  scopeOf,
  type OrganisationRef,
  type Permission,
} from '#platform/permissions/policy.ts';
import * as repo from './repository.ts';
import type { InviteInput, StaffFilters } from './schema.ts';
import { checkTotp, newTotpSecret, qrCodeSvg, totpUri } from './totp.ts';

/** Five wrong passwords or codes in a row lock an account for fifteen minutes. */
export const LOCKOUT = { maxFailures: 5, lockMinutes: 15 } as const;
export const INVITATION_LIFETIME_MS = 7 * 24 * 3_600_000;
export const PASSWORD_RESET_LIFETIME_MS = 3_600_000;

export interface AccountsDependencies {
  db: Database;
  audit: AuditLog;
  notifier: Notifier;
  sessions: SessionStore;
  config: Config;
}

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

export type StaffRecord = repo.StaffRecordRow & {
  /** The memberships the actor may see (its scope): all of them for platform admins. */
  visible: repo.MembershipRow[];
  /** May the actor disable the account, reset its MFA (every membership is in its scope)? */
  canManageAccount: boolean;
  /** Organisations where the actor may change this person's roles. */
  canManageAt: (organisationId: string) => boolean;
};

const refOf = (m: { organisationId: string; ancestors: string[] }): OrganisationRef => ({
  id: m.organisationId,
  ancestors: m.ancestors,
});

/**
 * Staff accounts and access: sign-in with lockout, TOTP MFA, invitations, password resets,
 * the person's own account, and staff management within the actor's organisations.
 * Each command is one transaction with its audit entry inside; messages go after commit.
 */
export function createAccountsService({
  db,
  audit,
  notifier,
  sessions,
  config,
}: AccountsDependencies) {
  const keys = config.encryptionKey;
  const secretContext = (accountId: string) => `accounts.totp_secret:${accountId}`;
  const setupContext = (accountId: string) => `accounts.totp_set_up:${accountId}`;

  // Unknown e-mail addresses are checked against this hash so they take as long as known ones.
  let dummyHash: Promise<string> | undefined;
  const hashForTiming = () => (dummyHash ??= hashPassword(randomToken(24)));

  const record = (entry: AuditEntry) => audit.record(entry);

  /** As guards.authorise, in the service layer: invisible → 404, visible but not allowed → 403. */
  function ensure(actor: Actor, permission: Permission, organisation: OrganisationRef | undefined) {
    if (!organisation) throw notFound();
    if (can(actor, permission, organisation)) return;
    throw can(actor, 'organisation.view', organisation) ? forbidden() : notFound();
  }

  const orgRef = (o: { id: string; ancestors: string[] }): OrganisationRef => ({
    id: o.id,
    ancestors: o.ancestors,
  });

  async function completeSignIn(accountId: string, details: Record<string, unknown>) {
    await db.transaction().execute(async (trx) => {
      await repo.recordSuccessfulSignIn(trx, accountId);
      await audit.record(
        {
          actorAccountId: accountId,
          action: 'account.signed_in',
          subjectType: 'account',
          subjectId: accountId,
          details,
        },
        trx,
      );
    });
  }

  /** Counts a failure (audited) and says whether it has just locked the account. */
  async function failSignIn(accountId: string, reason: string) {
    return db.transaction().execute(async (trx) => {
      const { lockedNow } = await repo.recordFailedSignIn(trx, accountId, LOCKOUT);
      await audit.record(
        {
          actorAccountId: null,
          action: 'account.sign_in_failed',
          subjectType: 'account',
          subjectId: accountId,
          details: { reason },
        },
        trx,
      );
      if (lockedNow)
        await audit.record(
          {
            actorAccountId: null,
            action: 'account.locked',
            subjectType: 'account',
            subjectId: accountId,
            details: { minutes: LOCKOUT.lockMinutes },
          },
          trx,
        );
      return lockedNow;
    });
  }

  const isLocked = (account: { locked_until: Date | null }) =>
    account.locked_until !== null && account.locked_until > new Date();

  // ------------------------------------------------------------------ signing in

  async function signIn(email: string, password: string): Promise<SignInResult> {
    const account = await repo.findCredentialsByEmail(db, email);
    const passwordOk = await verifyPassword(
      account?.password_hash ?? (await hashForTiming()),
      password,
    );
    if (!account?.password_hash) {
      // never the typed e-mail: only the account id when there is one
      await record({
        actorAccountId: null,
        action: 'account.sign_in_failed',
        subjectType: account ? 'account' : null,
        subjectId: account?.id ?? null,
        details: { reason: account ? 'no_password' : 'unknown_account' },
      });
      return { outcome: 'invalid' };
    }
    if (isLocked(account)) {
      await record({
        actorAccountId: null,
        action: 'account.sign_in_failed',
        subjectType: 'account',
        subjectId: account.id,
        details: { reason: 'locked' },
      });
      return { outcome: 'locked' };
    }
    if (!passwordOk) {
      const lockedNow = await failSignIn(account.id, 'password');
      return { outcome: lockedNow ? 'locked' : 'invalid' };
    }
    if (account.disabled_at) {
      await record({
        actorAccountId: null,
        action: 'account.sign_in_failed',
        subjectType: 'account',
        subjectId: account.id,
        details: { reason: 'disabled' },
      });
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
    const secret = decrypt(account.totp_secret, keys, secretContext(account.id));
    const check = await checkTotp(secret, code, account.totp_last_time_step);
    if (check.valid && (await repo.claimTimeStep(db, account.id, check.timeStep))) {
      await completeSignIn(account.id, { mfa: true });
      return { outcome: 'signed_in', accountId: account.id };
    }
    if (check.valid || check.reused) {
      await record({
        actorAccountId: null,
        action: 'account.sign_in_failed',
        subjectType: 'account',
        subjectId: account.id,
        details: { reason: 'mfa_code_reused' },
      });
      return { outcome: 'reused' };
    }
    const lockedNow = await failSignIn(account.id, 'mfa_code');
    return { outcome: lockedNow ? 'locked' : 'invalid' };
  }

  async function recordSignOut(accountId: string) {
    await record({
      actorAccountId: accountId,
      action: 'account.signed_out',
      subjectType: 'account',
      subjectId: accountId,
    });
  }

  // ------------------------------------------------------------------ invitations

  async function sendInvitation(
    to: { accountId: string; email: string; language: 'en' | 'cy' },
    inviter: Actor,
    organisation: { name_en: string; name_cy: string; id: string },
    token: string,
  ) {
    try {
      await notifier.send(
        {
          channel: 'email',
          address: to.email,
          language: to.language,
          organisationId: organisation.id,
        },
        {
          template: 'invitation',
          personalisation: {
            inviter: inviter.name,
            organisation: to.language === 'cy' ? organisation.name_cy : organisation.name_en,
            link: `${config.publicUrl}/invitations/${token}`,
          },
          reference: `invitation-${to.accountId}`,
        },
      );
      return true;
    } catch {
      return false;
    }
  }

  type InviteResult =
    | { outcome: 'invited' | 'role_added'; accountId: string; emailSent: boolean | null }
    | { outcome: 'already_has_role'; accountId: string }
    | { outcome: 'account_disabled'; accountId: string };

  /**
   * Invites a person to an organisation with a role. An e-mail that already has an account
   * gets the role added instead (and, if they never set a password, a fresh invitation).
   */
  async function inviteStaff(actor: Actor, input: InviteInput): Promise<InviteResult> {
    const organisation = await repo.findOrganisation(db, input.organisationId);
    ensure(actor, 'staff.manage', organisation && orgRef(organisation));
    const org = organisation!;
    const result = await db.transaction().execute(async (trx) => {
      const account = await repo.findOrCreateAccount(trx, input);
      if (account.disabled_at)
        return { outcome: 'account_disabled' as const, accountId: account.id };
      const granted = await repo.insertMembership(trx, account.id, org.id, input.role);
      if (!granted) return { outcome: 'already_has_role' as const, accountId: account.id };
      const entry = { actorAccountId: actor.id, subjectType: 'account', subjectId: account.id };
      await audit.record(
        {
          ...entry,
          action: 'account.role_granted',
          organisationId: org.id,
          details: { role: input.role },
        },
        trx,
      );
      let token: string | null = null;
      if (!account.password_hash) {
        token = await repo.createToken(trx, account.id, 'invitation', INVITATION_LIFETIME_MS);
        await audit.record(
          {
            ...entry,
            action: 'account.invitation_sent',
            organisationId: org.id,
            details: { role: input.role, newAccount: account.created },
          },
          trx,
        );
      }
      return {
        outcome: account.created ? ('invited' as const) : ('role_added' as const),
        accountId: account.id,
        language: account.language,
        token,
      };
    });
    if (result.outcome === 'account_disabled' || result.outcome === 'already_has_role')
      return result;
    const emailSent = result.token
      ? await sendInvitation(
          { accountId: result.accountId, email: input.email, language: result.language },
          actor,
          org,
          result.token,
        )
      : null;
    return { outcome: result.outcome, accountId: result.accountId, emailSent };
  }

  /** The invitation behind a link, while it can still be used. */
  async function findInvitation(token: string) {
    const account = await repo.findLiveToken(db, token, 'invitation');
    return account && !account.password_hash ? account : undefined;
  }

  /** Sets the invitee's password; the link is then spent. Returns how to continue signing in. */
  async function acceptInvitation(token: string, password: string) {
    const passwordHash = await hashPassword(password);
    const accountId = await db.transaction().execute(async (trx) => {
      const id = await repo.consumeToken(trx, token, 'invitation');
      if (!id) return undefined;
      const account = await repo.findCredentialsById(trx, id);
      if (!account || account.disabled_at || account.password_hash) return undefined;
      await repo.setPassword(trx, id, passwordHash);
      await repo.expireTokens(trx, id, 'invitation');
      await audit.record(
        {
          actorAccountId: id,
          action: 'account.invitation_accepted',
          subjectType: 'account',
          subjectId: id,
        },
        trx,
      );
      return id;
    });
    if (!accountId) return { outcome: 'invalid_link' as const };
    const result = await signInAfterSettingPassword(accountId);
    return { outcome: 'accepted' as const, ...result };
  }

  async function signInAfterSettingPassword(accountId: string) {
    const account = (await repo.findCredentialsById(db, accountId))!;
    await completeSignIn(accountId, { mfa: false, mfaSetupRequired: account.mfa_required });
    return { accountId, mfaSetupRequired: account.mfa_required };
  }

  // ------------------------------------------------------------------ password reset

  /** Sends a reset link if the address has a live account. Says nothing either way. */
  async function requestPasswordReset(email: string) {
    const account = await repo.findCredentialsByEmail(db, email);
    if (!account || account.disabled_at) return;
    const token = await db.transaction().execute(async (trx) => {
      const created = await repo.createToken(
        trx,
        account.id,
        'password_reset',
        PASSWORD_RESET_LIFETIME_MS,
      );
      await audit.record(
        {
          actorAccountId: null,
          action: 'account.password_reset_requested',
          subjectType: 'account',
          subjectId: account.id,
        },
        trx,
      );
      return created;
    });
    try {
      await notifier.send(
        { channel: 'email', address: account.email, language: account.language },
        {
          template: 'passwordReset',
          personalisation: { link: `${config.publicUrl}/password/reset/${token}` },
          reference: `password-reset-${account.id}`,
        },
      );
    } catch {
      // the page says the same either way; the person can ask again
    }
  }

  const findPasswordReset = (token: string) => repo.findLiveToken(db, token, 'password_reset');

  /** Sets a new password from a reset link (once) and ends every session of the account. */
  async function resetPassword(token: string, password: string) {
    const passwordHash = await hashPassword(password);
    const accountId = await db.transaction().execute(async (trx) => {
      const id = await repo.consumeToken(trx, token, 'password_reset');
      if (!id) return undefined;
      const account = await repo.findCredentialsById(trx, id);
      if (!account || account.disabled_at) return undefined;
      await repo.setPassword(trx, id, passwordHash);
      await repo.expireTokens(trx, id, 'password_reset');
      // a reset link proves control of the e-mail address, as an invitation would
      await repo.expireTokens(trx, id, 'invitation');
      await audit.record(
        {
          actorAccountId: id,
          action: 'account.password_reset',
          subjectType: 'account',
          subjectId: id,
        },
        trx,
      );
      return id;
    });
    if (!accountId) return { outcome: 'invalid_link' as const };
    await sessions.destroyForAccount(accountId);
    return { outcome: 'reset' as const, accountId };
  }

  // ------------------------------------------------------------------ the person's own account

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
    await db.transaction().execute(async (trx) => {
      await repo.setPassword(trx, actor.id, passwordHash);
      await repo.expireTokens(trx, actor.id, 'password_reset');
      await audit.record(
        {
          actorAccountId: actor.id,
          action: 'account.password_changed',
          subjectType: 'account',
          subjectId: actor.id,
        },
        trx,
      );
    });
    // every session ends, this one too: the caller starts a fresh one
    await sessions.destroyForAccount(actor.id);
    return { outcome: 'changed' as const };
  }

  async function changeLanguage(actor: Actor, language: 'en' | 'cy') {
    await db.transaction().execute(async (trx) => {
      await repo.setLanguage(trx, actor.id, language);
      await audit.record(
        {
          actorAccountId: actor.id,
          action: 'account.language_changed',
          subjectType: 'account',
          subjectId: actor.id,
          details: { language },
        },
        trx,
      );
    });
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
    await db.transaction().execute(async (trx) => {
      await repo.setTotp(trx, actor.id, {
        encryptedSecret: encrypt(secret, keys, secretContext(actor.id)),
        timeStep: check.timeStep,
      });
      await audit.record(
        {
          actorAccountId: actor.id,
          action: 'account.mfa_enabled',
          subjectType: 'account',
          subjectId: actor.id,
        },
        trx,
      );
    });
    return { outcome: 'enabled' as const };
  }

  async function turnOffMfa(actor: Actor, password: string) {
    const account = await repo.findCredentialsById(db, actor.id);
    if (!account) throw notFound();
    if (account.mfa_required) return { outcome: 'required' as const };
    if (!account.password_hash || !(await verifyPassword(account.password_hash, password)))
      return { outcome: 'wrong_password' as const };
    await db.transaction().execute(async (trx) => {
      await repo.setTotp(trx, actor.id, null);
      await audit.record(
        {
          actorAccountId: actor.id,
          action: 'account.mfa_disabled',
          subjectType: 'account',
          subjectId: actor.id,
        },
        trx,
      );
    });
    return { outcome: 'turned_off' as const };
  }

  // ------------------------------------------------------------------ staff management

  /** Organisations where the actor holds the permission (for pickers and filters). */
  const organisationsFor = (actor: Actor, permission: Permission, lang: 'en' | 'cy') =>
    repo.organisationsIn(db, scopeOf(actor, permission), lang);

  async function findOrganisation(organisationId: string) {
    return repo.findOrganisation(db, organisationId);
  }

  /** A page of the staff in the actor's organisations. */
  async function listStaff(actor: Actor, filters: StaffFilters) {
    if (filters.organisation) {
      const organisation = await repo.findOrganisation(db, filters.organisation);
      ensure(actor, 'staff.view', organisation && orgRef(organisation));
    } else if (!actor.platformAdmin && scopeOf(actor, 'staff.view')?.length === 0) {
      throw forbidden();
    }
    return repo.listStaff(db, scopeOf(actor, 'staff.view'), filters);
  }

  /** A staff record the actor may see (any membership in its scope), or 404. */
  async function loadRecord(actor: Actor, accountId: string): Promise<StaffRecord> {
    const row = await repo.findStaffRecord(db, accountId);
    if (!row) throw notFound();
    const all = row.memberships ?? [];
    const visible = actor.platformAdmin
      ? all
      : all.filter((m) => can(actor, 'staff.view', refOf(m)));
    if (!actor.platformAdmin && visible.length === 0) throw notFound();
    const canManageAccount =
      actor.platformAdmin ||
      (!row.platform_admin &&
        all.length > 0 &&
        all.every((m) => can(actor, 'staff.manage', refOf(m))));
    const manageable = new Set(
      all.filter((m) => can(actor, 'staff.manage', refOf(m))).map((m) => m.organisationId),
    );
    return {
      ...row,
      visible,
      canManageAccount,
      canManageAt: (organisationId) => actor.platformAdmin || manageable.has(organisationId),
    };
  }

  /** The organisation an account-level entry is filed under: where the actor reached the record. */
  const contextOrganisation = (staff: StaffRecord) => staff.visible[0]?.organisationId ?? null;

  /** Reads a staff record; the read is audited. */
  async function viewStaffRecord(actor: Actor, accountId: string) {
    const staff = await loadRecord(actor, accountId);
    await record({
      actorAccountId: actor.id,
      action: 'account.viewed',
      subjectType: 'account',
      subjectId: staff.id,
      organisationId: contextOrganisation(staff),
    });
    return staff;
  }

  async function grantRole(actor: Actor, accountId: string, organisationId: string, role: Role) {
    const staff = await loadRecord(actor, accountId);
    const organisation = await repo.findOrganisation(db, organisationId);
    ensure(actor, 'staff.manage', organisation && orgRef(organisation));
    const granted = await db.transaction().execute(async (trx) => {
      const inserted = await repo.insertMembership(trx, staff.id, organisationId, role);
      if (inserted)
        await audit.record(
          {
            actorAccountId: actor.id,
            action: 'account.role_granted',
            subjectType: 'account',
            subjectId: staff.id,
            organisationId,
            details: { role },
          },
          trx,
        );
      return inserted;
    });
    return { outcome: granted ? ('granted' as const) : ('already_has_role' as const) };
  }

  async function revokeRole(actor: Actor, accountId: string, organisationId: string, role: Role) {
    const staff = await loadRecord(actor, accountId);
    const membership = staff.visible.find(
      (m) => m.organisationId === organisationId && m.role === role,
    );
    if (!membership) throw notFound();
    if (!can(actor, 'staff.manage', refOf(membership))) throw forbidden();
    return db.transaction().execute(async (trx) => {
      if (staff.id === actor.id && role === 'organisation_admin') {
        const adminRoles = await repo.countAdminRoles(trx, staff.id);
        if (adminRoles <= 1) return { outcome: 'last_admin_role' as const };
      }
      const removed = await repo.deleteMembership(trx, staff.id, organisationId, role);
      if (removed)
        await audit.record(
          {
            actorAccountId: actor.id,
            action: 'account.role_revoked',
            subjectType: 'account',
            subjectId: staff.id,
            organisationId,
            details: { role },
          },
          trx,
        );
      const remaining = staff.visible.filter((m) => m !== membership);
      return {
        outcome: 'revoked' as const,
        stillVisible: actor.platformAdmin || remaining.length > 0,
      };
    });
  }

  /** Disables or re-enables an account; disabling ends every one of its sessions at once. */
  async function setAccountDisabled(actor: Actor, accountId: string, disabled: boolean) {
    const staff = await loadRecord(actor, accountId);
    if (staff.id === actor.id) return { outcome: 'self' as const };
    if (!staff.canManageAccount) throw forbidden();
    if ((staff.disabled_at !== null) === disabled) return { outcome: 'unchanged' as const };
    await db.transaction().execute(async (trx) => {
      await repo.setDisabled(trx, staff.id, disabled);
      await audit.record(
        {
          actorAccountId: actor.id,
          action: disabled ? 'account.disabled' : 'account.enabled',
          subjectType: 'account',
          subjectId: staff.id,
          organisationId: contextOrganisation(staff),
        },
        trx,
      );
    });
    if (disabled) await sessions.destroyForAccount(staff.id);
    return { outcome: disabled ? ('disabled' as const) : ('enabled' as const) };
  }

  /** For a lost phone: clears the person's authenticator; they set it up again at sign-in. */
  async function resetMfa(actor: Actor, accountId: string) {
    const staff = await loadRecord(actor, accountId);
    if (staff.id === actor.id) return { outcome: 'self' as const };
    if (!staff.canManageAccount) throw forbidden();
    if (!staff.mfa_enabled_at) return { outcome: 'unchanged' as const };
    await db.transaction().execute(async (trx) => {
      await repo.setTotp(trx, staff.id, null);
      await audit.record(
        {
          actorAccountId: actor.id,
          action: 'account.mfa_reset',
          subjectType: 'account',
          subjectId: staff.id,
          organisationId: contextOrganisation(staff),
        },
        trx,
      );
    });
    await sessions.destroyForAccount(staff.id);
    return { outcome: 'reset' as const };
  }

  /** Sends a fresh invitation to someone who has not set a password yet. */
  async function resendInvitation(actor: Actor, accountId: string) {
    const staff = await loadRecord(actor, accountId);
    const membership = staff.visible.find((m) => can(actor, 'staff.manage', refOf(m)));
    if (!membership) throw forbidden();
    if (staff.has_password || staff.disabled_at) return { outcome: 'unchanged' as const };
    const token = await db.transaction().execute(async (trx) => {
      const created = await repo.createToken(trx, staff.id, 'invitation', INVITATION_LIFETIME_MS);
      await audit.record(
        {
          actorAccountId: actor.id,
          action: 'account.invitation_sent',
          subjectType: 'account',
          subjectId: staff.id,
          organisationId: membership.organisationId,
          details: { resent: true },
        },
        trx,
      );
      return created;
    });
    const emailSent = await sendInvitation(
      { accountId: staff.id, email: staff.email, language: staff.language },
      actor,
      { id: membership.organisationId, name_en: membership.nameEn, name_cy: membership.nameCy },
      token,
    );
    return { outcome: emailSent ? ('sent' as const) : ('not_sent' as const) };
  }

  // ------------------------------------------------------------------ the first administrator

  /**
   * For `npm run admin:create` in a real deployment: makes the account for this e-mail a
   * platform administrator (creating it if need be) and, if it has no password yet, returns a
   * one-time invitation token. MFA is required for it, as for every real administrator.
   */
  async function createPlatformAdmin(input: {
    email: string;
    name: string;
    language: 'en' | 'cy';
  }) {
    return db.transaction().execute(async (trx) => {
      const account = await repo.findOrCreateAccount(trx, input);
      await repo.makePlatformAdmin(trx, account.id);
      const token = account.password_hash
        ? null
        : await repo.createToken(trx, account.id, 'invitation', INVITATION_LIFETIME_MS);
      await audit.record(
        {
          actorAccountId: null,
          action: 'account.platform_admin_granted',
          subjectType: 'account',
          subjectId: account.id,
          details: { via: 'command_line', newAccount: account.created },
        },
        trx,
      );
      return {
        accountId: account.id,
        created: account.created,
        disabled: account.disabled_at !== null,
        link: token ? `${config.publicUrl}/invitations/${token}` : null,
      };
    });
  }

  return {
    createPlatformAdmin,
    signIn,
    verifySecondFactor,
    recordSignOut,
    inviteStaff,
    findInvitation,
    acceptInvitation,
    requestPasswordReset,
    findPasswordReset,
    resetPassword,
    accountOverview,
    changePassword,
    changeLanguage,
    mfaSetUpDetails,
    confirmMfaSetUp,
    turnOffMfa,
    organisationsFor,
    findOrganisation,
    listStaff,
    viewStaffRecord,
    grantRole,
    revokeRole,
    setAccountDisabled,
    resetMfa,
    resendInvitation,
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;

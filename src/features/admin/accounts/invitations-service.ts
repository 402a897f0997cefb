import { hashPassword } from '#platform/auth/passwords.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import {
  aboutAccount,
  ensure,
  INVITATION_LIFETIME_MS,
  orgRef,
  PASSWORD_RESET_LIFETIME_MS,
  type AccountsDependencies,
} from './context.ts';
import * as repo from './repository.ts';
import type { InviteInput } from './schema.ts';

type InviteResult =
  | { outcome: 'invited' | 'role_added'; accountId: string; emailSent: boolean | null }
  | { outcome: 'already_has_role'; accountId: string }
  | { outcome: 'account_disabled'; accountId: string };

/** E-mails an invitation link; says whether the message went. */
export async function sendInvitation(
  { notifier, config }: Pick<AccountsDependencies, 'notifier' | 'config'>,
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

/**
 * Invitations and password resets: links by e-mail that let a person set a password, and the
 * first platform administrator from the command line.
 */
export function createInvitations(
  deps: AccountsDependencies,
  signIn: {
    signInAfterSettingPassword(
      accountId: string,
      clientAddress: string,
    ): Promise<{ accountId: string; mfaSetupRequired: boolean }>;
    trustAfterReset(account: { email: string }, clientAddress: string): Promise<void>;
  },
) {
  const { db, audit, notifier, sessions, config } = deps;

  /** Grants the role and, for someone without a password, makes an invitation (audited). */
  async function grantAndInvite(actor: Actor, input: InviteInput, organisationId: string) {
    return db.transaction().execute(async (trx) => {
      const account = await repo.findOrCreateAccount(trx, input);
      if (account.disabled_at)
        return { outcome: 'account_disabled' as const, accountId: account.id };
      const granted = await repo.insertMembership(trx, account.id, organisationId, input.role);
      if (!granted) return { outcome: 'already_has_role' as const, accountId: account.id };
      const entry = { ...aboutAccount(actor.id, account.id), organisationId };
      const details = { role: input.role };
      await audit.record({ ...entry, action: 'account.role_granted', details }, trx);
      let token: string | null = null;
      if (!account.password_hash) {
        token = await repo.createToken(trx, account.id, 'invitation', INVITATION_LIFETIME_MS);
        await audit.record(
          {
            ...entry,
            action: 'account.invitation_sent',
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
  }

  /**
   * Invites a person to an organisation with a role. An e-mail that already has an account
   * gets the role added instead (and, if they never set a password, a fresh invitation).
   */
  async function inviteStaff(actor: Actor, input: InviteInput): Promise<InviteResult> {
    const organisation = await repo.findOrganisation(db, input.organisationId);
    ensure(actor, 'staff.manage', organisation && orgRef(organisation));
    const org = organisation!;
    const result = await grantAndInvite(actor, input, org.id);
    if (result.outcome === 'account_disabled' || result.outcome === 'already_has_role')
      return result;
    const emailSent = result.token
      ? await sendInvitation(
          deps,
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

  /**
   * Spends a link's token and sets the password of its account, in one transaction: nothing
   * changes unless the token is live and the account enabled and `usable`. The account's live
   * tokens of the purposes in `expire` end, and `action` is audited. The account, or undefined.
   */
  async function setPasswordFromLink(
    link: { token: string; purpose: repo.TokenPurpose; expire: repo.TokenPurpose[] },
    password: string,
    action: string,
    usable: (account: repo.Credentials) => boolean = () => true,
  ) {
    const passwordHash = await hashPassword(password);
    return db.transaction().execute(async (trx) => {
      const id = await repo.consumeToken(trx, link.token, link.purpose);
      if (!id) return undefined;
      const account = await repo.findCredentialsById(trx, id);
      if (!account || account.disabled_at || !usable(account)) return undefined;
      await repo.setPassword(trx, id, passwordHash);
      for (const purpose of link.expire) await repo.expireTokens(trx, id, purpose);
      await audit.record({ ...aboutAccount(id, id), action }, trx);
      return account;
    });
  }

  /** Sets the invitee's password; the link is then spent. Returns how to continue signing in. */
  async function acceptInvitation(token: string, password: string, clientAddress: string) {
    const account = await setPasswordFromLink(
      { token, purpose: 'invitation', expire: ['invitation'] },
      password,
      'account.invitation_accepted',
      (invited) => !invited.password_hash,
    );
    if (!account) return { outcome: 'invalid_link' as const };
    const result = await signIn.signInAfterSettingPassword(account.id, clientAddress);
    return { outcome: 'accepted' as const, ...result };
  }

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
        { ...aboutAccount(null, account.id), action: 'account.password_reset_requested' },
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

  /**
   * Sets a new password from a reset link (once) and ends every session of the account. The
   * client address the link was used from is trusted for sign-in (see limits.ts).
   */
  async function resetPassword(token: string, password: string, clientAddress: string) {
    const reset = await setPasswordFromLink(
      // a reset link proves control of the e-mail address, as an invitation would
      { token, purpose: 'password_reset', expire: ['password_reset', 'invitation'] },
      password,
      'account.password_reset',
    );
    if (!reset) return { outcome: 'invalid_link' as const };
    await sessions.destroyForAccount(reset.id);
    await signIn.trustAfterReset(reset, clientAddress);
    return { outcome: 'reset' as const, accountId: reset.id };
  }

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
          ...aboutAccount(null, account.id),
          action: 'account.platform_admin_granted',
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
    inviteStaff,
    findInvitation,
    acceptInvitation,
    requestPasswordReset,
    findPasswordReset,
    resetPassword,
  };
}

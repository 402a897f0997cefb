import type { Config } from '#app/config.ts';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor, SessionStore } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { forbidden, notFound } from '#platform/http/errors.ts';
import type { Notifier } from '#platform/notify/notifier.ts';
import { can, type OrganisationRef, type Permission } from '#platform/permissions/policy.ts';

/**
 * Five wrong security codes in a row lock an account for fifteen minutes. Wrong passwords do not
 * lock it: they are throttled per e-mail address and client address (limits.ts, signInThrottle).
 */
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

/** Encryption contexts of the TOTP secret: stored, and carried in the set-up form. */
export const secretContext = (accountId: string) => `accounts.totp_secret:${accountId}`;
export const setupContext = (accountId: string) => `accounts.totp_set_up:${accountId}`;

export const orgRef = (o: { id: string; ancestors: string[] }): OrganisationRef => ({
  id: o.id,
  ancestors: o.ancestors,
});

export const refOf = (m: { organisationId: string; ancestors: string[] }): OrganisationRef => ({
  id: m.organisationId,
  ancestors: m.ancestors,
});

/** As guards.authorise, in the service layer: invisible → 404, visible but not allowed → 403. */
export function ensure(
  actor: Actor,
  permission: Permission,
  organisation: OrganisationRef | undefined,
) {
  if (!organisation) throw notFound();
  if (can(actor, permission, organisation)) return;
  throw can(actor, 'organisation.view', organisation) ? forbidden() : notFound();
}

/** An audit entry about an account, by the actor (null: nobody signed in). */
export const aboutAccount = (actorAccountId: string | null, accountId: string) => ({
  actorAccountId,
  subjectType: 'account',
  subjectId: accountId,
});

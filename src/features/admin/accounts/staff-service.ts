import type { Actor } from '#platform/auth/sessions.ts';
import type { Role } from '#platform/db/schema.ts';
import { forbidden, notFound } from '#platform/http/errors.ts';
import { can, scopeOf, type Permission } from '#platform/permissions/policy.ts';
import {
  aboutAccount,
  ensure,
  INVITATION_LIFETIME_MS,
  orgRef,
  refOf,
  type AccountsDependencies,
} from './context.ts';
import { sendInvitation } from './invitations-service.ts';
import * as repo from './repository.ts';
import type { StaffFilters } from './schema.ts';

export type StaffRecord = repo.StaffRecordRow & {
  /** The memberships the actor may see (its scope): all of them for platform admins. */
  visible: repo.MembershipRow[];
  /** May the actor disable the account, reset its MFA (every membership is in its scope)? */
  canManageAccount: boolean;
  /** Organisations where the actor may change this person's roles. */
  canManageAt: (organisationId: string) => boolean;
};

/** The organisation an account-level entry is filed under: where the actor reached the record. */
const contextOrganisation = (staff: StaffRecord) => staff.visible[0]?.organisationId ?? null;

/** Staff management within the actor's organisations: lists, records, roles, access. */
export function createStaffManagement(deps: AccountsDependencies) {
  const { db, audit, sessions } = deps;

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

  /** Reads a staff record; the read is audited. */
  async function viewStaffRecord(actor: Actor, accountId: string) {
    const staff = await loadRecord(actor, accountId);
    await audit.record({
      ...aboutAccount(actor.id, staff.id),
      action: 'account.viewed',
      organisationId: contextOrganisation(staff),
    });
    return staff;
  }

  /** The audit entry for a role granted or revoked at an organisation. */
  const roleEntry = (
    action: string,
    actor: Actor,
    accountId: string,
    organisationId: string,
    role: Role,
  ) => ({ ...aboutAccount(actor.id, accountId), organisationId, details: { role }, action });

  async function grantRole(actor: Actor, accountId: string, organisationId: string, role: Role) {
    const staff = await loadRecord(actor, accountId);
    const organisation = await repo.findOrganisation(db, organisationId);
    ensure(actor, 'staff.manage', organisation && orgRef(organisation));
    const granted = await db.transaction().execute(async (trx) => {
      const inserted = await repo.insertMembership(trx, staff.id, organisationId, role);
      if (inserted)
        await audit.record(
          roleEntry('account.role_granted', actor, staff.id, organisationId, role),
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
          roleEntry('account.role_revoked', actor, staff.id, organisationId, role),
          trx,
        );
      const remaining = staff.visible.filter((m) => m !== membership);
      return {
        outcome: 'revoked' as const,
        stillVisible: actor.platformAdmin || remaining.length > 0,
      };
    });
  }

  /** A manager's change to another person's account; `undefined` when it may go ahead. */
  async function manageable(actor: Actor, accountId: string) {
    const staff = await loadRecord(actor, accountId);
    if (staff.id === actor.id) return { staff, refused: { outcome: 'self' as const } };
    if (!staff.canManageAccount) throw forbidden();
    return { staff, refused: undefined };
  }

  /** Disables or re-enables an account; disabling ends every one of its sessions at once. */
  async function setAccountDisabled(actor: Actor, accountId: string, disabled: boolean) {
    const { staff, refused } = await manageable(actor, accountId);
    if (refused) return refused;
    if ((staff.disabled_at !== null) === disabled) return { outcome: 'unchanged' as const };
    await db.transaction().execute(async (trx) => {
      await repo.setDisabled(trx, staff.id, disabled);
      await audit.record(
        {
          ...aboutAccount(actor.id, staff.id),
          action: disabled ? 'account.disabled' : 'account.enabled',
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
    const { staff, refused } = await manageable(actor, accountId);
    if (refused) return refused;
    if (!staff.mfa_enabled_at) return { outcome: 'unchanged' as const };
    await db.transaction().execute(async (trx) => {
      await repo.setTotp(trx, staff.id, null);
      await audit.record(
        {
          ...aboutAccount(actor.id, staff.id),
          action: 'account.mfa_reset',
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
          ...aboutAccount(actor.id, staff.id),
          action: 'account.invitation_sent',
          organisationId: membership.organisationId,
          details: { resent: true },
        },
        trx,
      );
      return created;
    });
    const emailSent = await sendInvitation(
      deps,
      { accountId: staff.id, email: staff.email, language: staff.language },
      actor,
      { id: membership.organisationId, name_en: membership.nameEn, name_cy: membership.nameCy },
      token,
    );
    return { outcome: emailSent ? ('sent' as const) : ('not_sent' as const) };
  }

  return {
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

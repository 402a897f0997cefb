import type { Role } from '../db/schema.ts';
import type { Actor } from '../auth/sessions.ts';

/**
 * The one central policy. A permission lists the roles that hold it; a role held at an
 * organisation applies to that organisation and everything below it (commissioners read
 * across their subtree, a provider's staff work across its services). Platform
 * administrators hold every permission everywhere.
 */
export const permissions = {
  /** See an organisation and its details. */
  'organisation.view': [
    'organisation_admin',
    'commissioner',
    'involvement_lead',
    'staff',
    'viewer',
  ],
  /** Edit an organisation, add organisations below it, archive it. */
  'organisation.manage': ['organisation_admin'],
  /** See who works at an organisation and their roles. */
  'staff.view': ['organisation_admin'],
  /** Invite staff, change their roles, disable their accounts. */
  'staff.manage': ['organisation_admin'],
  /** Read the audit log of an organisation. */
  'audit.view': ['organisation_admin'],
  /** Read the messages the outbox would have sent. */
  'outbox.view': ['organisation_admin', 'involvement_lead'],
  /** Find and read people on the involvement register (names and details). */
  'person.view': ['organisation_admin', 'involvement_lead', 'staff'],
  /** Register people and change their records, preferences and consent. */
  'person.manage': ['organisation_admin', 'involvement_lead', 'staff'],
  /** Read only the people who consented to be shared identifiably with commissioners. */
  'person.view_consented': ['commissioner'],
  /** Import and export the register. */
  'person.transfer': ['organisation_admin', 'involvement_lead'],
  /** Subject access exports and erasure. */
  'person.rights': ['organisation_admin', 'involvement_lead'],
  /** Record a person's equality monitoring answers (held apart, with its own consent). */
  'equality.record': ['organisation_admin', 'involvement_lead'],
  /** De-identified counts of the register and equality monitoring (small numbers suppressed). */
  'register.statistics': ['organisation_admin', 'commissioner', 'involvement_lead', 'viewer'],
  /** See opportunities (not who applied). */
  'opportunity.view': ['organisation_admin', 'commissioner', 'involvement_lead', 'staff', 'viewer'],
  /** Create, edit, publish, close and complete opportunities. */
  'opportunity.manage': ['organisation_admin', 'involvement_lead'],
  /** Record an expression of interest for a person (by phone, on paper). */
  'interest.record': ['organisation_admin', 'involvement_lead', 'staff'],
  /** Select people for an opportunity and tell them. */
  'selection.manage': ['organisation_admin', 'involvement_lead'],
  /** Record and read who took part in what (names). */
  'involvement.record': ['organisation_admin', 'involvement_lead', 'staff'],
  /** The ladder map: de-identified counts and hours at each rung and level. */
  'ladder.view': ['organisation_admin', 'commissioner', 'involvement_lead', 'staff', 'viewer'],
  /** Set up interview and tender panels and record members' scores. */
  'panel.manage': ['organisation_admin', 'involvement_lead'],
  /** Run peer elections of representatives. */
  'election.manage': ['organisation_admin', 'involvement_lead'],
  /** Enter or confirm paper ballots (two different people). */
  'election.count': ['organisation_admin', 'involvement_lead', 'staff'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

/** Platform-wide powers that no organisation role grants. */
export type PlatformPermission = 'platform.manage';

export interface OrganisationRef {
  id: string;
  /** Root first, including the organisation itself. */
  ancestors: string[];
}

/** Does the actor hold the permission at this organisation (directly or from above)? */
export function can(actor: Actor | null, permission: Permission, organisation: OrganisationRef) {
  if (!actor) return false;
  if (actor.platformAdmin) return true;
  const allowed: readonly Role[] = permissions[permission];
  return actor.memberships.some(
    (m) => allowed.includes(m.role) && organisation.ancestors.includes(m.organisationId),
  );
}

export function canPlatform(actor: Actor | null, _permission: PlatformPermission) {
  return actor?.platformAdmin ?? false;
}

/** Does the actor hold the permission anywhere? (menus, landing pages) */
export function canAnywhere(actor: Actor | null, permission: Permission) {
  if (!actor) return false;
  if (actor.platformAdmin) return true;
  const allowed: readonly Role[] = permissions[permission];
  return actor.memberships.some((m) => allowed.includes(m.role));
}

/**
 * The organisations at which the actor holds a permission: the roots of the subtrees it
 * may act on. `null` means everywhere (platform administrators). Repositories filter with
 * `ancestors && array[...]`.
 */
export function scopeOf(actor: Actor | null, permission: Permission): string[] | null {
  if (!actor) return [];
  if (actor.platformAdmin) return null;
  const allowed: readonly Role[] = permissions[permission];
  return [
    ...new Set(
      actor.memberships.filter((m) => allowed.includes(m.role)).map((m) => m.organisationId),
    ),
  ];
}

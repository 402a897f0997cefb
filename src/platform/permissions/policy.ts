import type { Role } from '../db/schema.ts';
import type { Actor } from '../auth/sessions.ts';

/**
 * The one policy. A permission lists the roles that hold it; a role held at an organisation
 * applies to that organisation and everything below it (commissioners read across their subtree,
 * a provider's staff work across its services). Platform administrators hold every permission
 * everywhere.
 *
 * The platform names no permission: each capability declares its own in `permissions.ts` (the
 * names on the `Permissions` interface by module augmentation, the roles in a `PermissionTable`
 * given to its modules), and `collect()` grants them when the app is built.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Permissions {}

export type Permission = Extract<keyof Permissions, string>;

/** Which roles hold each permission a capability declares. */
export type PermissionTable = { readonly [P in Permission]?: readonly Role[] };

const granted = new Map<string, readonly Role[]>();

/** Grants a capability's permissions (the same table again is harmless; a different one is not). */
export function definePermissions(table: PermissionTable) {
  for (const [permission, roles] of Object.entries<readonly Role[]>(table)) {
    const known = granted.get(permission);
    if (known && known.join() !== roles.join())
      throw new Error(`Permission ${permission} is declared twice with different roles`);
    granted.set(permission, roles);
  }
}

/** The roles that hold a permission. */
export function rolesWith(permission: Permission): readonly Role[] {
  const roles = granted.get(permission);
  if (!roles) throw new Error(`Permission ${permission} is not declared by any module`);
  return roles;
}

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
  const allowed = rolesWith(permission);
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
  const allowed = rolesWith(permission);
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
  const allowed = rolesWith(permission);
  return [
    ...new Set(
      actor.memberships.filter((m) => allowed.includes(m.role)).map((m) => m.organisationId),
    ),
  ];
}

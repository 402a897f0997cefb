import type { Role } from '#platform/db/schema.ts';

/** The admin capability's permissions: which roles hold each (granted by its modules). */
export const adminPermissions = {
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
  /** Read a portal sign-in code in the outbox, to help the person sign in (each read audited). */
  'outbox.reveal_code': ['involvement_lead'],
} as const satisfies Record<string, readonly Role[]>;

declare module '#platform/permissions/policy.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Permissions extends Record<keyof typeof adminPermissions, true> {}
}

import type { Role } from '#platform/db/schema.ts';

/** The meetings capability's permissions: which roles hold each (granted by its modules). */
export const meetingsPermissions = {
  /** See meetings, their agenda, who is invited and the user-proofing checklist. */
  'meeting.view': ['organisation_admin', 'commissioner', 'involvement_lead', 'staff', 'viewer'],
  /** Schedule, change and cancel meetings, invite people, override a user-proofing warning. */
  'meeting.manage': ['organisation_admin', 'involvement_lead'],
  /** Take attendance on the day and record replies given to staff. */
  'meeting.attendance': ['organisation_admin', 'involvement_lead', 'staff'],
  /** Keep the organisation's venues. */
  'venue.manage': ['organisation_admin', 'involvement_lead'],
} as const satisfies Record<string, readonly Role[]>;

declare module '#platform/permissions/policy.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Permissions extends Record<keyof typeof meetingsPermissions, true> {}
}

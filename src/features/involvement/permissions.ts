import type { Role } from '#platform/db/schema.ts';

/** The involvement capability's permissions: which roles hold each (granted by its modules). */
export const involvementPermissions = {
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

declare module '#platform/permissions/policy.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Permissions extends Record<keyof typeof involvementPermissions, true> {}
}

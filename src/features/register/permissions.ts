import type { Role } from '#platform/db/schema.ts';

/** The register capability's permissions: which roles hold each (granted by its modules). */
export const registerPermissions = {
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
} as const satisfies Record<string, readonly Role[]>;

declare module '#platform/permissions/policy.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Permissions extends Record<keyof typeof registerPermissions, true> {}
}

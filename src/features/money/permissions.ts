import type { Role } from '#platform/db/schema.ts';

/** The money capability's permissions: which roles hold each (granted by its first module). */
export const moneyPermissions = {
  /** See claims, payments, rates, floats and time credits of the organisation. */
  'money.view': ['organisation_admin', 'commissioner', 'involvement_lead', 'staff'],
  /** Record an expense claim or time credits on a person's behalf (e.g. on the day). */
  'money.claim': ['organisation_admin', 'involvement_lead', 'staff'],
  /** Approve or return claims and involvement payments. */
  'money.approve': ['organisation_admin', 'involvement_lead'],
  /** Pay approved claims, keep cash floats and bank transfer batches, export for finance. */
  'money.pay': ['organisation_admin'],
  /** Keep the organisation's rates and rules (dated) and its time credit scheme. */
  'money.rates': ['organisation_admin'],
  /** See people's names (not only their reference) in finance exports. */
  'money.names': ['organisation_admin'],
} as const satisfies Record<string, readonly Role[]>;

declare module '#platform/permissions/policy.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Permissions extends Record<keyof typeof moneyPermissions, true> {}
}

import type { Role } from '#platform/db/schema.ts';

/** The feedback capability's permissions: which roles hold each (granted by its first module). */
export const feedbackPermissions = {
  /** See the feedback inboxes of the organisation's services (not safeguarding items). */
  'feedback.view': ['organisation_admin', 'commissioner', 'involvement_lead', 'staff'],
  /** Record feedback (cards, stories, logs) and triage it: kind, themes, owner, the loop. */
  'feedback.triage': ['organisation_admin', 'involvement_lead', 'staff'],
  /** See every safeguarding item of the organisation's services (besides each item's named lead). */
  'feedback.safeguarding': ['organisation_admin'],
  /** Publish outcomes on the "you said, we did" board and keep inboxes, themes and settings. */
  'feedback.publish': ['organisation_admin', 'involvement_lead'],
} as const satisfies Record<string, readonly Role[]>;

declare module '#platform/permissions/policy.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Permissions extends Record<keyof typeof feedbackPermissions, true> {}
}

import type { Module } from '#platform/modules/contract.ts';
import { publicFeedbackMatrix } from './authz.ts';
import { publicFeedbackRoutes } from './routes.ts';
import { createPublicFeedback } from './service.ts';

/** A service's anonymous feedback form and the receipt look-up (issue 12 items 1 and 5). */
export const publicFeedbackModule: Module = {
  name: 'feedback/public',
  services: ({ db, audit, config }) => ({
    publicFeedback: createPublicFeedback({ db, audit, keys: config.encryptionKey }),
  }),
  routes: [publicFeedbackRoutes],
  personalData: [
    // feedback a person gave under their name (the portal, or staff for them): on erasure the
    // item stays, anonymous (it may be on a board), its link to the person removed
    {
      table: 'feedback_items',
      column: 'person_id',
      section: 'feedback',
      erase: 'keep',
      page: {
        namespace: 'feedback',
        hidden: ['contact_encrypted', 'merged_into_id'],
        staff: ['safeguarding_lead_id', 'owner_account_id', 'recorded_by'],
        codes: {
          channel: 'feedback:channels',
          kind: 'feedback:kinds',
          language: 'feedback:languages',
          urgency: 'feedback:urgencies',
          status: 'feedback:statuses',
          outcome: 'feedback:outcomeNames',
          escalated_reason: 'feedback:escalations',
        },
      },
    },
  ],
  matrix: publicFeedbackMatrix,
};

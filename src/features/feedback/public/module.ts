import type { Module } from '#platform/modules/contract.ts';
import { publicFeedbackMatrix } from './authz.ts';
import { publicFeedbackRoutes } from './routes.ts';
import { createPublicFeedback } from './service.ts';

/** A service's anonymous feedback form and the receipt look-up (issue 12 items 1 and 5). */
export const publicFeedbackModule: Module = {
  name: 'feedback/public',
  capability: 'feedback',
  services: ({ db, audit, config }) => ({
    publicFeedback: createPublicFeedback({ db, audit, keys: config.encryptionKey }),
  }),
  routes: [publicFeedbackRoutes],
  matrix: publicFeedbackMatrix,
};

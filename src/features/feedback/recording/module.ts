import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { recordingMatrix } from './authz.ts';
import { feedbackRecordingRoutes } from './routes.ts';
import { createFeedbackRecording } from './service.ts';

/** Feedback recorded by staff and given by a person in the portal (issue 12 item 1). */
export const feedbackRecordingModule: Module = {
  name: 'feedback/recording',
  services: ({ db, audit, config }) => ({
    feedbackRecording: createFeedbackRecording({ db, audit, keys: config.encryptionKey }),
  }),
  routes: [feedbackRecordingRoutes],
  navigation: [navigationLink('/feedback/new', 'feedback:record.navigation', 'feedback.triage')],
  portalLinks: [
    { href: '/portal/feedback', text: 'feedback:portal.link', hint: 'feedback:portal.hint' },
  ],
  matrix: recordingMatrix,
};

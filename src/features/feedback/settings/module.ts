import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { settingsMatrix } from './authz.ts';
import { feedbackSettingsRoutes } from './routes.ts';
import { createFeedbackSettings } from './service.ts';

/** Inboxes, settings (timescales, commissioner, safeguarding lead) and themes (feedback.publish). */
export const feedbackSettingsModule: Module = {
  name: 'feedback/settings',
  services: ({ db, audit }) => ({ feedbackSettings: createFeedbackSettings({ db, audit }) }),
  routes: [feedbackSettingsRoutes],
  navigation: [
    navigationLink('/feedback/settings', 'feedback:settings.navigation', 'feedback.publish'),
  ],
  matrix: settingsMatrix,
};

import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { anywhereAs, unscoped } from '#platform/permissions/matrix.ts';
import { feedbackPermissions } from '../permissions.ts';
import { feedbackTrendsRoutes } from './routes.ts';
import { createFeedbackTrends } from './service.ts';

/** Trends over time, for an organisation and across the providers below it (issue 12 item 7). */
export const feedbackTrendsModule: Module = {
  name: 'feedback/trends',
  services: ({ db }) => ({ feedbackTrends: createFeedbackTrends({ db }) }),
  routes: [feedbackTrendsRoutes],
  navigation: [navigationLink('/feedback/trends', 'feedback:trends.navigation', 'feedback.view')],
  // (its organisation filter is authorised as the settings pages are: tested in trends.test.ts)
  matrix: [unscoped('GET /feedback/trends', anywhereAs(...feedbackPermissions['feedback.view']))],
};

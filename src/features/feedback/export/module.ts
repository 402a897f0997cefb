import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { exportMatrix } from './authz.ts';
import { feedbackExportRoutes } from './routes.ts';
import { createFeedbackExport } from './service.ts';

/** The export of feedback items as CSV or XLSX, for a report (issue 12). */
export const feedbackExportModule: Module = {
  name: 'feedback/export',
  services: ({ db, audit, i18n }) => ({
    feedbackExport: createFeedbackExport({ db, audit, i18n }),
  }),
  routes: [feedbackExportRoutes],
  navigation: [navigationLink('/feedback/export', 'feedbackExport:navigation', 'feedback.view')],
  matrix: exportMatrix,
};

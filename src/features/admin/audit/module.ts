import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { auditMatrix } from './authz.ts';
import { auditRoutes } from './routes.ts';
import { createAuditViewer } from './service.ts';

/** The audit log viewer and its verification page. */
export const auditModule: Module = {
  name: 'admin/audit',
  services: ({ db, audit }) => ({ auditViewer: createAuditViewer({ db, audit }) }),
  routes: [auditRoutes],
  navigation: [navigationLink('/audit', 'common:navigation.audit', 'audit.view')],
  matrix: auditMatrix,
};

import { canAnywhere, canPlatform } from '#platform/permissions/policy.ts';
import type { Module } from '#platform/modules/contract.ts';
import { auditMatrix } from './authz.ts';
import { auditRoutes } from './routes.ts';
import { createAuditViewer } from './service.ts';

/** The audit log viewer and its verification page. */
export const auditModule: Module = {
  name: 'admin/audit',
  capability: 'admin',
  services: ({ db, audit }) => ({ auditViewer: createAuditViewer({ db, audit }) }),
  routes: [auditRoutes],
  navigation: [
    {
      href: '/audit',
      text: 'common:navigation.audit',
      visible: (actor) => canAnywhere(actor, 'audit.view') || canPlatform(actor, 'platform.manage'),
    },
  ],
  matrix: auditMatrix,
};

import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { claimsWaiting } from './attention.ts';
import { peopleNearALimit } from '../benefits/near-limit.ts';
import { approvalMatrix } from './authz.ts';
import { approvalRoutes } from './routes.ts';
import { createApprovalService } from './service.ts';

/** Approving or returning claims, with the benefit check (issue 11 items 3 and 5). */
export const approvalModule: Module = {
  name: 'money/approval',
  services: ({ db, audit }) => ({ approval: createApprovalService({ db, audit }) }),
  routes: [approvalRoutes],
  navigation: [navigationLink('/money/approvals', 'approval:navigation', 'money.approve')],
  attention: [claimsWaiting, peopleNearALimit],
  matrix: approvalMatrix,
};

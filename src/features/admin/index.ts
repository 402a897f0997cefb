/**
 * The admin capability's public API: organisations, staff accounts and access, the audit viewer,
 * the outbox and the general pages. Other capabilities import from `#features/admin` only.
 */
import type { AccountsService } from './accounts/service.ts';
import type { AuditViewer } from './audit/service.ts';
import type { OrganisationsService } from './organisations/service.ts';
import type { OutboxService } from './outbox/service.ts';
import { accountsModule } from './accounts/module.ts';
import { auditModule } from './audit/module.ts';
import { organisationsModule } from './organisations/module.ts';
import { outboxModule } from './outbox/module.ts';
import { pagesModule } from './pages/module.ts';

export const adminModules = [
  pagesModule,
  organisationsModule,
  accountsModule,
  auditModule,
  outboxModule,
];

export {
  demoSignInMessage,
  demoSignIns,
  demoOrganisationId,
  hasDemo,
  seedDemo,
  seedDemoOnFirstRun,
} from './organisations/seed-demo.ts';
export {
  DEFAULT_SEED,
  nationalRoots,
  seedNational,
  type NationalSummary,
} from './organisations/seed-national.ts';
export { isAllowedUnder } from './organisations/tree.ts';
// An organisation with its names and place in the tree, and the rule every capability applies to
// it: 404 unless the actor can see it, 403 unless the actor holds the permission there.
export { authoriseAt, findOrganisation, type OrganisationRow } from './subtrees.ts';

declare module '#platform/modules/contract.ts' {
  interface Services {
    organisations: OrganisationsService;
    accounts: AccountsService;
    auditViewer: AuditViewer;
    outbox: OutboxService;
  }
}

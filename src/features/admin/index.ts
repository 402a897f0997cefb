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

declare module '#platform/modules/contract.ts' {
  interface Services {
    organisations: OrganisationsService;
    accounts: AccountsService;
    auditViewer: AuditViewer;
    outbox: OutboxService;
  }
}

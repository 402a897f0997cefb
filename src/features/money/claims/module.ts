import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { claimsMatrix } from './authz.ts';
import { advanceRoutes } from './advance-routes.ts';
import { advancesToSettle } from './advances.ts';
import { claimChangeRoutes } from './new-routes.ts';
import { claimsRoutes } from './routes.ts';
import { staffReceiptRoutes } from '../receipts/routes.ts';
import { resetDemoClaims, seedDemoClaims } from './seed-demo.ts';
import { resetNationalClaims, seedNationalClaims } from './seed-national.ts';
import { createClaimsService } from './service.ts';
import { opportunityNames } from '#features/involvement';
import { claimNumber } from './repository.ts';

/** Expense claims (issue 11 item 2): claims with lines and receipts, made by staff or the person. */
export const claimsModule: Module = {
  name: 'money/claims',
  services: ({ db, audit }) => ({ claims: createClaimsService({ db, audit }) }),
  routes: [claimChangeRoutes, claimsRoutes, staffReceiptRoutes, advanceRoutes],
  attention: [advancesToSettle],
  navigation: [navigationLink('/money/claims', 'claims:navigation', 'money.view')],
  personalData: [
    // a claim is a financial record: kept on erasure (amounts, dates, what it was for); its
    // lines and receipts go with it through the claim's id, not the person's
    {
      table: 'money_claims',
      column: 'person_id',
      section: 'moneyClaims',
      erase: 'keep',
      page: {
        namespace: 'claims',
        hidden: [
          'meeting_invitee_id',
          'involvement_record_id',
          'rate_version_id',
          'benefit_warning',
          'batch_id',
        ],
        staff: ['advance_reconciled_by', 'created_by', 'returned_by', 'approved_by'],
        codes: {
          status: 'claims:statuses',
          made_via: 'claims:madeVia',
          payment_outcome: 'approval:outcomes',
        },
        names: opportunityNames,
        formats: { number: claimNumber },
      },
    },
  ],
  seeds: {
    demo: { reset: resetDemoClaims, seed: seedDemoClaims },
    national: { name: 'money claims', reset: resetNationalClaims, seed: seedNationalClaims },
  },
  matrix: claimsMatrix,
};

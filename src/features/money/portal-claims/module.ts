import type { Module } from '#platform/modules/contract.ts';
import { portalClaimsMatrix } from './authz.ts';
import { portalReceiptRoutes } from './receipt-routes.ts';
import { portalClaimsRoutes } from './routes.ts';
import { createPortalClaimsService } from './service.ts';

/** Expense claims made by the person themselves in the portal (issue 11 item 2). */
export const portalClaimsModule: Module = {
  name: 'money/portal-claims',
  services: ({ db, audit, people }) => ({
    portalClaims: createPortalClaimsService({
      db,
      audit,
      findPerson: (who, id, options) => people.findPersonForActor(who, id, options),
    }),
  }),
  routes: [portalClaimsRoutes, portalReceiptRoutes],
  portalLinks: [
    { href: '/portal/claims', text: 'portalClaims:portalLink', hint: 'portalClaims:portalHint' },
  ],
  matrix: portalClaimsMatrix,
};

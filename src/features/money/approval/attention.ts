import { sql } from 'kysely';
import { countUpTo, scopeInputs, type ScopeInputs } from '#platform/modules/attention.ts';
import type { AttentionProvider } from '#platform/modules/contract.ts';
import { inSubtrees } from '#platform/permissions/organisation-in-scope.ts';

/** "Claims waiting for approval" at the organisations where the actor approves. */
export const claimsWaiting: AttentionProvider<{ count: number }, ScopeInputs> = {
  name: 'money.claims_waiting',
  inputs: (actor) => scopeInputs(actor, 'money.approve'),
  counts({ db }, { scope }) {
    return {
      count: countUpTo(
        db
          .selectFrom('money_claims as c')
          .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
          .where('c.status', '=', sql.lit('submitted'))
          .where(inSubtrees(scope)),
      ),
    };
  },
  items: (row) => [
    { text: 'approval:attention.waiting', count: row.count, href: '/money/approvals' },
  ],
};

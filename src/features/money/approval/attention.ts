import { sql } from 'kysely';
import type { AttentionProvider } from '#platform/modules/contract.ts';
import { scopeOf } from '#platform/permissions/policy.ts';

/** "Claims waiting for approval" at the organisations where the actor approves (one query). */
export const claimsWaiting: AttentionProvider = {
  name: 'money.claims_waiting',
  async items({ db }, actor) {
    const scope = scopeOf(actor, 'money.approve');
    if (scope !== null && scope.length === 0) return [];
    const row = await db
      .selectFrom('money_claims as c')
      .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
      .where('c.status', '=', 'submitted')
      .$if(scope !== null, (qb) => qb.where(sql<boolean>`o.ancestors && ${sql.val(scope)}::uuid[]`))
      .select(sql<number>`count(*)::int`.as('count'))
      .executeTakeFirstOrThrow();
    if (row.count === 0) return [];
    return [{ text: 'approval:attention.waiting', count: row.count, href: '/money/approvals' }];
  },
};

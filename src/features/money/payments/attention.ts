import { sql } from 'kysely';
import type { AttentionProvider } from '#platform/modules/contract.ts';
import { scopeOf } from '#platform/permissions/policy.ts';

/** A float open this many days should be counted (and closed or carried on). */
export const FLOAT_COUNT_DAYS = 7;

/**
 * What waits for those who pay (money.pay), in one query: approved claims not yet paid, and cash
 * floats open for a week or more that should be counted and reconciled.
 */
export const paymentsWaiting: AttentionProvider = {
  name: 'money.payments_waiting',
  async items({ db }, actor) {
    const scope = scopeOf(actor, 'money.pay');
    if (scope !== null && scope.length === 0) return [];
    const within = (alias: string) =>
      scope === null
        ? sql<boolean>`true`
        : sql<boolean>`${sql.ref(`${alias}.organisation_id`)} in (select o.id from organisations o
            where o.ancestors && ${sql.val(scope)}::uuid[])`;
    const { rows } = await sql<{ toPay: number; floats: number }>`
      select
        (select count(*)::int from money_claims c where c.status = 'approved' and ${within('c')})
          as "toPay",
        (select count(*)::int from money_floats f where f.status = 'open'
          and f.opened_on <= (now() at time zone 'Europe/London')::date - ${FLOAT_COUNT_DAYS}::int
          and ${within('f')}) as "floats"`.execute(db);
    const row = rows[0]!;
    return [
      ...(row.toPay
        ? [
            {
              text: 'payments:attention.toPay',
              count: row.toPay,
              href: '/money/claims?status=approved',
            },
          ]
        : []),
      ...(row.floats
        ? [{ text: 'payments:attention.floats', count: row.floats, href: '/money/floats' }]
        : []),
    ];
  },
};

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

/**
 * Claims waiting for approval for people who told us about their benefits (with consent): the
 * approver should read the benefit check before approving (one query; the check itself runs on
 * the claim's approval page).
 */
export const benefitChecksWaiting: AttentionProvider = {
  name: 'money.benefit_checks_waiting',
  async items({ db }, actor) {
    const scope = scopeOf(actor, 'money.approve');
    if (scope !== null && scope.length === 0) return [];
    const row = await db
      .selectFrom('money_claims as c')
      .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
      .innerJoin('money_benefit_profiles as b', 'b.person_id', 'c.person_id')
      .where('c.status', '=', 'submitted')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('money_claim_lines as l')
            .select('l.id')
            .whereRef('l.claim_id', '=', 'c.id')
            .where('l.category', '=', 'payment'),
        ),
      )
      .$if(scope !== null, (qb) => qb.where(sql<boolean>`o.ancestors && ${sql.val(scope)}::uuid[]`))
      .select(sql<number>`count(*)::int`.as('count'))
      .executeTakeFirstOrThrow();
    if (row.count === 0) return [];
    return [{ text: 'payments:attention.benefits', count: row.count, href: '/money/approvals' }];
  },
};

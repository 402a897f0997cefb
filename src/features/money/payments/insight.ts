import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { EvidenceProvider, Figure, Scope } from '#platform/modules/contract.ts';
import { formatDate } from '#platform/views/views.ts';
import { claimNumber } from '../claims/repository.ts';

/** The organisation and every organisation below it, as SQL. */
const under = (scope: Scope) =>
  sql<boolean>`p.organisation_id = any(array(select o.id from organisations o
    where o.ancestors @> array[${scope.organisationId}]::uuid[]))`;

/** London days of the scope (from inclusive, to exclusive). */
const days = (scope: Scope) => ({
  from: sql<string>`(${scope.from}::timestamptz at time zone 'Europe/London')::date`,
  to: sql<string>`(${scope.to}::timestamptz at time zone 'Europe/London')::date`,
});

/** The payments (and reversals) made in the scope's period at the organisation or below. */
function paymentsIn(db: Kysely<DB>, scope: Scope) {
  const { from, to } = days(scope);
  return db
    .selectFrom('money_payments as p')
    .where(under(scope))
    .where(sql<boolean>`p.paid_on >= ${from} and p.paid_on < ${to}`);
}

/**
 * Of the claims paid in the period (first payments, not reversals), those whose payment meets
 * `met` (SQL over the payment `p` and the claim `c`), with the claims behind the answer.
 */
function claimsPaidWhen(met: RawBuilder<boolean>): EvidenceProvider['answer'] {
  return async ({ db }, scope) => {
    const rows = await paymentsIn(db, scope)
      .innerJoin('money_claims as c', 'c.id', 'p.claim_id')
      .where('p.kind', '=', 'payment')
      .select(['c.id', 'c.number', 'p.paid_on as paidOn', met.as('met')])
      .orderBy('p.paid_on')
      .execute();
    const found = rows.filter((r) => r.met);
    return {
      met: found.length,
      of: rows.length,
      records: found.map((r) => ({
        type: 'claim',
        id: r.id,
        label: `${claimNumber(r.number)}, ${formatDate(r.paidOn, 'en')}`,
        href: `/money/claims/${r.id}`,
      })),
    };
  };
}

/**
 * Paid on the day or before it (WF 3.3: expenses are paid on the day or in advance, not sought
 * later): of the claims paid in the period, those paid on the day of the activity or before it.
 */
export const paidOnTheDay: EvidenceProvider = {
  id: 'money.paid-on-the-day',
  criteria: ['WF 3.3', 'NW remuneration'],
  text: 'payments:evidence.paidOnTheDay',
  answer: claimsPaidWhen(sql<boolean>`p.on_the_day_or_before`),
};

/**
 * Expenses offered in advance (WF 3.3: a ticket bought or money given before the activity, so
 * nobody is out of pocket): of the claims paid in the period, those paid before the day of the
 * activity.
 */
export const paidInAdvance: EvidenceProvider = {
  id: 'money.paid-in-advance',
  criteria: ['WF 3.3', 'NW remuneration'],
  text: 'payments:evidence.paidInAdvance',
  answer: claimsPaidWhen(sql<boolean>`p.paid_on < c.occurred_on`),
};

/** Sums of money paid in the period, in pence (reversals taken off). */
const paidSum =
  (column: 'expenses_pence' | 'payment_pence'): Figure['count'] =>
  async ({ db }, scope) => {
    const row = await paymentsIn(db, scope)
      .select(sql<number>`coalesce(sum(${sql.ref(`p.${column}`)}), 0)::int`.as('n'))
      .executeTakeFirstOrThrow();
    return row.n;
  };

/** Time credits of `kinds` in the period at the organisation's schemes or below (absolute). */
const creditsOf =
  (kinds: ('earned' | 'spent' | 'donated')[]): Figure['count'] =>
  async ({ db }, scope) => {
    const { from, to } = days(scope);
    const row = await db
      .selectFrom('credit_entries as p')
      .where(under(scope))
      .where(sql<boolean>`p.occurred_on >= ${from} and p.occurred_on < ${to}`)
      .where('p.kind', 'in', kinds)
      .select(sql<number>`coalesce(sum(abs(p.amount)), 0)::int`.as('n'))
      .executeTakeFirstOrThrow();
    return row.n / 100;
  };

/** Money and time credits for dashboards and reports (amounts, not people: not suppressed). */
export const moneyFigures: Figure[] = [
  {
    id: 'money.expenses-paid-pence',
    text: 'payments:figures.expensesPaid',
    suppressBelow: 0,
    count: paidSum('expenses_pence'),
  },
  {
    id: 'money.payments-paid-pence',
    text: 'payments:figures.paymentsPaid',
    suppressBelow: 0,
    count: paidSum('payment_pence'),
  },
  {
    id: 'money.median-days-to-payment',
    text: 'payments:figures.daysToPayment',
    suppressBelow: 0,
    async count({ db }, scope) {
      const row = await paymentsIn(db, scope)
        .innerJoin('money_claims as c', 'c.id', 'p.claim_id')
        .where('p.kind', '=', 'payment')
        .where('c.submitted_at', 'is not', null)
        .select(
          sql<string | null>`percentile_cont(0.5) within group (order by
            p.paid_on - (c.submitted_at at time zone 'Europe/London')::date)`.as('n'),
        )
        .executeTakeFirstOrThrow();
      return Math.max(0, Number(row.n ?? 0));
    },
  },
  {
    id: 'money.credits-earned',
    text: 'payments:figures.creditsEarned',
    suppressBelow: 0,
    count: creditsOf(['earned']),
  },
  {
    id: 'money.credits-spent',
    text: 'payments:figures.creditsSpent',
    suppressBelow: 0,
    count: creditsOf(['spent', 'donated']),
  },
];

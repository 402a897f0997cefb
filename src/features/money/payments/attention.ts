import { sql } from 'kysely';
import { scopeInputs, type ScopeInputs } from '#platform/modules/attention.ts';
import type { AttentionProvider } from '#platform/modules/contract.ts';

/** A float open this many days should be counted (and closed or carried on). */
export const FLOAT_COUNT_DAYS = 7;

/**
 * What waits for those who pay (money.pay): approved claims not yet paid (the partial index of
 * claims waiting, `money_claims_waiting_idx`), and cash floats open for a week or more that
 * should be counted and reconciled.
 */
export const paymentsWaiting: AttentionProvider<{ toPay: number; floats: number }, ScopeInputs> = {
  name: 'money.payments_waiting',
  inputs: (actor) => scopeInputs(actor, 'money.pay'),
  counts(_services, { scope }) {
    const within = (alias: string) =>
      scope === null
        ? sql<boolean>`true`
        : sql<boolean>`${sql.ref(`${alias}.organisation_id`)} in (select o.id from organisations o
            where o.ancestors && ${sql.val(scope)}::uuid[])`;
    return {
      toPay: sql<number>`select count(*)::int from money_claims c
        where c.status = 'approved' and ${within('c')}`,
      floats: sql<number>`select count(*)::int from money_floats f where f.status = 'open'
        and f.opened_on <= (now() at time zone 'Europe/London')::date - ${sql.lit(FLOAT_COUNT_DAYS)}::int
        and ${within('f')}`,
    };
  },
  items: (row) => [
    { text: 'payments:attention.toPay', count: row.toPay, href: '/money/claims?status=approved' },
    { text: 'payments:attention.floats', count: row.floats, href: '/money/floats' },
  ],
};

import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { taxYearDays } from '../thresholds/tax-year.ts';

/**
 * A person's statement of payments and expenses for a period: one row per payment (reversals
 * as their own rows, with negative amounts), expenses (reimbursed, not earnings) apart from
 * involvement payments (earnings), and the totals of each.
 */

export interface StatementRow {
  paymentId: string;
  kind: 'payment' | 'reversal';
  /** YYYY-MM-DD */
  paidOn: string;
  claimNumber: number;
  /** The day the claim was for (YYYY-MM-DD). */
  occurredOn: string;
  method: string;
  /** The organisation that paid, in English and Welsh. */
  organisationEn: string;
  organisationCy: string;
  expensesPence: number;
  paymentPence: number;
}

export interface Statement {
  /** YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
  rows: StatementRow[];
  totals: { expensesPence: number; paymentPence: number };
}

/** The period of a tax year, or a date range (YYYY-MM-DD, inclusive). */
export type StatementPeriod = { taxYear: number } | { from: string; to: string };

export const periodDays = (period: StatementPeriod) =>
  'taxYear' in period ? taxYearDays(period.taxYear) : { from: period.from, to: period.to };

/**
 * The statement of `personId` for `period`, limited to payments made by `organisationIds`
 * (the caller's scope; `null` for all, e.g. the person themselves in the portal).
 */
export async function statementOf(
  db: Kysely<DB>,
  personId: string,
  period: StatementPeriod,
  organisationIds: string[] | null,
): Promise<Statement> {
  const { from, to } = periodDays(period);
  if (organisationIds?.length === 0) {
    return { from, to, rows: [], totals: { expensesPence: 0, paymentPence: 0 } };
  }
  let query = db
    .selectFrom('money_payments as p')
    .innerJoin('money_claims as c', 'c.id', 'p.claim_id')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select([
      'o.name_en as organisationEn',
      'o.name_cy as organisationCy',
      'p.id as paymentId',
      'p.kind',
      'p.paid_on as paidOn',
      'c.number as claimNumber',
      'c.occurred_on as occurredOn',
      'p.method',
      'p.expenses_pence as expensesPence',
      'p.payment_pence as paymentPence',
    ])
    .where('p.person_id', '=', personId)
    .where('p.paid_on', '>=', from)
    .where('p.paid_on', '<=', to);
  if (organisationIds) query = query.where('p.organisation_id', 'in', organisationIds);
  const rows = await query.orderBy('p.paid_on').orderBy('p.created_at').execute();
  const totals = rows.reduce(
    (sum, row) => ({
      expensesPence: sum.expensesPence + row.expensesPence,
      paymentPence: sum.paymentPence + row.paymentPence,
    }),
    { expensesPence: 0, paymentPence: 0 },
  );
  return { from, to, rows, totals };
}

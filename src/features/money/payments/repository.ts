import { sql } from 'kysely';
import type { Database } from '#platform/db/database.ts';
import type { PayMethod } from './tables.ts';

/** A claim as the pay page needs it: its status, day and the amounts due. */
export async function claimToPay(db: Database, claimId: string) {
  const claim = await db
    .selectFrom('money_claims')
    .select([
      'id',
      'number',
      'organisation_id',
      'person_id',
      'occurred_on',
      'status',
      'version',
      'payment_outcome',
      'payment_due_pence',
      'batch_id',
    ])
    .where('id', '=', claimId)
    .executeTakeFirst();
  if (!claim) return undefined;
  const totals = await db
    .selectFrom('money_claim_lines')
    .select(['category', sql<string>`coalesce(sum(amount_pence), 0)`.as('total')])
    .where('claim_id', '=', claimId)
    .groupBy('category')
    .execute();
  const total = (category: string) =>
    Number(totals.find((row) => row.category === category)?.total ?? 0);
  const expensesPence = total('expense');
  const paymentPence = claim.payment_due_pence ?? total('payment');
  return { ...claim, expensesPence, paymentPence };
}
export type ClaimToPay = NonNullable<Awaited<ReturnType<typeof claimToPay>>>;

/** The organisation's open floats, oldest first. */
export function openFloats(db: Database, organisationId: string) {
  return db
    .selectFrom('money_floats')
    .select(['id', 'name', 'opened_on', 'opening_pence'])
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'open')
    .orderBy('opened_on')
    .orderBy('created_at')
    .execute();
}

/** Every float of the organisation with what was topped up and paid out in cash from it. */
export async function floatsOf(db: Database, organisationId: string) {
  return db
    .selectFrom('money_floats as f')
    .select((eb) => [
      'f.id',
      'f.name',
      'f.opened_on',
      'f.opening_pence',
      'f.status',
      'f.counted_pence',
      'f.difference_reason',
      eb
        .selectFrom('money_float_top_ups as u')
        .select(sql<string>`coalesce(sum(u.amount_pence), 0)`.as('s'))
        .whereRef('u.float_id', '=', 'f.id')
        .as('top_ups'),
      eb
        .selectFrom('money_payments as p')
        .select(sql<string>`coalesce(sum(p.expenses_pence + p.payment_pence), 0)`.as('s'))
        .whereRef('p.float_id', '=', 'f.id')
        .as('paid'),
    ])
    .where('f.organisation_id', '=', organisationId)
    .orderBy('f.status', 'desc')
    .orderBy('f.opened_on', 'desc')
    .execute()
    .then((rows) =>
      rows.map((row) => {
        const topUps = Number(row.top_ups ?? 0);
        const paid = Number(row.paid ?? 0);
        return { ...row, topUps, paid, expected: row.opening_pence + topUps - paid };
      }),
    );
}
export type FloatRow = Awaited<ReturnType<typeof floatsOf>>[number];

export interface PaymentInsert {
  claim: ClaimToPay;
  method: PayMethod;
  expensesPence: number;
  paymentPence: number;
  paidOn: string;
  reference: string | null;
  floatId: string | null;
  batchId: string | null;
  paidBy: string;
}

/**
 * Sets the claim paid (only if it is still approved at the version read) and inserts its payment,
 * in the caller's transaction. False when someone else changed the claim first.
 */
export async function markPaid(trx: Database, payment: PaymentInsert) {
  const { claim } = payment;
  const updated = await trx
    .updateTable('money_claims')
    .set({
      status: 'paid',
      paid_at: new Date(),
      version: claim.version + 1,
      updated_at: new Date(),
    })
    .where('id', '=', claim.id)
    .where('status', '=', 'approved')
    .where('version', '=', claim.version)
    // a claim gathered into a bank transfer batch is paid with the batch, never on its own
    .where('batch_id', payment.batchId === null ? 'is' : '=', payment.batchId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return false;
  await trx
    .insertInto('money_payments')
    .values({
      claim_id: claim.id,
      organisation_id: claim.organisation_id,
      person_id: claim.person_id,
      method: payment.method,
      expenses_pence: payment.expensesPence,
      payment_pence: payment.paymentPence,
      paid_on: payment.paidOn,
      reference: payment.reference,
      on_the_day_or_before: payment.paidOn <= claim.occurred_on,
      float_id: payment.floatId,
      batch_id: payment.batchId,
      paid_by: payment.paidBy,
    })
    .execute();
  return true;
}

/** The payment of a claim (not a reversal), if there is one. */
export function paymentOf(db: Database, claimId: string) {
  return db
    .selectFrom('money_payments')
    .selectAll()
    .where('claim_id', '=', claimId)
    .where('kind', '=', 'payment')
    .executeTakeFirst();
}

/**
 * Sets a paid claim reversed (only if still paid at the version read) and inserts the reversal:
 * negative amounts, pointing at the payment. False when someone else changed the claim first.
 */
export async function markReversed(
  trx: Database,
  claim: ClaimToPay,
  payment: NonNullable<Awaited<ReturnType<typeof paymentOf>>>,
  reason: string,
  paidOn: string,
  accountId: string,
) {
  const updated = await trx
    .updateTable('money_claims')
    .set({ status: 'reversed', version: claim.version + 1, updated_at: new Date() })
    .where('id', '=', claim.id)
    .where('status', '=', 'paid')
    .where('version', '=', claim.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return false;
  await trx
    .insertInto('money_payments')
    .values({
      claim_id: claim.id,
      organisation_id: claim.organisation_id,
      person_id: claim.person_id,
      kind: 'reversal',
      method: payment.method,
      expenses_pence: -payment.expenses_pence,
      payment_pence: -payment.payment_pence,
      paid_on: paidOn,
      reference: payment.reference,
      on_the_day_or_before: payment.on_the_day_or_before,
      reverses_payment_id: payment.id,
      reason,
      paid_by: accountId,
    })
    .execute();
  return true;
}

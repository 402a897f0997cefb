import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { pageOf } from '../paging.ts';
import { inSubtrees } from '#platform/permissions/organisation-in-scope.ts';

type Db = Kysely<DB>;

/** The most claims one batch gathers (the rest wait for the next). */
export const BATCH_LIMIT = 500;

/** A batch number as people read it: B-000012. */
export const batchNumber = (number: number) => `B-${String(number).padStart(6, '0')}`;

/**
 * What a claim pays, in SQL (the same rule as paying one claim): its expenses always; its
 * involvement payment as approved (the amount due after the person's choice), nothing when they
 * declined it or took time credits or a charity instead.
 */
const expensesOf = sql<number>`coalesce((select sum(l.amount_pence) from money_claim_lines l
  where l.claim_id = c.id and l.category = 'expense'), 0)::int`;
const paymentOf = sql<number>`(case when c.payment_outcome in ('declined', 'time_credits', 'charity')
  then 0 else coalesce(c.payment_due_pence, (select sum(l.amount_pence) from money_claim_lines l
  where l.claim_id = c.id and l.category = 'payment'), 0) end)::int`;

/**
 * Approved claims waiting to be paid by bank transfer: the person chose bank transfer and the
 * claim is in no batch yet.
 */
const waitingForTransfer = (db: Db) =>
  db
    .selectFrom('money_claims as c')
    .innerJoin('money_payment_choices as pc', 'pc.person_id', 'c.person_id')
    .where('c.status', '=', 'approved')
    .where('c.batch_id', 'is', null)
    .where('pc.method', '=', 'bank_transfer');

/** The organisations in the scope with claims waiting for a bank transfer, and how many. */
export function waitingByOrganisation(db: Db, scope: readonly string[] | null) {
  return waitingForTransfer(db)
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .where(inSubtrees(scope))
    .groupBy(['o.id', 'o.name_en', 'o.name_cy'])
    .select([
      'o.id',
      'o.name_en as nameEn',
      'o.name_cy as nameCy',
      sql<number>`count(*)::int`.as('claims'),
    ])
    .orderBy('o.name_en')
    .limit(200)
    .execute();
}

/** One page of the batches at organisations in the scope, newest first, with their totals. */
export async function batchesPage(db: Db, scope: readonly string[] | null, page: number) {
  const base = db
    .selectFrom('money_payment_batches as b')
    .innerJoin('organisations as o', 'o.id', 'b.organisation_id')
    .where(inSubtrees(scope));
  return pageOf(
    base,
    (q) =>
      q
        .select([
          'b.id',
          'b.number',
          'b.status',
          'b.created_at as createdAt',
          'b.sent_at as sentAt',
          'o.name_en as nameEn',
          'o.name_cy as nameCy',
          sql<number>`(select count(*) from money_claims c where c.batch_id = b.id)::int`.as(
            'claims',
          ),
          sql<number>`coalesce((select sum(l.amount_pence) from money_claims c
          join money_claim_lines l on l.claim_id = c.id where c.batch_id = b.id), 0)::int`.as(
            'linesPence',
          ),
        ])
        .orderBy('b.number', 'desc'),
    page,
  );
}

/** A batch with its organisation (undefined: none). */
export function findBatch(db: Db, id: string) {
  return db
    .selectFrom('money_payment_batches as b')
    .innerJoin('organisations as o', 'o.id', 'b.organisation_id')
    .select([
      'b.id',
      'b.number',
      'b.status',
      'b.organisation_id as organisationId',
      'b.created_at as createdAt',
      'b.sent_at as sentAt',
      'o.name_en as nameEn',
      'o.name_cy as nameCy',
    ])
    .where('b.id', '=', id)
    .executeTakeFirst();
}

/** The claims of a batch with what each pays, by claim number (at most BATCH_LIMIT). */
export function batchClaims(db: Db, batchId: string) {
  return db
    .selectFrom('money_claims as c')
    .select([
      'c.id',
      'c.number',
      'c.person_id as personId',
      'c.occurred_on as occurredOn',
      'c.status',
      expensesOf.as('expensesPence'),
      paymentOf.as('paymentPence'),
    ])
    .where('c.batch_id', '=', batchId)
    .orderBy('c.number')
    .limit(BATCH_LIMIT)
    .execute();
}
export type BatchClaim = Awaited<ReturnType<typeof batchClaims>>[number];

/**
 * Starts a batch at an organisation with the claims waiting there for a bank transfer (oldest
 * first, at most BATCH_LIMIT), in the caller's transaction: the batch id and how many it holds.
 * A claim already gathered by another batch at the same moment is not taken twice (the update
 * is conditional on `batch_id is null`).
 */
export async function gatherBatch(trx: Db, organisationId: string, accountId: string) {
  const batch = await trx
    .insertInto('money_payment_batches')
    .values({ organisation_id: organisationId, created_by: accountId })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
  const gathered = await trx
    .updateTable('money_claims')
    .set({ batch_id: batch.id, updated_at: new Date() })
    .where(
      'id',
      'in',
      waitingForTransfer(trx)
        .where('c.organisation_id', '=', organisationId)
        .select('c.id')
        .orderBy('c.approved_at')
        .limit(BATCH_LIMIT),
    )
    .where('batch_id', 'is', null)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  return { ...batch, claims: Number(gathered.numUpdatedRows) };
}

/**
 * Marks an open batch sent and pays each of its approved claims by bank transfer, once, in the
 * caller's transaction: the claim paid only if still approved, a payment row each (method
 * bank_transfer, the batch number as reference). Undefined when the batch was no longer open
 * (sent or cancelled by someone else first).
 */
export async function sendBatch(
  trx: Db,
  batch: { id: string; number: number },
  paidOn: string,
  accountId: string,
) {
  const sent = await trx
    .updateTable('money_payment_batches')
    .set({ status: 'sent', sent_at: new Date(), sent_by: accountId })
    .where('id', '=', batch.id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (Number(sent.numUpdatedRows) !== 1) return undefined;
  const { rows } = await sql<{
    claimId: string;
    personId: string;
    expensesPence: number;
    paymentPence: number;
  }>`with paid as (
      update money_claims c set status = 'paid', paid_at = now(), version = c.version + 1,
        updated_at = now()
      where c.batch_id = ${batch.id} and c.status = 'approved'
      returning c.id, c.organisation_id, c.person_id, c.occurred_on, ${expensesOf} as expenses,
        ${paymentOf} as payment)
    insert into money_payments (claim_id, organisation_id, person_id, method, expenses_pence,
      payment_pence, paid_on, reference, on_the_day_or_before, batch_id, paid_by)
    select c.id, c.organisation_id, c.person_id, 'bank_transfer', c.expenses, c.payment,
      ${paidOn}::date, ${batchNumber(batch.number)}, ${paidOn}::date <= c.occurred_on,
      ${batch.id}, ${accountId}
    from paid c
    returning claim_id as "claimId", person_id as "personId", expenses_pence as "expensesPence",
      payment_pence as "paymentPence"`.execute(trx);
  return rows;
}

/**
 * Cancels an open batch, in the caller's transaction: its claims wait again and the batch is
 * deleted (the audit log keeps it). The batch row is locked first, so a cancel and a send at the
 * same moment cannot both happen. False when it was no longer open.
 */
export async function cancelBatch(trx: Db, batchId: string) {
  const open = await trx
    .selectFrom('money_payment_batches')
    .select('id')
    .where('id', '=', batchId)
    .where('status', '=', 'open')
    .forUpdate()
    .executeTakeFirst();
  if (!open) return false;
  await trx
    .updateTable('money_claims')
    .set({ batch_id: null, updated_at: new Date() })
    .where('batch_id', '=', batchId)
    .execute();
  await trx.deleteFrom('money_payment_batches').where('id', '=', batchId).execute();
  return true;
}

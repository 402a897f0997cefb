import { sql, type Kysely, type Updateable } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { PaymentOutcome } from '../claims/tables.ts';
import { inSubtrees } from '#platform/permissions/organisation-in-scope.ts';

type Db = Kysely<DB>;

/** A claim as the approval page needs it. */
export function findClaim(db: Db, id: string) {
  return db
    .selectFrom('money_claims')
    .select([
      'id',
      'number',
      'organisation_id as organisationId',
      'person_id as personId',
      'involvement_record_id as involvementRecordId',
      'occurred_on as occurredOn',
      'status',
      'version',
      'payment_outcome as paymentOutcome',
      'payment_due_pence as paymentDuePence',
      'charity_name as charityName',
      'returned_reason as returnedReason',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}
export type ClaimRow = NonNullable<Awaited<ReturnType<typeof findClaim>>>;

export function linesOf(db: Db, claimId: string) {
  return db
    .selectFrom('money_claim_lines')
    .select([
      'position',
      'category',
      'kind',
      'description',
      'payment_activity_en as activityEn',
      'payment_activity_cy as activityCy',
      'amount_pence as amountPence',
    ])
    .where('claim_id', '=', claimId)
    .orderBy('position')
    .execute();
}
export type LineRow = Awaited<ReturnType<typeof linesOf>>[number];

export interface Approval {
  outcome: PaymentOutcome | null;
  duePence: number | null;
  charityName: string | null;
  warning: unknown;
}

/**
 * Sets `changes` (with `updated_at`) on a claim still submitted at the version read, moving its
 * version on; false when someone else changed it first.
 */
async function changeSubmittedClaim(
  trx: Db,
  claim: { id: string; version: number },
  changes: Updateable<DB['money_claims']>,
) {
  const result = await trx
    .updateTable('money_claims')
    .set({ ...changes, version: sql<number>`version + 1` })
    .where('id', '=', claim.id)
    .where('status', '=', 'submitted')
    .where('version', '=', claim.version)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Approves a submitted claim at the version read; false when someone else changed it first. */
export function approveClaim(
  trx: Db,
  claim: { id: string; version: number },
  approval: Approval,
  accountId: string,
) {
  const now = new Date();
  return changeSubmittedClaim(trx, claim, {
    status: 'approved',
    approved_at: now,
    approved_by: accountId,
    payment_outcome: approval.outcome,
    payment_due_pence: approval.duePence,
    charity_name: approval.charityName,
    benefit_warning: approval.warning === null ? null : JSON.stringify(approval.warning),
    updated_at: now,
  });
}

/** Returns a submitted claim with a reason; false when someone else changed it first. */
export function returnClaim(
  trx: Db,
  claim: { id: string; version: number },
  reason: string,
  accountId: string,
) {
  const now = new Date();
  return changeSubmittedClaim(trx, claim, {
    status: 'returned',
    returned_at: now,
    returned_by: accountId,
    returned_reason: reason,
    updated_at: now,
  });
}

/** Submitted claims in scope (null: everywhere), oldest first. */
export async function submittedPage(db: Db, scope: string[] | null, limit: number, offset: number) {
  const base = db
    .selectFrom('money_claims as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .where('c.status', '=', 'submitted')
    .where(inSubtrees(scope));
  const [rows, total] = await Promise.all([
    base
      .select([
        'c.id',
        'c.number',
        'c.person_id as personId',
        'c.occurred_on as occurredOn',
        'c.submitted_at as submittedAt',
        'o.name_en as organisationEn',
        'o.name_cy as organisationCy',
      ])
      .orderBy('c.submitted_at')
      .orderBy('c.number')
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.count };
}

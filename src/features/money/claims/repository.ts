import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { pageOf } from '../paging.ts';
import type { PricedLine } from './lines.ts';
import type { ClaimStatus, LineCategory, LineKind, ReceiptState } from './tables.ts';
import { inSubtrees } from '#platform/permissions/organisation-in-scope.ts';

type Db = Kysely<DB>;

/** A claim number as people read it: C-000123. */
export const claimNumber = (number: number) => `C-${String(number).padStart(6, '0')}`;

/** A claim's total in pence, and its expenses and payments apart. */
const totals = {
  total: sql<number>`coalesce((select sum(l.amount_pence) from money_claim_lines l
    where l.claim_id = c.id), 0)::int`,
  expenses: sql<number>`coalesce((select sum(l.amount_pence) from money_claim_lines l
    where l.claim_id = c.id and l.category = 'expense'), 0)::int`,
  payments: sql<number>`coalesce((select sum(l.amount_pence) from money_claim_lines l
    where l.claim_id = c.id and l.category = 'payment'), 0)::int`,
};

export interface ClaimFilters {
  organisationId?: string;
  /** One person's claims (the portal). */
  personId?: string;
  status?: ClaimStatus;
}

/** One page of the claims at organisations in the scope, newest day first. */
export async function claimsPage(
  db: Db,
  scope: readonly string[] | null,
  filters: ClaimFilters,
  page: number,
) {
  let base = db
    .selectFrom('money_claims as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .where(inSubtrees(scope));
  if (filters.organisationId) base = base.where('c.organisation_id', '=', filters.organisationId);
  if (filters.status) base = base.where('c.status', '=', filters.status);
  if (filters.personId) base = base.where('c.person_id', '=', filters.personId);
  return pageOf(
    base,
    (q) =>
      q
        .select([
          'c.id',
          'c.number',
          'c.person_id as personId',
          'c.occurred_on as occurredOn',
          'c.status',
          'c.is_advance as isAdvance',
          'o.name_en as organisationNameEn',
          'o.name_cy as organisationNameCy',
          totals.total.as('totalPence'),
        ])
        .orderBy('c.occurred_on', 'desc')
        .orderBy('c.number', 'desc'),
    page,
  );
}

/** Inserts a new claim's priced lines, in their order from position 1. */
export async function insertLines(db: Db, claimId: string, lines: readonly PricedLine[]) {
  await db
    .insertInto('money_claim_lines')
    .values(lines.map((l, i) => ({ ...l, claim_id: claimId, position: i + 1 })))
    .execute();
}

export interface ClaimLine {
  id: string;
  position: number;
  category: LineCategory;
  kind: LineKind;
  description: string | null;
  miles: number | null;
  vehicle: 'car' | 'motorbike' | 'bicycle' | null;
  pencePerMile: number | null;
  paymentActivityEn: string | null;
  paymentActivityCy: string | null;
  paymentUnit: 'hour' | 'half_day' | 'day' | null;
  unitsHundredths: number | null;
  unitPence: number | null;
  reason: string | null;
  amountPence: number;
  receipt: ReceiptState;
}

/** A claim with its organisation, what it is for, its totals and lines (undefined: none). */
export async function findClaim(db: Db, id: string) {
  const claim = await db
    .selectFrom('money_claims as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .select([
      'c.id',
      'c.number',
      'c.organisation_id as organisationId',
      'o.name_en as organisationNameEn',
      'o.name_cy as organisationNameCy',
      'c.person_id as personId',
      'c.meeting_invitee_id as meetingInviteeId',
      'c.involvement_record_id as involvementRecordId',
      'c.opportunity_id as opportunityId',
      'c.occurred_on as occurredOn',
      'c.rate_version_id as rateVersionId',
      'c.is_advance as isAdvance',
      'c.advance_reconciled_at as advanceReconciledAt',
      'c.advance_spent_pence as advanceSpentPence',
      'c.status',
      'c.made_via as madeVia',
      'c.created_at as createdAt',
      'c.submitted_at as submittedAt',
      'c.returned_at as returnedAt',
      'c.returned_reason as returnedReason',
      'c.approved_at as approvedAt',
      'c.paid_at as paidAt',
      'c.payment_outcome as paymentOutcome',
      'c.payment_due_pence as paymentDuePence',
      'c.version',
      totals.total.as('totalPence'),
      totals.expenses.as('expensesPence'),
      totals.payments.as('paymentsPence'),
    ])
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!claim) return undefined;
  const lines: ClaimLine[] = await db
    .selectFrom('money_claim_lines')
    .select([
      'id',
      'position',
      'category',
      'kind',
      'description',
      'miles',
      'vehicle',
      'pence_per_mile as pencePerMile',
      'payment_activity_en as paymentActivityEn',
      'payment_activity_cy as paymentActivityCy',
      'payment_unit as paymentUnit',
      'units_hundredths as unitsHundredths',
      'unit_pence as unitPence',
      'reason',
      'amount_pence as amountPence',
      'receipt',
    ])
    .where('claim_id', '=', id)
    .orderBy('position')
    .execute();
  return { ...claim, lines };
}

export type Claim = NonNullable<Awaited<ReturnType<typeof findClaim>>>;

export interface ClaimTotals {
  claimId: string;
  totalPence: number;
  expensesPence: number;
  paymentsPence: number;
}

/** The totals of claims (expenses are reimbursed; payments are earnings), one query. */
export async function claimTotals(db: Db, claimIds: readonly string[]): Promise<ClaimTotals[]> {
  if (!claimIds.length) return [];
  return db
    .selectFrom('money_claims as c')
    .select([
      'c.id as claimId',
      totals.total.as('totalPence'),
      totals.expenses.as('expensesPence'),
      totals.payments.as('paymentsPence'),
    ])
    .where('c.id', 'in', [...claimIds])
    .execute();
}

import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture } from '#platform/permissions/matrix.ts';
import { recordInvolvement } from '#features/involvement';
import { insertTestPerson } from '#features/register';
import { insertVersion, ratesInForce, type RateRules } from '../rates/repository.ts';
import { regionRates } from '../rates/seed-demo.ts';
import type { ClaimStatus, ExpenseKind } from './tables.ts';

/**
 * Claims inserted directly, for the authorisation matrix's rows and the tests of approval,
 * payment, statements and exports (the claims feature's own tests make claims through its pages).
 */

/**
 * The region's demo rates (with `changes`, if any) in force at `organisationId` from
 * `effectiveFrom` (YYYY-MM-DD), set by no-one.
 */
export const insertDemoRates = (
  db: Kysely<DB>,
  organisationId: string,
  effectiveFrom: string,
  changes: Partial<RateRules> = {},
) => insertVersion(db, organisationId, { ...regionRates, ...changes, effectiveFrom }, null);

export interface TestClaimLine {
  kind: ExpenseKind | 'involvement';
  amountPence: number;
  description?: string;
}

/**
 * A claim of `personId` at `organisationId` for `occurredOn` (YYYY-MM-DD), at `status`, with
 * `lines` (by default £12.40 of bus fares). The region's demo rates are added from 2000-01-01 to
 * the organisation when no rates are in force on that day.
 */
export async function insertTestClaim(
  db: Kysely<DB>,
  options: {
    organisationId: string;
    personId: string;
    occurredOn: string;
    status?: ClaimStatus;
    lines?: TestClaimLine[];
    isAdvance?: boolean;
    madeVia?: 'portal' | 'staff';
    accountId?: string | null;
  },
) {
  const {
    organisationId,
    personId,
    occurredOn,
    status = 'submitted',
    lines = [{ kind: 'bus', amountPence: 1240 }],
  } = options;
  let rates = await ratesInForce(db, organisationId, occurredOn);
  if (!rates) {
    await insertVersion(
      db,
      organisationId,
      { ...regionRates, effectiveFrom: '2000-01-01' },
      options.accountId ?? null,
    );
    rates = await ratesInForce(db, organisationId, occurredOn);
  }
  const now = new Date();
  const claim = await db
    .insertInto('money_claims')
    .values({
      organisation_id: organisationId,
      person_id: personId,
      occurred_on: occurredOn,
      rate_version_id: rates!.id,
      is_advance: options.isAdvance ?? false,
      status,
      made_via: options.madeVia ?? 'staff',
      created_by: options.accountId ?? null,
      submitted_at: status === 'draft' ? null : now,
      returned_at: status === 'returned' ? now : null,
      returned_reason: status === 'returned' ? 'Please add the bus ticket.' : null,
      approved_at: ['approved', 'paid', 'reversed'].includes(status) ? now : null,
      paid_at: ['paid', 'reversed'].includes(status) ? now : null,
    })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('money_claim_lines')
    .values(
      lines.map((line, index) => ({
        claim_id: claim.id,
        position: index + 1,
        category: line.kind === 'involvement' ? ('payment' as const) : ('expense' as const),
        kind: line.kind,
        description: line.description ?? null,
        amount_pence: line.amountPence,
        ...(line.kind === 'involvement'
          ? {
              payment_activity_en: 'Forum member',
              payment_activity_cy: 'Aelod fforwm',
              payment_unit: 'hour' as const,
              units_hundredths: 100,
              unit_pence: line.amountPence,
            }
          : {}),
      })),
    )
    .execute();
  return claim;
}

/**
 * A paid claim with its payment (bank transfer unless a cash float is given): the expenses and
 * the involvement payment are the sums of its lines; paid on `paidOn` (default its day). Returns
 * the claim with its stored `payment`.
 */
export async function insertPaidClaim(
  db: Kysely<DB>,
  options: {
    organisationId: string;
    personId: string;
    occurredOn: string;
    paidOn?: string;
    lines?: TestClaimLine[];
    floatId?: string;
  },
) {
  const lines = options.lines ?? [{ kind: 'bus', amountPence: 1240 }];
  const claim = await insertTestClaim(db, { ...options, lines, status: 'paid' });
  const sum = (payment: boolean) =>
    lines
      .filter((line) => (line.kind === 'involvement') === payment)
      .reduce((total, line) => total + line.amountPence, 0);
  const paidOn = options.paidOn ?? options.occurredOn;
  const payment = await db
    .insertInto('money_payments')
    .values({
      claim_id: claim.id,
      organisation_id: options.organisationId,
      person_id: options.personId,
      method: options.floatId ? 'cash' : 'bank_transfer',
      expenses_pence: sum(false),
      payment_pence: sum(true),
      paid_on: paidOn,
      on_the_day_or_before: paidOn <= options.occurredOn,
      float_id: options.floatId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...claim, payment };
}

/**
 * For the authorisation matrix: a claim (£12.40 of bus fares on 10 April 2026) of a new person
 * registered at `organisationId`, approved, or paid by bank transfer.
 */
export async function insertMatrixClaim(
  fixture: MatrixFixture,
  organisationId: string,
  status: 'approved' | 'paid',
) {
  const { db, config } = fixture.services as Services;
  const personId = await insertTestPerson(db, config.encryptionKey, { organisationId });
  const claim = { organisationId, personId, occurredOn: '2026-04-10' };
  return status === 'paid' ? insertPaidClaim(db, claim) : insertTestClaim(db, { ...claim, status });
}

/**
 * An involvement record of `personId` at `organisationId` on `tookPartOn` (YYYY-MM-DD): `hours`
 * (default 2) as a participant in a focus group, rung 3, at service level. Returns its id.
 */
export async function insertTestInvolvement(
  db: Kysely<DB>,
  options: { organisationId: string; personId: string; tookPartOn: string; hours?: number },
) {
  const [record] = await recordInvolvement(db, [
    {
      organisationId: options.organisationId,
      personId: options.personId,
      opportunityId: null,
      tookPartOn: options.tookPartOn,
      hours: options.hours ?? 2,
      rung: 3,
      level: 'service',
      method: 'focus_group',
      role: 'participant',
      outcome: null,
      recordedBy: null,
    },
  ]);
  return record!.id;
}

/** A receipt (a small PDF, as if uploaded in the portal) kept for the line `lineId`. */
export async function insertTestReceipt(db: Kysely<DB>, lineId: string) {
  await db
    .insertInto('money_receipts')
    .values({
      line_id: lineId,
      media_type: 'application/pdf',
      byte_size: 8,
      content: Buffer.from('%PDF-1.4'),
      uploaded_via: 'portal',
    })
    .execute();
}

/** A claim's row as stored, for tests to check. */
export const storedClaim = (db: Kysely<DB>, id: string) =>
  db.selectFrom('money_claims').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** A claim's lines as stored, in order, for tests to check. */
export const storedLines = (db: Kysely<DB>, claimId: string) =>
  db
    .selectFrom('money_claim_lines')
    .selectAll()
    .where('claim_id', '=', claimId)
    .orderBy('position')
    .execute();

import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { insertVersion, ratesInForce } from '../rates/repository.ts';
import { regionRates } from '../rates/seed-demo.ts';
import type { ClaimStatus, ExpenseKind } from './tables.ts';

/**
 * Claims inserted directly, for the authorisation matrix's rows and the tests of approval,
 * payment, statements and exports (the claims feature's own tests make claims through its pages).
 */

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

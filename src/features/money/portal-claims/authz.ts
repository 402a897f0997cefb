import { sql } from 'kysely';
import type { Services } from '#platform/modules/contract.ts';
import { personal, type MatrixFixture, type MatrixRow } from '#platform/permissions/matrix.ts';
import { insertTestClaim, insertTestReceipt } from '../claims/fixtures.ts';

/**
 * A draft claim of the person signed in to the portal: the matrix registers that person first at
 * the actors' own organisation, so they are the earliest person registered there.
 */
async function ownClaim(fixture: MatrixFixture, path: string) {
  const { db } = fixture.services as Services;
  const target = fixture.organisations.own;
  const person = await db
    .selectFrom('people')
    .select('id')
    .where(sql<boolean>`scope_ids @> ${sql.val([target])}::uuid[]`)
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirstOrThrow();
  const claim = await insertTestClaim(db, {
    organisationId: target,
    personId: person.id,
    occurredOn: '2026-01-15',
    status: 'draft',
  });
  return `/portal/claims/${claim.id}${path}`;
}

/** A line of the person's own claim (with a receipt kept, when `withReceipt`). */
async function ownClaimLine(fixture: MatrixFixture, path: string, withReceipt = false) {
  const { db } = fixture.services as Services;
  const url = await ownClaim(fixture, '');
  const claimId = url.split('/')[3]!;
  const line = await db
    .selectFrom('money_claim_lines')
    .select('id')
    .where('claim_id', '=', claimId)
    .where('category', '=', 'expense')
    .orderBy('position')
    .limit(1)
    .executeTakeFirstOrThrow();
  if (withReceipt) await insertTestReceipt(db, line.id);
  return `${url}/lines/${line.id}${path}`;
}

/** The person's own claims in the portal. */
export const portalClaimsMatrix: MatrixRow[] = [
  personal('GET /portal/claims'),
  personal('GET /portal/claims/new'),
  personal('POST /portal/claims/new', undefined, { 'kind-1': 'bus', 'amount-1': '2.40' }),
  personal('GET /portal/claims/:claimId', (fixture) => ownClaim(fixture, '')),
  personal('POST /portal/claims/:claimId/submit', (fixture) => ownClaim(fixture, '/submit'), {
    version: '1',
  }),
  personal('POST /portal/claims/:claimId/withdraw', (fixture) => ownClaim(fixture, '/withdraw'), {
    version: '1',
  }),
  personal(
    'POST /portal/claims/:claimId/lines/:lineId/receipt',
    (fixture) => ownClaimLine(fixture, '/receipt'),
    { file: 'not a file' },
  ),
  personal('GET /portal/claims/:claimId/lines/:lineId/receipt', (fixture) =>
    ownClaimLine(fixture, '/receipt', true),
  ),
];

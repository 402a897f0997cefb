import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { anywhereAs, overSubtree, scoped, unscoped } from '#platform/permissions/matrix.ts';
import { samplePerson } from '#features/register';
import { moneyPermissions } from '../permissions.ts';
import { insertTestClaim, insertTestReceipt } from './fixtures.ts';

const viewing = overSubtree(...moneyPermissions['money.view']);

const claiming = overSubtree(...moneyPermissions['money.claim']);

/** A person registered at the target (named to commissioners). */
async function personAt(fixture: MatrixFixture, target: string) {
  const services = fixture.services as Services;
  const registered = await services.people.registerPerson(
    await fixture.setUpActor(),
    samplePerson(target, ['register', 'share_identified']),
  );
  if (!registered.ok) throw new Error('cannot prepare a person');
  return registered.value.id;
}

/** A draft claim of a person registered at the target (inserted straight into the tables). */
async function claimAt(fixture: MatrixFixture, target: string) {
  const services = fixture.services as Services;
  const claim = await insertTestClaim(services.db, {
    organisationId: target,
    personId: await personAt(fixture, target),
    occurredOn: '2026-01-15',
    status: 'draft',
  });
  return `/money/claims/${claim.id}`;
}

/** The first line of a draft claim at the target, its receipt at `receipt`. */
async function claimLineAt(fixture: MatrixFixture, target: string, receipt: 'needed' | 'uploaded') {
  const services = fixture.services as Services;
  const url = await claimAt(fixture, target);
  const claimId = url.split('/').at(-1)!;
  const line = await services.db
    .updateTable('money_claim_lines')
    .set({ receipt })
    .where('claim_id', '=', claimId)
    .returning('id')
    .executeTakeFirstOrThrow();
  return { url: `${url}/lines/${line.id}`, lineId: line.id };
}

/** A line of a claim at the target whose receipt is needed, to mark as seen. */
async function lineAt(fixture: MatrixFixture, target: string) {
  return `${(await claimLineAt(fixture, target, 'needed')).url}/seen`;
}

/** A line of a claim at the target with a receipt (a small PDF) added. */
async function receiptAt(fixture: MatrixFixture, target: string) {
  const { url, lineId } = await claimLineAt(fixture, target, 'uploaded');
  await insertTestReceipt((fixture.services as Services).db, lineId);
  return `${url}/receipt`;
}

/** A paid advance of a person registered at the target, its day passed. */
async function advanceAt(fixture: MatrixFixture, target: string) {
  const services = fixture.services as Services;
  const claim = await insertTestClaim(services.db, {
    organisationId: target,
    personId: await personAt(fixture, target),
    occurredOn: '2026-01-15',
    status: 'paid',
    isAdvance: true,
  });
  return `/money/claims/${claim.id}/advance`;
}

/** The form for a claim on behalf of a person at the target (with the target's rates). */
async function newClaimAt(fixture: MatrixFixture, target: string) {
  const url = await claimAt(fixture, target);
  const personId = await personAt(fixture, target);
  return url.replace(/[^/]+$/, `new?organisationId=${target}&personId=${personId}`);
}

export const claimsMatrix: MatrixRow[] = [
  unscoped('GET /money/claims', anywhereAs(...moneyPermissions['money.view'])),
  scoped('GET /money/claims/new', claiming, newClaimAt),
  scoped('POST /money/claims/new', claiming, newClaimAt, {}),
  scoped('GET /money/claims/:claimId', viewing, claimAt),
  scoped('GET /money/claims/:claimId/lines/:lineId/receipt', viewing, receiptAt),
  scoped('GET /money/claims/:claimId/advance', claiming, advanceAt),
  scoped('POST /money/claims/:claimId/advance', claiming, advanceAt, {
    spent: '4.60',
    version: '1',
  }),
  scoped(
    'GET /money/claims/:claimId/edit',
    claiming,
    async (f, t) => `${await claimAt(f, t)}/edit`,
  ),
  scoped(
    'POST /money/claims/:claimId/edit',
    claiming,
    async (f, t) => `${await claimAt(f, t)}/edit`,
    {
      version: '1',
      for: '',
      'occurredOn-day': '15',
      'occurredOn-month': '1',
      'occurredOn-year': '2026',
      'kind-1': 'bus',
      'amount-1': '3.20',
    },
  ),
  scoped('POST /money/claims/:claimId/lines/:lineId/seen', claiming, lineAt, {}),
  scoped(
    'POST /money/claims/:claimId/submit',
    claiming,
    async (f, t) => `${await claimAt(f, t)}/submit`,
    { version: '1' },
  ),
  scoped(
    'POST /money/claims/:claimId/withdraw',
    claiming,
    async (f, t) => `${await claimAt(f, t)}/withdraw`,
    { version: '1' },
  ),
];

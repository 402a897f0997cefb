import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { anywhereAs, overSubtree, scoped, unscoped } from '#platform/permissions/matrix.ts';
import { insertTestPerson } from '#features/register';
import { moneyPermissions } from '../permissions.ts';
import { insertTestClaim } from '../claims/fixtures.ts';

const approving = overSubtree(...moneyPermissions['money.approve']);

/** A submitted claim (bus fares) of a person registered at the target. */
async function claimAt(fixture: MatrixFixture, target: string) {
  const services = fixture.services as Services;
  const personId = await insertTestPerson(services.db, services.config.encryptionKey, {
    organisationId: target,
    displayName: 'Matrix Claimant',
  });
  const claim = await insertTestClaim(services.db, {
    organisationId: target,
    personId,
    occurredOn: '2026-05-01',
  });
  return `/money/claims/${claim.id}`;
}

export const approvalMatrix: MatrixRow[] = [
  unscoped('GET /money/approvals', anywhereAs(...moneyPermissions['money.approve'])),
  scoped(
    'GET /money/claims/:claimId/approve',
    approving,
    async (f, t) => `${await claimAt(f, t)}/approve`,
  ),
  scoped(
    'POST /money/claims/:claimId/approve',
    approving,
    async (f, t) => `${await claimAt(f, t)}/approve`,
    { version: '1' },
  ),
  scoped(
    'POST /money/claims/:claimId/return',
    approving,
    async (f, t) => `${await claimAt(f, t)}/return`,
    { version: '1', reason: 'Matrix' },
  ),
];

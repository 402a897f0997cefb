import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { anywhereAs, overSubtree, scoped, unscoped } from '#platform/permissions/matrix.ts';
import { samplePerson } from '#features/register';
import { moneyPermissions } from '../permissions.ts';
import { insertTestClaim } from './fixtures.ts';

const viewing = overSubtree(...moneyPermissions['money.view']);

/** A claim of a person registered at the target (inserted straight into the tables). */
async function claimAt(fixture: MatrixFixture, target: string) {
  const services = fixture.services as Services;
  const registered = await services.people.registerPerson(
    await fixture.setUpActor(),
    samplePerson(target, ['register', 'share_identified']),
  );
  if (!registered.ok) throw new Error('cannot prepare a person');
  const claim = await insertTestClaim(services.db, {
    organisationId: target,
    personId: registered.value.id,
    occurredOn: '2026-01-15',
  });
  return `/money/claims/${claim.id}`;
}

export const claimsMatrix: MatrixRow[] = [
  unscoped('GET /money/claims', anywhereAs(...moneyPermissions['money.view'])),
  scoped('GET /money/claims/:claimId', viewing, claimAt),
];

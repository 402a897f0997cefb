import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { anywhereAs, overSubtree, scoped, unscoped } from '#platform/permissions/matrix.ts';
import { insertMatrixClaim } from '../claims/fixtures.ts';
import { moneyPermissions } from '../permissions.ts';

/** money.pay: organisation administrators, over their subtree. */
const paying = overSubtree(...moneyPermissions['money.pay']);

/** An approved claim of a person registered at the target. */
async function approvedClaim(fixture: MatrixFixture, target: string) {
  const claim = await insertMatrixClaim(fixture, target, 'approved');
  return `/money/claims/${claim.id}/pay`;
}

/** A claim paid by bank transfer, of a person registered at the target. */
async function paidClaim(fixture: MatrixFixture, target: string) {
  const claim = await insertMatrixClaim(fixture, target, 'paid');
  return `/money/claims/${claim.id}/reverse`;
}

/** An open float at the target. */
async function openFloat(fixture: MatrixFixture, target: string) {
  const { db } = fixture.services as Services;
  const made = await db
    .insertInto('money_floats')
    .values({
      organisation_id: target,
      name: 'Matrix float',
      opened_on: '2026-04-01',
      opening_pence: 5000,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return `/money/floats/${target}/${made.id}/reconcile`;
}

const payForm = {
  method: 'bank_transfer',
  'paidOn-day': '11',
  'paidOn-month': '4',
  'paidOn-year': '2026',
};

export const paymentsMatrix: MatrixRow[] = [
  scoped('GET /money/claims/:id/pay', paying, approvedClaim),
  scoped('POST /money/claims/:id/pay', paying, approvedClaim, payForm),
  scoped('GET /money/claims/:id/reverse', paying, paidClaim),
  scoped('POST /money/claims/:id/reverse', paying, paidClaim, { reason: 'Paid twice by mistake' }),
  unscoped('GET /money/floats', anywhereAs(...moneyPermissions['money.pay'])),
  scoped('GET /money/floats/:organisationId', paying, (_f, t) => `/money/floats/${t}`),
  scoped('POST /money/floats/:organisationId', paying, (_f, t) => `/money/floats/${t}`, {
    name: 'Front desk',
    amount: '50.00',
  }),
  scoped(
    'POST /money/floats/:organisationId/:floatId/top-up',
    paying,
    async (f, t) => (await openFloat(f, t)).replace('/reconcile', '/top-up'),
    { topUp: '10.00' },
  ),
  scoped('GET /money/floats/:organisationId/:floatId/reconcile', paying, openFloat),
  scoped('POST /money/floats/:organisationId/:floatId/reconcile', paying, openFloat, {
    counted: '50.00',
  }),
];

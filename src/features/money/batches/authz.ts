import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { anywhereAs, overSubtree, scoped, unscoped } from '#platform/permissions/matrix.ts';
import { insertMatrixClaim } from '../claims/fixtures.ts';
import { moneyPermissions } from '../permissions.ts';

/** money.pay: organisation administrators, over their subtree. */
const paying = overSubtree(...moneyPermissions['money.pay']);

/** An open batch at the target holding one approved claim of a person registered there. */
async function openBatch(fixture: MatrixFixture, target: string) {
  const { db } = fixture.services as Services;
  const claim = await insertMatrixClaim(fixture, target, 'approved');
  const batch = await db
    .insertInto('money_payment_batches')
    .values({ organisation_id: target })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('money_claims')
    .set({ batch_id: batch.id })
    .where('id', '=', claim.id)
    .execute();
  return `/money/batches/${batch.id}`;
}

const at = (tail: string) => async (f: MatrixFixture, t: string) =>
  `${await openBatch(f, t)}${tail}`;

export const batchesMatrix: MatrixRow[] = [
  unscoped('GET /money/batches', anywhereAs(...moneyPermissions['money.pay'])),
  {
    route: 'POST /money/batches',
    access: paying,
    request: (_f, target) =>
      Promise.resolve({ method: 'POST', url: '/money/batches', form: { organisationId: target } }),
  },
  scoped('GET /money/batches/:batchId', paying, openBatch),
  scoped('GET /money/batches/:batchId/download', paying, at('/download')),
  scoped('POST /money/batches/:batchId/send', paying, at('/send'), {
    'paidOn-day': '11',
    'paidOn-month': '4',
    'paidOn-year': '2026',
  }),
  scoped('POST /money/batches/:batchId/cancel', paying, at('/cancel'), {}),
];

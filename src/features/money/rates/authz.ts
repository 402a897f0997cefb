import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { anywhereAs, overSubtree, scoped, unscoped } from '#platform/permissions/matrix.ts';
import { moneyPermissions } from '../permissions.ts';
import { regionRates } from './seed-demo.ts';

/** money.view: every staff role but viewers, over their subtree. */
const viewing = overSubtree(...moneyPermissions['money.view']);
/** money.rates: organisation administrators, over their subtree. */
const setting = overSubtree(...moneyPermissions['money.rates']);

let made = 0;
/** A version of the target's rates that has not taken effect (a new day each time). */
async function futureVersion(fixture: MatrixFixture, target: string) {
  const { rates } = fixture.services as Services;
  made += 1;
  const day = new Date(Date.UTC(2031, 0, 1) + made * 86_400_000).toISOString().slice(0, 10);
  const set = await rates.setRates(await fixture.setUpActor(), target, {
    ...regionRates,
    effectiveFrom: day,
    note: 'Set by the authorisation matrix',
  });
  if (!set.ok) throw new Error('cannot prepare rates');
  return `/money/rates/${target}/versions/${set.value}`;
}

export const ratesMatrix: MatrixRow[] = [
  unscoped('GET /money/rates', anywhereAs(...moneyPermissions['money.view'])),
  scoped('GET /money/rates/:organisationId', viewing, (_f, target) => `/money/rates/${target}`),
  scoped('GET /money/rates/:organisationId/new', setting, (_f, t) => `/money/rates/${t}/new`),
  scoped('POST /money/rates/:organisationId/new', setting, (_f, t) => `/money/rates/${t}/new`, {}),
  scoped(
    'GET /money/rates/:organisationId/versions/:versionId/withdraw',
    setting,
    async (fixture, target) => `${await futureVersion(fixture, target)}/withdraw`,
  ),
  scoped(
    'POST /money/rates/:organisationId/versions/:versionId/withdraw',
    setting,
    async (fixture, target) => `${await futureVersion(fixture, target)}/withdraw`,
  ),
];

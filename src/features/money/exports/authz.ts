import type { MatrixRow } from '#platform/permissions/matrix.ts';
import { anywhereAs, overSubtree, scoped, unscoped } from '#platform/permissions/matrix.ts';
import { moneyPermissions } from '../permissions.ts';

/** money.pay: organisation administrators, over their subtree. */
const paying = overSubtree(...moneyPermissions['money.pay']);

export const exportsMatrix: MatrixRow[] = [
  unscoped('GET /money/exports', anywhereAs(...moneyPermissions['money.pay'])),
  scoped(
    'GET /money/exports/download',
    paying,
    (_fixture, target) => `/money/exports/download?organisationId=${target}&format=totals`,
  ),
];

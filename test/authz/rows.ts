import type { MatrixRow } from '../../src/platform/permissions/matrix.ts';
import { accountsMatrix } from '../../src/features/accounts/authz.ts';
import { auditMatrix } from '../../src/features/audit/authz.ts';
import { outboxMatrix } from '../../src/features/outbox/authz.ts';
import { pagesMatrix } from '../../src/features/pages/authz.ts';
import { organisationsMatrix } from '../../src/features/organisations/authz.ts';
import { peopleMatrix } from '../../src/features/people/authz.ts';
import { equalityMatrix } from '../../src/features/equality/authz.ts';
import { registerStatisticsMatrix } from '../../src/features/register-statistics/authz.ts';
import { transferMatrix } from '../../src/features/register-transfer/authz.ts';
import { rightsMatrix } from '../../src/features/rights/authz.ts';
import { portalMatrix } from '../../src/features/portal/authz.ts';
import { panelsMatrix } from '../../src/features/panels/authz.ts';
import { selectionMatrix } from '../../src/features/selection/authz.ts';
import { opportunitiesMatrix } from '../../src/features/opportunities/authz.ts';
import { involvementMatrix } from '../../src/features/involvement/authz.ts';
import { ladderMapMatrix } from '../../src/features/ladder-map/authz.ts';
import { electionsMatrix } from '../../src/features/elections/authz.ts';

/** Every feature's rows. A route registered without a row fails the matrix test. */
export const matrix: MatrixRow[] = [
  ...pagesMatrix,
  ...organisationsMatrix,
  ...accountsMatrix,
  ...auditMatrix,
  ...outboxMatrix,
  ...peopleMatrix,
  ...equalityMatrix,
  ...registerStatisticsMatrix,
  ...transferMatrix,
  ...rightsMatrix,
  ...portalMatrix,
  ...panelsMatrix,
  ...opportunitiesMatrix,
  ...selectionMatrix,
  ...involvementMatrix,
  ...ladderMapMatrix,
  ...electionsMatrix,
];

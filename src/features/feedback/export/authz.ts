import type { MatrixRow } from '#platform/permissions/matrix.ts';
import { anywhereAs, overSubtree, scoped, unscoped } from '#platform/permissions/matrix.ts';
import { feedbackPermissions } from '../permissions.ts';

/** The days every download row asks for. */
const days = 'from-day=1&from-month=1&from-year=2026&to-day=31&to-month=12&to-year=2026';

export const exportMatrix: MatrixRow[] = [
  unscoped('GET /feedback/export', anywhereAs(...feedbackPermissions['feedback.view'])),
  scoped(
    'GET /feedback/export/download',
    overSubtree(...feedbackPermissions['feedback.view']),
    (_fixture, target) => `/feedback/export/download?organisationId=${target}&${days}&format=csv`,
  ),
];

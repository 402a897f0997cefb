import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { overSubtree, personal, scoped } from '#platform/permissions/matrix.ts';

/** An open opportunity at the target organisation (for staff rows, and the portal person's own organisation). */
export async function insertOpenOpportunity(
  services: Pick<Services, 'db'>,
  organisationId: string,
  fields: Record<string, unknown> = {},
) {
  const row = await services.db
    .insertInto('opportunities')
    .values({
      organisation_id: organisationId,
      title_en: 'Forum',
      title_cy: 'Fforwm',
      description_en: 'A forum',
      description_cy: 'Fforwm',
      rung: 3,
      level: 'service',
      nta_scope: 'collective',
      nta_mode: 'feedback',
      method: 'forum',
      status: 'open',
      places: 2,
      backups: 1,
      ...fields,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const at = async (fixture: MatrixFixture, target: string) =>
  insertOpenOpportunity(fixture.services as Services, target);

/** Recording interest for someone: holders of interest.record at the opportunity's organisation. */
const recorders = overSubtree('organisation_admin', 'involvement_lead', 'staff');
/** Choosing people and telling them: holders of selection.manage. */
const selectors = overSubtree('organisation_admin', 'involvement_lead');

/** An address under a fresh open opportunity at the target (`base` is "/portal" for portal pages). */
const opportunity =
  (path: string, base = '') =>
  async (fixture: MatrixFixture, target: string) =>
    `${base}/opportunities/${await at(fixture, target)}${path}`;

export const selectionMatrix: MatrixRow[] = [
  scoped('GET /opportunities/:id/interests/new', recorders, opportunity('/interests/new?q=Per')),
  scoped('POST /opportunities/:id/interests', recorders, opportunity('/interests'), {
    q: 'Per',
    method: 'staff',
  }),
  scoped('GET /opportunities/:id/selection', selectors, opportunity('/selection')),
  scoped('POST /opportunities/:id/selection', selectors, opportunity('/selection'), { page: '1' }),
  scoped('POST /opportunities/:id/selection/tell', selectors, opportunity('/selection/tell')),
  personal('GET /portal/opportunities'),
  personal('GET /portal/opportunities/:id', opportunity('', '/portal')),
  personal('POST /portal/opportunities/:id/interest', opportunity('/interest', '/portal'), {
    note: '',
  }),
  personal('POST /portal/opportunities/:id/withdraw', opportunity('/withdraw', '/portal')),
];

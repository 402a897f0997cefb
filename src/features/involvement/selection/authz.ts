import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { overSubtree } from '../matrix.ts';

/** An open opportunity at the target organisation (for staff rows, and the portal person's own organisation). */
export async function insertOpenOpportunity(
  services: Services,
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

/** Portal pages: the signed-in person only (the matrix person belongs to the "own" organisation). */
const personal = (route: string, request: MatrixRow['request']): MatrixRow => ({
  route,
  access: 'person',
  organisationScoped: false,
  request,
});

export const selectionMatrix: MatrixRow[] = [
  {
    route: 'GET /opportunities/:id/interests/new',
    access: recorders,
    request: async (fixture, target) => ({
      method: 'GET',
      url: `/opportunities/${await at(fixture, target)}/interests/new?q=Per`,
    }),
  },
  {
    route: 'POST /opportunities/:id/interests',
    access: recorders,
    request: async (fixture, target) => ({
      method: 'POST',
      url: `/opportunities/${await at(fixture, target)}/interests`,
      form: { q: 'Per', method: 'staff' },
    }),
  },
  {
    route: 'GET /opportunities/:id/selection',
    access: selectors,
    request: async (fixture, target) => ({
      method: 'GET',
      url: `/opportunities/${await at(fixture, target)}/selection`,
    }),
  },
  {
    route: 'POST /opportunities/:id/selection',
    access: selectors,
    request: async (fixture, target) => ({
      method: 'POST',
      url: `/opportunities/${await at(fixture, target)}/selection`,
      form: { page: '1' },
    }),
  },
  {
    route: 'POST /opportunities/:id/selection/tell',
    access: selectors,
    request: async (fixture, target) => ({
      method: 'POST',
      url: `/opportunities/${await at(fixture, target)}/selection/tell`,
      form: {},
    }),
  },
  personal('GET /portal/opportunities', () => ({ method: 'GET', url: '/portal/opportunities' })),
  personal('GET /portal/opportunities/:id', async (fixture) => ({
    method: 'GET',
    url: `/portal/opportunities/${await at(fixture, fixture.organisations.own)}`,
  })),
  personal('POST /portal/opportunities/:id/interest', async (fixture) => ({
    method: 'POST',
    url: `/portal/opportunities/${await at(fixture, fixture.organisations.own)}/interest`,
    form: { note: '' },
  })),
  personal('POST /portal/opportunities/:id/withdraw', async (fixture) => ({
    method: 'POST',
    url: `/portal/opportunities/${await at(fixture, fixture.organisations.own)}/withdraw`,
    form: {},
  })),
];

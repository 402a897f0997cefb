import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { anywhereAs, overSubtree, unscoped } from '#platform/permissions/matrix.ts';
import { meetingsPermissions } from '../permissions.ts';

/** venue.manage: organisation administrators and involvement leads, at their subtree. */
const managing = overSubtree(...meetingsPermissions['venue.manage']);
/** meeting.view: every staff role, at their subtree. */
const viewing = overSubtree(...meetingsPermissions['meeting.view']);

/** A venue at the target organisation (archived when asked). */
async function venueAt(fixture: MatrixFixture, target: string, archived = false) {
  const { venues } = fixture.services as Services;
  const actor = await fixture.setUpActor();
  const created = await venues.createVenue(actor, {
    organisationId: target,
    name: 'Matrix hall',
    address: '1 Matrix Street',
    directionsEn: null,
    directionsCy: null,
    features: ['step_free'],
  });
  if (!created.ok) throw new Error('cannot prepare a venue');
  if (archived) await venues.archiveVenue(actor, created.value);
  return created.value;
}

const get = (suffix: string) => async (fixture: MatrixFixture, target: string) => ({
  method: 'GET' as const,
  url: `/venues/${await venueAt(fixture, target)}${suffix}`,
});
const post =
  (suffix: string, form: Record<string, string> = {}, archived = false) =>
  async (fixture: MatrixFixture, target: string) => ({
    method: 'POST' as const,
    url: `/venues/${await venueAt(fixture, target, archived)}${suffix}`,
    form,
  });

export const venuesMatrix: MatrixRow[] = [
  unscoped('GET /venues', anywhereAs(...meetingsPermissions['meeting.view'])),
  unscoped('GET /venues/new', anywhereAs(...meetingsPermissions['venue.manage'])),
  unscoped('POST /venues/new', anywhereAs(...meetingsPermissions['venue.manage']), { form: {} }),
  { route: 'GET /venues/:id', access: viewing, request: get('') },
  { route: 'GET /venues/:id/edit', access: managing, request: get('/edit') },
  {
    route: 'POST /venues/:id/edit',
    access: managing,
    request: post('/edit', { name: 'Changed hall', address: '2 Matrix Street' }),
  },
  { route: 'GET /venues/:id/archive', access: managing, request: get('/archive') },
  { route: 'POST /venues/:id/archive', access: managing, request: post('/archive') },
  { route: 'GET /venues/:id/restore', access: managing, request: get('/restore') },
  { route: 'POST /venues/:id/restore', access: managing, request: post('/restore', {}, true) },
];

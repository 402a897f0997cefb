import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { anywhereAs, unscoped } from '#platform/permissions/matrix.ts';
import { matrixMeeting, meetingManagers, meetingViewers } from '../authz.ts';
import { meetingsPermissions } from '../permissions.ts';

/** A meeting at the target a week from now (one that may still be changed). */
const nextWeek = (fixture: MatrixFixture, target: string) => {
  const startsAt = new Date(Date.now() + 7 * 86_400_000);
  return matrixMeeting(fixture, target, {
    starts_at: startsAt,
    ends_at: new Date(startsAt.getTime() + 2 * 3_600_000),
  });
};

const get = (suffix: string) => async (fixture: MatrixFixture, target: string) => ({
  method: 'GET' as const,
  url: `/meetings/${await nextWeek(fixture, target)}${suffix}`,
});
const post =
  (suffix: string, form: Record<string, string> = {}) =>
  async (fixture: MatrixFixture, target: string) => ({
    method: 'POST' as const,
    url: `/meetings/${await nextWeek(fixture, target)}${suffix}`,
    form,
  });

export const meetingsMatrix: MatrixRow[] = [
  unscoped('GET /meetings', anywhereAs(...meetingsPermissions['meeting.view'])),
  unscoped('GET /meetings/new', anywhereAs(...meetingsPermissions['meeting.manage'])),
  unscoped('POST /meetings/new', anywhereAs(...meetingsPermissions['meeting.manage']), {
    form: {},
  }),
  { route: 'GET /meetings/:id', access: meetingViewers, request: get('') },
  { route: 'GET /meetings/:id/edit', access: meetingManagers, request: get('/edit') },
  {
    route: 'POST /meetings/:id/edit',
    access: meetingManagers,
    // a form with mistakes: allowed is a 400 with the errors, nothing changed
    request: post('/edit', { titleEn: '' }),
  },
  { route: 'GET /meetings/:id/cancel', access: meetingManagers, request: get('/cancel') },
  { route: 'POST /meetings/:id/cancel', access: meetingManagers, request: post('/cancel') },
  { route: 'GET /meetings/:id/agenda', access: meetingManagers, request: get('/agenda') },
  {
    route: 'POST /meetings/:id/agenda',
    access: meetingManagers,
    request: post('/agenda', { 'item-0-titleEn': 'Welcome', 'item-0-titleCy': 'Croeso' }),
  },
];

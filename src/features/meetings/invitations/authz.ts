import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { matrixMeeting, meetingManagers, meetingViewers } from '../authz.ts';

/** A meeting at the target next week, with a guest not yet invited. */
async function meetingNextWeek(fixture: MatrixFixture, target: string) {
  const startsAt = new Date(Date.now() + 7 * 86_400_000);
  const meetingId = await matrixMeeting(fixture, target, {
    starts_at: startsAt,
    ends_at: new Date(startsAt.getTime() + 2 * 3_600_000),
  });
  await (fixture.services as Services).db
    .insertInto('meeting_invitees')
    .values({ meeting_id: meetingId, guest_name: 'Matrix Guest', guest_email: 'guest@example.org' })
    .execute();
  return meetingId;
}

export const invitationsMatrix: MatrixRow[] = [
  {
    route: 'GET /meetings/:id/invitations',
    access: meetingViewers,
    request: async (fixture, target) => ({
      method: 'GET',
      url: `/meetings/${await meetingNextWeek(fixture, target)}/invitations`,
    }),
  },
  {
    route: 'POST /meetings/:id/invitations/send',
    access: meetingManagers,
    request: async (fixture, target) => ({
      method: 'POST',
      url: `/meetings/${await meetingNextWeek(fixture, target)}/invitations/send`,
      form: {},
    }),
  },
  {
    route: 'POST /meetings/:id/invitations/papers',
    access: meetingManagers,
    request: async (fixture, target) => ({
      method: 'POST',
      url: `/meetings/${await meetingNextWeek(fixture, target)}/invitations/papers`,
      form: {},
    }),
  },
  {
    route: 'GET /meetings/:id/calendar.ics',
    access: meetingViewers,
    request: async (fixture, target) => ({
      method: 'GET',
      url: `/meetings/${await meetingNextWeek(fixture, target)}/calendar.ics`,
    }),
  },
];

import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { matrixMeetingWithInvitee, meetingManagers, meetingViewers } from '../authz.ts';

const viewing = meetingViewers;
const managing = meetingManagers;

/** A meeting next week at the target, with a person from the register invited. */
const meetingWithInvitee = (fixture: MatrixFixture, target: string) =>
  matrixMeetingWithInvitee(fixture, target, {
    starts_at: new Date(Date.now() + 7 * 86_400_000),
  });

const on =
  (
    path: (m: Awaited<ReturnType<typeof meetingWithInvitee>>) => string,
    form?: (m: Awaited<ReturnType<typeof meetingWithInvitee>>) => Record<string, string>,
  ) =>
  async (fixture: MatrixFixture, target: string) => {
    const m = await meetingWithInvitee(fixture, target);
    return {
      method: form ? ('POST' as const) : ('GET' as const),
      url: path(m),
      ...(form ? { form: form(m) } : {}),
    };
  };

let guests = 0;

export const inviteesMatrix: MatrixRow[] = [
  {
    route: 'GET /meetings/:id/invitees',
    access: viewing,
    request: on((m) => `/meetings/${m.meetingId}/invitees`),
  },
  {
    route: 'GET /meetings/:id/invitees/add',
    access: managing,
    request: on((m) => `/meetings/${m.meetingId}/invitees/add`),
  },
  {
    route: 'POST /meetings/:id/invitees/find',
    access: managing,
    request: on(
      (m) => `/meetings/${m.meetingId}/invitees/find`,
      () => ({ q: 'Sample' }),
    ),
  },
  {
    route: 'POST /meetings/:id/invitees/people',
    access: managing,
    // the invitee is taken off first, so inviting them again is allowed where permitted
    request: async (fixture, target) => {
      const m = await meetingWithInvitee(fixture, target);
      const { db } = fixture.services as Services;
      await db.deleteFrom('meeting_invitees').where('id', '=', m.inviteeId).execute();
      return {
        method: 'POST',
        url: `/meetings/${m.meetingId}/invitees/people`,
        form: { personIds: m.personId },
      };
    },
  },
  {
    route: 'POST /meetings/:id/invitees/staff',
    access: managing,
    request: on(
      (m) => `/meetings/${m.meetingId}/invitees/staff`,
      () => ({ accountId: '00000000-0000-4000-8000-000000000000' }),
    ),
  },
  {
    route: 'POST /meetings/:id/invitees/guest',
    access: managing,
    request: on(
      (m) => `/meetings/${m.meetingId}/invitees/guest`,
      () => ({ guestName: 'Matrix Guest', guestEmail: `guest${++guests}@matrix.example` }),
    ),
  },
  {
    route: 'GET /meetings/:id/invitees/:inviteeId/role',
    access: managing,
    request: on((m) => `/meetings/${m.meetingId}/invitees/${m.inviteeId}/role`),
  },
  {
    route: 'POST /meetings/:id/invitees/:inviteeId/role',
    access: managing,
    request: on(
      (m) => `/meetings/${m.meetingId}/invitees/${m.inviteeId}/role`,
      () => ({ role: 'observer' }),
    ),
  },
  {
    route: 'GET /meetings/:id/invitees/:inviteeId/remove',
    access: managing,
    request: on((m) => `/meetings/${m.meetingId}/invitees/${m.inviteeId}/remove`),
  },
  {
    route: 'POST /meetings/:id/invitees/:inviteeId/remove',
    access: managing,
    request: on((m) => `/meetings/${m.meetingId}/invitees/${m.inviteeId}/remove`),
  },
];

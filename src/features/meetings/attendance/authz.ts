import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { attendanceTakers, matrixMeetingWithInvitee } from '../authz.ts';

const taking = attendanceTakers;
/** A person's history: anyone who may see people there (meeting.view and person.view). */
const seeing = attendanceTakers;

/** A meeting at the target that started an hour ago, with a person from the register invited. */
const meetingToday = (fixture: MatrixFixture, target: string) =>
  matrixMeetingWithInvitee(fixture, target);

export const attendanceMatrix: MatrixRow[] = [
  {
    route: 'GET /meetings/:id/attendance',
    access: taking,
    request: async (fixture, target) => ({
      method: 'GET',
      url: `/meetings/${(await meetingToday(fixture, target)).meetingId}/attendance`,
    }),
  },
  {
    route: 'POST /meetings/:id/attendance',
    access: taking,
    request: async (fixture, target) => {
      const { meetingId, inviteeId } = await meetingToday(fixture, target);
      return {
        method: 'POST',
        url: `/meetings/${meetingId}/attendance`,
        form: { [`mark-${inviteeId}`]: 'attended' },
      };
    },
  },
  {
    route: 'GET /meetings/people/:personId',
    access: seeing,
    request: async (fixture, target) => ({
      method: 'GET',
      url: `/meetings/people/${(await meetingToday(fixture, target)).personId}`,
    }),
  },
];

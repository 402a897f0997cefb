import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { attendanceTakers, matrixMeeting } from '../authz.ts';
import { samplePerson } from '#features/register';

const taking = attendanceTakers;
/** A person's history: anyone who may see people there (meeting.view and person.view). */
const seeing = attendanceTakers;

/** A meeting at the target that started an hour ago, with a person from the register invited. */
async function meetingToday(fixture: MatrixFixture, target: string) {
  const services = fixture.services as Services;
  const actor = await fixture.setUpActor();
  const person = await services.people.registerPerson(actor, samplePerson(target));
  if (!person.ok) throw new Error('cannot prepare a person');
  const meeting = { id: await matrixMeeting(fixture, target) };
  const invitee = await services.db
    .insertInto('meeting_invitees')
    .values({ meeting_id: meeting.id, person_id: person.value.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { meetingId: meeting.id, inviteeId: invitee.id, personId: person.value.id };
}

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

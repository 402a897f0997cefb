import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { overSubtree } from '#platform/permissions/matrix.ts';
import { samplePerson } from '#features/register';

/** meeting.attendance: administrators, involvement leads and staff at the meeting's organisation. */
const taking = overSubtree('organisation_admin', 'involvement_lead', 'staff');
/** A person's history: anyone who may see people there (meeting.view and person.view). */
const seeing = overSubtree('organisation_admin', 'involvement_lead', 'staff');

/** A meeting at the target that started an hour ago, with a person from the register invited. */
async function meetingToday(fixture: MatrixFixture, target: string) {
  const services = fixture.services as Services;
  const actor = await fixture.setUpActor();
  const person = await services.people.registerPerson(actor, samplePerson(target));
  if (!person.ok) throw new Error('cannot prepare a person');
  const startsAt = new Date(Date.now() - 3_600_000);
  const meeting = await services.db
    .insertInto('meetings')
    .values({
      organisation_id: target,
      kind: 'forum',
      title_en: 'Matrix forum',
      title_cy: 'Fforwm matrics',
      attendance_mode: 'online',
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + 2 * 3_600_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
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

import type { Insertable } from 'kysely';
import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture } from '#platform/permissions/matrix.ts';
import { overSubtree } from '#platform/permissions/matrix.ts';
import { samplePerson } from '#features/register';
import { insertMeeting, insertPaper } from './fixtures.ts';
import type { MeetingPapersTable } from './papers/tables.ts';
import type { MeetingsTable } from './tables.ts';

/** Who the meetings permissions allow, over their organisation's subtree (matrix rows). */
export const meetingViewers = overSubtree(
  'organisation_admin',
  'commissioner',
  'involvement_lead',
  'staff',
  'viewer',
);
export const meetingManagers = overSubtree('organisation_admin', 'involvement_lead');
export const attendanceTakers = overSubtree('organisation_admin', 'involvement_lead', 'staff');

/** An online meeting at the target for a matrix row: started an hour ago unless said. */
export function matrixMeeting(
  fixture: MatrixFixture,
  target: string,
  values: Partial<Insertable<MeetingsTable>> = {},
) {
  return insertMeeting((fixture.services as Services).db, target, {
    startsInHours: -1,
    title_en: 'Matrix meeting',
    title_cy: 'Cyfarfod matrics',
    ...values,
  });
}

/** A meeting at the target (as `matrixMeeting` makes it) with a person registered there invited. */
export async function matrixMeetingWithInvitee(
  fixture: MatrixFixture,
  target: string,
  values: Partial<Insertable<MeetingsTable>> = {},
) {
  const services = fixture.services as Services;
  const actor = await fixture.setUpActor();
  const person = await services.people.registerPerson(actor, samplePerson(target));
  if (!person.ok) throw new Error('cannot prepare a person');
  const meetingId = await matrixMeeting(fixture, target, values);
  const invitee = await services.db
    .insertInto('meeting_invitees')
    .values({ meeting_id: meetingId, person_id: person.value.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { meetingId, inviteeId: invitee.id, personId: person.value.id };
}

/** A paper of the meeting for a matrix row, with its file: an English agenda paper unless said. */
export function matrixPaper(
  fixture: MatrixFixture,
  meetingId: string,
  values: Partial<Insertable<MeetingPapersTable>> = {},
) {
  return insertPaper((fixture.services as Services).db, meetingId, {
    title_en: 'Paper',
    title_cy: 'Papur',
    file_name: 'paper.pdf',
    ...values,
  });
}

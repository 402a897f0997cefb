import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { anywhereAs, overSubtree, scoped, unscoped } from '#platform/permissions/matrix.ts';
import { insertTestPerson } from '#features/register';
import { moneyPermissions } from '../permissions.ts';

const claiming = overSubtree(...moneyPermissions['money.claim']);

/** A meeting held yesterday at the target with a person on the register who came. */
async function heldMeeting(fixture: MatrixFixture, target: string) {
  const { db, config } = fixture.services as Services;
  const personId = await insertTestPerson(db, config.encryptionKey, { organisationId: target });
  const startsAt = new Date(Date.now() - 86_400_000);
  const meeting = await db
    .insertInto('meetings')
    .values({
      organisation_id: target,
      kind: 'forum',
      title_en: 'Forum',
      title_cy: 'Fforwm',
      rung: 3,
      attendance_mode: 'online',
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + 2 * 3_600_000),
      languages: 'en',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('meeting_invitees')
    .values({ meeting_id: meeting.id, person_id: personId, attendance: 'attended' })
    .execute();
  return `/money/claims/from-meeting/${meeting.id}`;
}

export const attendanceClaimsMatrix: MatrixRow[] = [
  unscoped('GET /money/claims/from-meeting', anywhereAs(...moneyPermissions['money.claim'])),
  scoped('GET /money/claims/from-meeting/:meetingId', claiming, heldMeeting),
  scoped('POST /money/claims/from-meeting/:meetingId', claiming, heldMeeting, {
    rate: 'hour:Forum member',
  }),
];

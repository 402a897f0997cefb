import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { anywhereAs, overSubtree, scoped, unscoped } from '#platform/permissions/matrix.ts';
import { insertInvitees, insertMeeting } from '#features/meetings';
import { insertTestPerson } from '#features/register';
import { moneyPermissions } from '../permissions.ts';

const claiming = overSubtree(...moneyPermissions['money.claim']);

/** A meeting held yesterday at the target with a person on the register who came. */
async function heldMeeting(fixture: MatrixFixture, target: string) {
  const { db, config } = fixture.services as Services;
  const personId = await insertTestPerson(db, config.encryptionKey, { organisationId: target });
  const meetingId = await insertMeeting(db, target, {
    startsInHours: -24,
    title_en: 'Forum',
    title_cy: 'Fforwm',
    rung: 3,
    languages: 'en',
  });
  await insertInvitees(db, meetingId, [{ person_id: personId, attendance: 'attended' }]);
  return `/money/claims/from-meeting/${meetingId}`;
}

export const attendanceClaimsMatrix: MatrixRow[] = [
  unscoped('GET /money/claims/from-meeting', anywhereAs(...moneyPermissions['money.claim'])),
  scoped('GET /money/claims/from-meeting/:meetingId', claiming, heldMeeting),
  scoped('POST /money/claims/from-meeting/:meetingId', claiming, heldMeeting, {
    rate: 'hour:Forum member',
  }),
];

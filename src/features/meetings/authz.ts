import type { Insertable } from 'kysely';
import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture } from '#platform/permissions/matrix.ts';
import { overSubtree } from '#platform/permissions/matrix.ts';
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
export async function matrixMeeting(
  fixture: MatrixFixture,
  target: string,
  values: Partial<Insertable<MeetingsTable>> = {},
) {
  const { db } = fixture.services as Services;
  const startsAt = new Date(Date.now() - 3_600_000);
  const meeting = await db
    .insertInto('meetings')
    .values({
      organisation_id: target,
      kind: 'forum',
      title_en: 'Matrix meeting',
      title_cy: 'Cyfarfod matrics',
      attendance_mode: 'online',
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + 2 * 3_600_000),
      ...values,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return meeting.id;
}

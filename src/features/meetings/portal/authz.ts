import { sql } from 'kysely';
import type { Services } from '#platform/modules/contract.ts';
import { personal, type MatrixFixture, type MatrixRow } from '#platform/permissions/matrix.ts';
import { matrixMeeting, matrixPaper } from '../authz.ts';

/**
 * A meeting at the actors' own organisation in three days, with everyone on the register there
 * invited (the matrix's person, signed in to the portal, among them), and an agenda paper.
 */
async function invitedMeeting(fixture: MatrixFixture) {
  const { db } = fixture.services as Services;
  const target = fixture.organisations.own;
  const startsAt = new Date(Date.now() + 3 * 86_400_000);
  const meetingId = await matrixMeeting(fixture, target, {
    starts_at: startsAt,
    ends_at: new Date(startsAt.getTime() + 2 * 3_600_000),
  });
  const people = await db
    .selectFrom('people')
    .select('id')
    .where(sql<boolean>`scope_ids @> ${sql.val([target])}::uuid[]`)
    .where('erased_at', 'is', null)
    .execute();
  await db
    .insertInto('meeting_invitees')
    .values(people.map((p) => ({ meeting_id: meetingId, person_id: p.id, invited_at: new Date() })))
    .execute();
  return { meetingId, paperId: await matrixPaper(fixture, meetingId) };
}

/** The people's portal's meetings: the person signed in, for meetings they are invited to. */
export const meetingPortalMatrix: MatrixRow[] = [
  personal('GET /portal/meetings'),
  personal(
    'GET /portal/meetings/:id',
    async (fixture) => `/portal/meetings/${(await invitedMeeting(fixture)).meetingId}`,
  ),
  personal('GET /portal/meetings/:id/papers/:paperId', async (fixture) => {
    const { meetingId, paperId } = await invitedMeeting(fixture);
    return `/portal/meetings/${meetingId}/papers/${paperId}`;
  }),
  personal(
    'GET /portal/meetings/:id/calendar.ics',
    async (fixture) => `/portal/meetings/${(await invitedMeeting(fixture)).meetingId}/calendar.ics`,
  ),
  personal(
    'POST /portal/meetings/:id/reply',
    async (fixture) => `/portal/meetings/${(await invitedMeeting(fixture)).meetingId}/reply`,
    { reply: 'yes' },
  ),
];

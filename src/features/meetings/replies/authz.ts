import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { matrixMeeting, matrixPaper, meetingManagers } from '../authz.ts';
import { issueReplyTokens } from '../invitations/tokens.ts';

/** A meeting at the target next week with a guest invited, their reply link and an agenda paper. */
export async function matrixInvitation(fixture: MatrixFixture, target: string) {
  const { db } = fixture.services as Services;
  const startsAt = new Date(Date.now() + 7 * 86_400_000);
  const endsAt = new Date(startsAt.getTime() + 2 * 3_600_000);
  const meetingId = await matrixMeeting(fixture, target, { starts_at: startsAt, ends_at: endsAt });
  const invitee = await db
    .insertInto('meeting_invitees')
    .values({
      meeting_id: meetingId,
      guest_name: 'Matrix guest',
      guest_email: 'matrix-guest@example.org',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const tokens = await issueReplyTokens(db, [{ id: invitee.id, endsAt }]);
  const paperId = await matrixPaper(fixture, meetingId);
  return { meetingId, inviteeId: invitee.id, token: tokens.get(invitee.id)!, paperId };
}

/** The reply link's pages: anyone holding the link (no sign-in). */
const link = (
  route: string,
  path: (token: string, paperId: string) => string,
  form?: Record<string, string>,
): MatrixRow => ({
  route,
  access: 'public',
  organisationScoped: false,
  request: async (fixture) => {
    const { token, paperId } = await matrixInvitation(fixture, fixture.organisations.own);
    return { method: route.startsWith('POST') ? 'POST' : 'GET', url: path(token, paperId), form };
  },
});

/** A staff reply page at the target: meeting.manage over the subtree. */
const staff = (route: string, form?: Record<string, string>): MatrixRow => ({
  route,
  access: meetingManagers,
  request: async (fixture, target) => {
    const { meetingId, inviteeId } = await matrixInvitation(fixture, target);
    return {
      method: route.startsWith('POST') ? 'POST' : 'GET',
      url: `/meetings/${meetingId}/replies/${inviteeId}`,
      form,
    };
  },
});

export const repliesMatrix: MatrixRow[] = [
  staff('GET /meetings/:id/replies/:inviteeId'),
  staff('POST /meetings/:id/replies/:inviteeId', { reply: 'maybe' }),
  link('GET /r/:token', (token) => `/r/${token}`),
  link('POST /r/:token', (token) => `/r/${token}`, { reply: 'yes' }),
  link('GET /r/:token/papers/:paperId', (token, paperId) => `/r/${token}/papers/${paperId}`),
  link('GET /r/:token/calendar.ics', (token) => `/r/${token}/calendar.ics`),
];

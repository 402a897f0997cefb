import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { matrixMeeting, meetingManagers, meetingViewers } from '../authz.ts';

const viewing = meetingViewers;
const managing = meetingManagers;

/** A three-hour meeting at the target with no break and no expenses offered (two warnings). */
export async function meetingToProofAt(fixture: MatrixFixture, target: string) {
  const startsAt = new Date(Date.now() + 30 * 86_400_000);
  return matrixMeeting(fixture, target, {
    kind: 'board',
    starts_at: startsAt,
    ends_at: new Date(startsAt.getTime() + 3 * 3_600_000),
  });
}

export const proofingMatrix: MatrixRow[] = [
  {
    route: 'GET /meetings/:id/proofing',
    access: viewing,
    request: async (fixture, target) => ({
      method: 'GET',
      url: `/meetings/${await meetingToProofAt(fixture, target)}/proofing`,
    }),
  },
  {
    route: 'POST /meetings/:id/proofing/overrides',
    access: managing,
    request: async (fixture, target) => ({
      method: 'POST',
      url: `/meetings/${await meetingToProofAt(fixture, target)}/proofing/overrides`,
      form: { check: 'expenses', inviteeId: '', reason: 'Paid on the day by agreement' },
    }),
  },
  {
    route: 'POST /meetings/:id/proofing/overrides/:overrideId/withdraw',
    access: managing,
    request: async (fixture, target) => {
      const { db } = fixture.services as Services;
      const meetingId = await meetingToProofAt(fixture, target);
      const override = await db
        .insertInto('meeting_proofing_overrides')
        .values({
          meeting_id: meetingId,
          check_key: 'break',
          reason: 'A short meeting in practice',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return {
        method: 'POST',
        url: `/meetings/${meetingId}/proofing/overrides/${override.id}/withdraw`,
      };
    },
  },
];

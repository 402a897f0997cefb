import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { matrixMeeting, meetingManagers, meetingViewers } from '../authz.ts';

const viewing = meetingViewers;
const managing = meetingManagers;

/** A meeting at the target with one decision and one action (owned by nobody). */
async function meetingWithOutcomes(fixture: MatrixFixture, target: string) {
  const { db } = fixture.services as Services;
  const meeting = { id: await matrixMeeting(fixture, target) };
  const [decision, action] = await db
    .insertInto('meeting_outcomes')
    .values([
      { meeting_id: meeting.id, kind: 'decision', text_en: 'Agreed', text_cy: 'Cytunwyd' },
      {
        meeting_id: meeting.id,
        kind: 'action',
        text_en: 'Do it',
        text_cy: 'Ei wneud',
        due_on: '2027-01-01',
      },
    ])
    .returning('id')
    .execute();
  return { meetingId: meeting.id, decisionId: decision!.id, actionId: action!.id };
}

const on =
  (
    path: (m: Awaited<ReturnType<typeof meetingWithOutcomes>>) => string,
    form?: Record<string, string>,
  ) =>
  async (fixture: MatrixFixture, target: string) => ({
    method: form ? ('POST' as const) : ('GET' as const),
    url: path(await meetingWithOutcomes(fixture, target)),
    ...(form ? { form } : {}),
  });

export const outcomesMatrix: MatrixRow[] = [
  {
    route: 'GET /meetings/:id/outcomes',
    access: viewing,
    request: on((m) => `/meetings/${m.meetingId}/outcomes`),
  },
  {
    route: 'POST /meetings/:id/outcomes',
    access: managing,
    request: on((m) => `/meetings/${m.meetingId}/outcomes`, {
      kind: 'decision',
      textEn: 'We will meet monthly',
      textCy: 'Byddwn yn cwrdd bob mis',
    }),
  },
  {
    route: 'POST /meetings/:id/outcomes/:outcomeId/done',
    // the action's owner may too; the matrix's actors own none
    access: managing,
    request: on((m) => `/meetings/${m.meetingId}/outcomes/${m.actionId}/done`, {}),
  },
  {
    route: 'POST /meetings/:id/outcomes/:outcomeId/reopen',
    access: managing,
    request: on((m) => `/meetings/${m.meetingId}/outcomes/${m.actionId}/reopen`, {}),
  },
  {
    route: 'POST /meetings/:id/outcomes/:outcomeId/remove',
    access: managing,
    request: on((m) => `/meetings/${m.meetingId}/outcomes/${m.decisionId}/remove`, {}),
  },
];

import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { overSubtree } from '#platform/permissions/matrix.ts';
import { matrixMeeting, matrixPaper } from '../authz.ts';
import { meetingsPermissions } from '../permissions.ts';
import type { MeetingKind } from '../tables.ts';

/** meeting.view and meeting.manage, at the roles' subtree. */
const viewing = overSubtree(...meetingsPermissions['meeting.view']);
const managing = overSubtree(...meetingsPermissions['meeting.manage']);

/** A meeting at the target with an agenda paper and minutes (published when asked). */
async function meetingAt(
  fixture: MatrixFixture,
  target: string,
  options: { kind?: MeetingKind; published?: boolean } = {},
) {
  const starts = new Date(Date.now() + 14 * 86_400_000);
  const meetingId = await matrixMeeting(fixture, target, {
    kind: options.kind ?? 'forum',
    starts_at: starts,
    ends_at: new Date(starts.getTime() + 7_200_000),
  });
  const paper = (kind: 'agenda_paper' | 'minutes') =>
    matrixPaper(fixture, meetingId, {
      kind,
      published_at: kind === 'minutes' && options.published ? new Date() : null,
    });
  return {
    id: meetingId,
    paperId: await paper('agenda_paper'),
    minutesId: await paper('minutes'),
  };
}

type Prepared = Awaited<ReturnType<typeof meetingAt>>;
const at =
  (method: 'GET' | 'POST', path: (m: Prepared) => string, form?: Record<string, string>) =>
  async (fixture: MatrixFixture, target: string) => ({
    method,
    url: path(await meetingAt(fixture, target)),
    ...(form ? { form } : {}),
  });

export const papersMatrix: MatrixRow[] = [
  {
    route: 'GET /meetings/:id/papers',
    access: viewing,
    request: at('GET', (m) => `/meetings/${m.id}/papers`),
  },
  {
    // a form without a file: refused with a message, but reached
    route: 'POST /meetings/:id/papers',
    access: managing,
    request: at('POST', (m) => `/meetings/${m.id}/papers`, { kind: 'agenda_paper' }),
  },
  {
    route: 'GET /meetings/:id/papers/:paperId',
    access: viewing,
    request: at('GET', (m) => `/meetings/${m.id}/papers/${m.paperId}`),
  },
  {
    route: 'GET /meetings/:id/papers/:paperId/replace',
    access: managing,
    request: at('GET', (m) => `/meetings/${m.id}/papers/${m.paperId}/replace`),
  },
  {
    route: 'POST /meetings/:id/papers/:paperId/replace',
    access: managing,
    request: at('POST', (m) => `/meetings/${m.id}/papers/${m.paperId}/replace`, {}),
  },
  {
    route: 'GET /meetings/:id/papers/:paperId/delete',
    access: managing,
    request: at('GET', (m) => `/meetings/${m.id}/papers/${m.paperId}/delete`),
  },
  {
    route: 'POST /meetings/:id/papers/:paperId/delete',
    access: managing,
    request: at('POST', (m) => `/meetings/${m.id}/papers/${m.paperId}/delete`, {}),
  },
  {
    route: 'POST /meetings/:id/papers/:paperId/publish',
    access: managing,
    request: at('POST', (m) => `/meetings/${m.id}/papers/${m.minutesId}/publish`, {}),
  },
  {
    // published minutes of an open meeting: anyone
    route: 'GET /meetings/:id/minutes/:paperId',
    access: 'public',
    request: async (fixture, target) => {
      const m = await meetingAt(fixture, target, { kind: 'open_meeting', published: true });
      return { method: 'GET', url: `/meetings/${m.id}/minutes/${m.minutesId}` };
    },
  },
];

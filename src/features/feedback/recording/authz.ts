import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { anywhereAs, overSubtree, personal, unscoped } from '#platform/permissions/matrix.ts';
import { feedbackPermissions } from '../permissions.ts';

const said = { kind: 'suggestion', body: 'More evening groups, please.' };
let codes = 0;

/** An inbox at the target, so a person there has somewhere to send feedback. */
async function inboxAt(fixture: MatrixFixture, target: string) {
  const { db } = fixture.services as Services;
  codes += 1;
  const code = `mxr${'abcdefghjk'[codes % 10]}${'mnpqrstuvw'[Math.floor(codes / 10) % 10]}`;
  await db
    .insertInto('feedback_inboxes')
    .values({ organisation_id: target, code })
    .onConflict((oc) => oc.column('organisation_id').doNothing())
    .execute();
  return '/portal/feedback';
}

export const recordingMatrix: MatrixRow[] = [
  unscoped('GET /feedback/new', anywhereAs(...feedbackPermissions['feedback.triage'])),
  {
    route: 'POST /feedback/new',
    access: overSubtree(...feedbackPermissions['feedback.triage']),
    request: (_f, target) => ({
      method: 'POST',
      url: '/feedback/new',
      form: { ...said, service: target, channel: 'card', language: 'en' },
    }),
  },
  unscoped('POST /feedback/new/person', anywhereAs(...feedbackPermissions['feedback.triage']), {
    form: { name: 'Nobody' },
  }),
  personal('GET /portal/feedback', inboxAt),
  personal('POST /portal/feedback', inboxAt, { ...said, channel: 'portal' }),
];

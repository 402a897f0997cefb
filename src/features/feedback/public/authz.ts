import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { scoped, unscoped } from '#platform/permissions/matrix.ts';
import { insertTestItem } from '../items/fixtures.ts';

let made = 0;

/** An inbox for the target organisation (a fresh short link code each time). */
async function inboxAt(fixture: MatrixFixture, target: string) {
  const { db } = fixture.services as Services;
  made += 1;
  // letters and digits of the code alphabet only (no 0 or 1)
  const code = `mxq${String(made).padStart(4, '2').replace(/0/g, 'z').replace(/1/g, 'y')}`;
  await db
    .insertInto('feedback_inboxes')
    .values({ organisation_id: target, code: code })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ code: code }))
    .execute();
  return `/f/${code}`;
}

export const publicFeedbackMatrix: MatrixRow[] = [
  scoped('GET /f/:code', 'public', inboxAt),
  scoped('POST /f/:code', 'public', inboxAt, {
    kind: 'suggestion',
    body: 'More evening meetings, please.',
  }),
  unscoped('GET /f/receipt', 'public'),
  {
    route: 'POST /f/receipt',
    access: 'public',
    // an item at the target, looked up by its receipt code
    async request(fixture, target) {
      const { db } = fixture.services as Services;
      const item = await insertTestItem(db, { organisation_id: target });
      return { method: 'POST', url: '/f/receipt', form: { code: item.receiptCode } };
    },
  },
  {
    route: 'POST /f/receipt/escalate',
    access: 'public',
    // a complaint at the target, sent to the commissioner by its receipt code
    async request(fixture, target) {
      const { db } = fixture.services as Services;
      const item = await insertTestItem(db, { organisation_id: target, kind: 'complaint' });
      return { method: 'POST', url: '/f/receipt/escalate', form: { code: item.receiptCode } };
    },
  },
];

import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { anywhereAs, overSubtree, scoped, unscoped } from '#platform/permissions/matrix.ts';
import { feedbackPermissions } from '../permissions.ts';
import { insertTestItem } from './fixtures.ts';

const viewing = overSubtree(...feedbackPermissions['feedback.view']);
const triaging = overSubtree(...feedbackPermissions['feedback.triage']);
const publishing = overSubtree(...feedbackPermissions['feedback.publish']);

type Values = Omit<Parameters<typeof insertTestItem>[1], 'organisation_id'>;

/** A fresh item at the target (version 1), at `tail` of its address. */
const itemAt =
  (tail = '', values: Values = {}) =>
  async (fixture: MatrixFixture, target: string) => {
    const { db } = fixture.services as Services;
    const item = await insertTestItem(db, { organisation_id: target, ...values });
    return `/feedback/items/${item.id}${tail}`;
  };

const version = { version: '1' };

export const itemsMatrix: MatrixRow[] = [
  unscoped('GET /feedback', anywhereAs(...feedbackPermissions['feedback.view'])),
  scoped('GET /feedback/items/:itemId', viewing, itemAt()),
  scoped('POST /feedback/items/:itemId/triage', triaging, itemAt('/triage'), {
    ...version,
    kind: 'concern',
    urgency: 'urgent',
  }),
  scoped('POST /feedback/items/:itemId/safeguarding', triaging, itemAt('/safeguarding'), {
    ...version,
    flag: 'yes',
  }),
  {
    route: 'POST /feedback/items/:itemId/merge',
    access: triaging,
    async request(fixture, target) {
      const { db } = fixture.services as Services;
      const kept = await insertTestItem(db, { organisation_id: target });
      const url = await itemAt('/merge')(fixture, target);
      return { method: 'POST', url, form: { ...version, into: String(kept.number) } };
    },
  },
  scoped('POST /feedback/items/:itemId/acknowledge', triaging, itemAt('/acknowledge'), version),
  scoped('POST /feedback/items/:itemId/looking', triaging, itemAt('/looking'), version),
  scoped('POST /feedback/items/:itemId/outcome', triaging, itemAt('/outcome'), {
    ...version,
    outcome: 'done',
    outcomeEn: 'We now meet on Tuesday evenings.',
    outcomeCy: 'Rydym nawr yn cyfarfod ar nos Fawrth.',
  }),
  scoped(
    'POST /feedback/items/:itemId/publish',
    publishing,
    itemAt('/publish', {
      status: 'decided',
      outcome: 'done',
      outcome_en: 'We now meet on Tuesday evenings.',
      outcome_cy: 'Rydym nawr yn cyfarfod ar nos Fawrth.',
    }),
    version,
  ),
  scoped('POST /feedback/items/:itemId/close', triaging, itemAt('/close'), version),
  scoped(
    'POST /feedback/items/:itemId/escalate',
    triaging,
    itemAt('/escalate', { kind: 'complaint' }),
    version,
  ),
  scoped('POST /feedback/items/:itemId/photo', triaging, itemAt('/photo', { channel: 'card' }), {
    ...version,
    file: 'not a file',
  }),
  {
    route: 'GET /feedback/items/:itemId/photo',
    access: viewing,
    async request(fixture, target) {
      const { db } = fixture.services as Services;
      const item = await insertTestItem(db, { organisation_id: target, channel: 'card' });
      // a 1×1 PNG
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
        'base64',
      );
      await db
        .insertInto('feedback_card_photos')
        .values({ item_id: item.id, media_type: 'image/png', byte_size: png.length, content: png })
        .execute();
      return { method: 'GET', url: `/feedback/items/${item.id}/photo` };
    },
  },
];

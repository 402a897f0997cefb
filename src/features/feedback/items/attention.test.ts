import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { ATTENTION_CAP, askAttention } from '#platform/modules/attention.ts';
import { londonParts } from '#platform/time/london.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree, signedInAccount } from '#test/support/fixture.ts';
import { addWorkingDays } from '../deadlines/working-days.ts';
import { feedbackWaiting } from './attention.ts';
import { insertTestItem } from './fixtures.ts';

/**
 * The home page's "needs your attention" for those who triage feedback: items to acknowledge,
 * complaints due within two working days or overdue, and safeguarding items waiting for the
 * signed-in lead. Staff count their organisations' open items in one scan; a platform
 * administrator's counts (every organisation's) stop at ATTENTION_CAP, and the page shows "99+".
 */
describe('feedback: waiting for your attention', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'feedback-attention');
  const today = londonParts(new Date()).date;
  const soon = addWorkingDays(today, 2, new Set());
  const later = addWorkingDays(today, 10, new Set());

  const counts = (items: { text: string; count: number }[]) =>
    Object.fromEntries(items.map(({ text, count }) => [text.replace(/^.*\./, ''), count]));

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ Region: null, 'Provider A': 'Region', 'Provider B': 'Region' });
  });
  after(() => t.close());

  it("counts the open items at the actor's organisations, and nothing at others", async () => {
    const lead = await tree.signedIn('involvement_lead', 'Provider A');
    const other = await tree.signedIn('involvement_lead', 'Provider B');
    const at = (key: string) => ({ organisation_id: tree.ids[key]! });
    const a = at('Provider A');
    // to acknowledge: two received, one of them a complaint to acknowledge within two days
    await insertTestItem(t.services.db, a);
    await insertTestItem(t.services.db, {
      ...a,
      kind: 'complaint',
      acknowledge_by: soon,
      respond_by: later,
    });
    // acknowledged complaints: one to answer by the day after tomorrow, one overdue, one later
    for (const respondBy of [soon, '2020-01-06', later])
      await insertTestItem(t.services.db, {
        ...a,
        kind: 'complaint',
        status: 'acknowledged',
        respond_by: respondBy,
      });
    // a safeguarding item for this lead
    await insertTestItem(t.services.db, {
      ...a,
      status: 'looking',
      safeguarding: true,
      safeguarding_lead_id: lead.accountId,
    });
    // not open, or merged into another: never counted
    const kept = await insertTestItem(t.services.db, a);
    await insertTestItem(t.services.db, { ...a, merged_into_id: kept.id });
    await insertTestItem(t.services.db, {
      ...a,
      kind: 'complaint',
      status: 'closed',
      respond_by: '2020-01-06',
    });

    assert.deepEqual(counts(await askAttention(t.services, feedbackWaiting, lead.actor)), {
      received: 3,
      due: 3,
      safeguarding: 1,
    });
    assert.deepEqual(await askAttention(t.services, feedbackWaiting, other.actor), []);
  });

  it("counts a platform administrator's items up to the cap, and shows more as 99+", async () => {
    const admin = await signedInAccount(t, {
      email: 'feedback-attention-admin@test.example',
      name: 'Feedback attention administrator',
      platformAdmin: true,
    });
    const before = counts(await askAttention(t.services, feedbackWaiting, admin.actor));
    assert.deepEqual(before, { received: 3, due: 3 });

    await sql`insert into feedback_items (organisation_id, channel, kind, body, receipt_code)
      select ${tree.ids['Provider B']!}, 'web', 'suggestion', 'More buses, please',
        'CAPS' || translate(lpad(n::text, 4, '0'), '01', 'XY')
      from generate_series(1, ${ATTENTION_CAP}) n`.execute(t.services.db);
    assert.deepEqual(counts(await askAttention(t.services, feedbackWaiting, admin.actor)), {
      received: ATTENTION_CAP,
      due: 3,
    });
    const page = await admin.agent.get('/dashboard');
    assert.match(page.body, />99\+ feedback items to acknowledge</);
    assert.match(page.body, />3 complaints due in the next two days or overdue</);
  });
});

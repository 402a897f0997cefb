import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertMeeting, meetingsSuite } from '#test/support/meetings.ts';
import { visibleText } from '#test/support/html.ts';
import { actionsDue } from './attention.ts';
import { askAttention } from '#platform/modules/attention.ts';

describe('decisions and actions of a meeting', () => {
  const suite = meetingsSuite('outcomes', 'Outcomes tester');
  const { org, signedIn } = suite;

  const meeting = () =>
    insertMeeting(suite.t.services.db, org['Provider A']!.id, {
      startsInHours: -24,
      hours: 1,
      kind: 'board',
    });

  it('records a decision and an owned action, which shows on the owner’s "needs your attention"', async () => {
    const id = await meeting();
    const lead = await signedIn('involvement_lead', 'Provider A');
    const owner = await signedIn('staff', 'Provider A');
    const url = `/meetings/${id}/outcomes`;
    await lead.agent.get(url);
    const decision = await lead.agent.post(url, {
      kind: 'decision',
      textEn: 'The forum will meet in the afternoon from now on',
      textCy: 'Bydd y fforwm yn cwrdd yn y prynhawn o hyn ymlaen',
    });
    assert.equal(decision.statusCode, 303);
    await lead.agent.get(url);
    const soon = new Date(Date.now() + 3 * 86_400_000);
    const action = await lead.agent.post(url, {
      kind: 'action',
      textEn: 'Book a step-free room',
      textCy: 'Archebu ystafell heb risiau',
      ownerAccountId: owner.accountId,
      'dueOn-day': String(soon.getUTCDate()),
      'dueOn-month': String(soon.getUTCMonth() + 1),
      'dueOn-year': String(soon.getUTCFullYear()),
    });
    assert.equal(action.statusCode, 303);
    const page = visibleText((await lead.agent.get(action.headers.location as string)).body);
    assert.match(page, /The action is recorded\./);
    assert.match(page, /The forum will meet in the afternoon from now on/);
    assert.match(page, /Book a step-free room Owner: Outcomes tester \d+ · Due/);
    const cy = visibleText((await lead.agent.get(`${url}?lang=cy`)).body);
    assert.match(cy, /Bydd y fforwm yn cwrdd yn y prynhawn/);

    const [item] = await askAttention(suite.t.services, actionsDue, owner.actor);
    assert.deepEqual(item, { text: 'outcomes:attention.actionsDue', count: 1, href: url });
    assert.deepEqual(await askAttention(suite.t.services, actionsDue, lead.actor), []);

    // the owner may mark their action done though they do not run meetings
    await owner.agent.get(url);
    const { id: actionId } = await suite.t.services.db
      .selectFrom('meeting_outcomes')
      .select('id')
      .where('meeting_id', '=', id)
      .where('kind', '=', 'action')
      .executeTakeFirstOrThrow();
    const done = await owner.agent.post(`${url}/${actionId}/done`, {});
    assert.equal(done.statusCode, 303);
    assert.deepEqual(await askAttention(suite.t.services, actionsDue, owner.actor), []);
  });

  it('explains mistakes in the form and keeps what was typed', async () => {
    const id = await meeting();
    const lead = await signedIn('involvement_lead', 'Provider A');
    const url = `/meetings/${id}/outcomes`;
    await lead.agent.get(url);
    const refused = await lead.agent.post(url, {
      kind: 'action',
      textEn: 'Write to the APB',
      textCy: '',
      'dueOn-day': '31',
      'dueOn-month': '2',
      'dueOn-year': '2027',
    });
    assert.equal(refused.statusCode, 400);
    const text = visibleText(refused.body);
    assert.match(text, /Write it in Welsh/);
    assert.match(text, /The due date must be a real date/);
    assert.match(refused.body, /Write to the APB/);
    const other = await signedIn('involvement_lead', 'Provider B');
    assert.equal((await other.agent.get(url)).statusCode, 404);
    const staff = await signedIn('staff', 'Provider A');
    await staff.agent.get(url);
    const forbidden = await staff.agent.post(url, { kind: 'decision', textEn: 'x', textCy: 'y' });
    assert.equal(forbidden.statusCode, 403);
  });
});

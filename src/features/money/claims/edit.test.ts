import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type Agent, type TestApp } from '#test/support/app.ts';
import { organisationTree } from '#test/support/fixture.ts';
import { insertInvitees, insertMeeting } from '#test/support/meetings.ts';
import { visibleText } from '#test/support/html.ts';
import { insertTestPerson } from '#features/register';
import { insertDemoRates, storedClaim, storedLines } from './fixtures.ts';

/**
 * Changing a draft or returned claim (lines replaced at the claim's fixed rates, receipts kept
 * with unchanged lines, 409 on a stale version) and choosing what a claim is for.
 */
describe('money claims (changed by staff, and what they are for)', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'claimedit', 'Tester');
  const org = tree.ids;
  let megan = '';
  let other = '';
  let inviteeId = '';
  let othersInviteeId = '';
  const db = () => t.services.db;
  const newUrl = (personId = megan) =>
    `/money/claims/new?organisationId=${org.housing}&personId=${personId}`;
  const day = { 'occurredOn-day': '2', 'occurredOn-month': '3', 'occurredOn-year': '2026' };
  const claimOf = (id: string) => storedClaim(db(), id);
  const linesOf = (id: string) => storedLines(db(), id);
  /** Gets the change form (for its CSRF token), then posts the day, `version` and `fields`. */
  const change = async (
    agent: Agent,
    id: string,
    version: string,
    fields: Record<string, string>,
  ) => {
    await agent.get(`/money/claims/${id}/edit`);
    return agent.post(`/money/claims/${id}/edit`, { ...day, version, for: '', ...fields });
  };

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, housing: 'region' });
    await insertDemoRates(db(), org.region!, '2026-01-01');
    megan = await insertTestPerson(db(), t.services.config.encryptionKey, {
      organisationId: org.housing!,
      displayName: 'Megan Edittest',
    });
    other = await insertTestPerson(db(), t.services.config.encryptionKey, {
      organisationId: org.housing!,
      displayName: 'Other Edittest',
    });
    const meetingId = await insertMeeting(db(), org.housing!, {
      startsInHours: -3 * 24,
      hours: 2,
      title_en: 'Edit test forum',
      title_cy: 'Fforwm prawf newid',
      rung: 3,
      languages: 'en',
    });
    [inviteeId, othersInviteeId] = (await insertInvitees(db(), meetingId, [
      { person_id: megan, attendance: 'attended' },
      { person_id: other, attendance: 'attended' },
    ])) as [string, string];
  });
  after(() => t.close());

  it('offers the meetings they attended, refuses another person’s, and one claim per meeting', async () => {
    const { agent } = await tree.signedIn('staff', 'housing');
    const form = await agent.get(newUrl());
    assert.equal(form.statusCode, 200);
    assert.match(visibleText(form.body), /Meeting: Edit test forum/);
    const lines = { ...day, 'kind-1': 'bus', 'amount-1': '4.60', action: 'draft' };
    const forged = await agent.post(newUrl(), { ...lines, for: `meeting:${othersInviteeId}` });
    assert.equal(forged.statusCode, 400);
    assert.match(visibleText(forged.body), /Choose one of their meetings/);
    await agent.get(newUrl());
    const made = await agent.post(newUrl(), { ...lines, for: `meeting:${inviteeId}` });
    assert.equal(made.statusCode, 303);
    const id = made.headers.location!.split('/').at(-1)!;
    assert.equal((await claimOf(id)).meeting_invitee_id, inviteeId);
    const page = await agent.get(`/money/claims/${id}`);
    assert.match(visibleText(page.body), /A meeting they attended/);
    const twice = await agent.post(newUrl(), { ...lines, for: `meeting:${inviteeId}` });
    assert.equal(twice.statusCode, 400);
    assert.match(visibleText(twice.body), /already a claim for this meeting/);
    assert.equal(
      (await db().selectFrom('money_claims').select('id').where('person_id', '=', megan).execute())
        .length,
      1,
    );
  });

  it('changes a draft at its own rates, keeps a seen receipt with its line, refuses a stale change', async () => {
    const { agent } = await tree.signedIn('staff', 'housing');
    await agent.get(newUrl());
    const made = await agent.post(newUrl(), {
      ...day,
      for: '',
      'kind-1': 'train',
      'amount-1': '15.20',
      'kind-2': 'bus',
      'amount-2': '4.60',
      action: 'draft',
    });
    const id = made.headers.location!.split('/').at(-1)!;
    const [train] = await linesOf(id);
    await agent.get(`/money/claims/${id}`);
    await agent.post(`/money/claims/${id}/lines/${train!.id}/seen`, {});
    // the rates change after the claim was made: the claim keeps its own
    await insertDemoRates(db(), org.housing!, '2026-02-01', { mileageCarPpm: 60 });
    const before = await claimOf(id);
    const edit = await agent.get(`/money/claims/${id}/edit`);
    assert.equal(edit.statusCode, 200);
    assert.match(edit.body, /value="15\.20"/);
    const changed = await agent.post(`/money/claims/${id}/edit`, {
      ...day,
      version: '1',
      for: '',
      'kind-1': 'train',
      'amount-1': '15.20',
      'kind-2': 'mileage',
      'miles-2': '10',
      'vehicle-2': 'car',
      action: 'draft',
    });
    assert.equal(changed.statusCode, 303, changed.body.slice(0, 3000));
    const after = await claimOf(id);
    assert.equal(after.version, 2);
    assert.equal(after.rate_version_id, before.rate_version_id, 'the claim keeps its rates');
    const lines = await linesOf(id);
    assert.deepEqual(
      lines.map((l) => [l.kind, l.amount_pence, l.receipt]),
      [
        ['train', 1520, 'seen_by_staff'],
        ['mileage', 450, 'not_needed'],
      ],
    );
    assert.equal(lines[0]!.id, train!.id, 'the unchanged line is kept with its receipt');
    const audit = await db()
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'money.claim_changed')
      .where('subject_id', '=', megan)
      .execute();
    assert.equal(audit.length, 1);
    // someone else's change in between: 409, nothing changed
    const stale = await change(agent, id, '1', { 'kind-1': 'bus', 'amount-1': '1.00' });
    assert.equal(stale.statusCode, 409);
    assert.equal((await linesOf(id)).length, 2);
    // moved to a day after the new rates: priced at them, and sent for approval
    const moved = await change(agent, id, '2', {
      'occurredOn-day': '2',
      'occurredOn-month': '2',
      'occurredOn-year': '2026',
      'kind-1': 'mileage',
      'miles-1': '10',
      'vehicle-1': 'car',
      action: 'submit',
    });
    assert.equal(moved.statusCode, 303);
    const submitted = await claimOf(id);
    assert.equal(submitted.status, 'submitted');
    assert.notEqual(submitted.rate_version_id, before.rate_version_id);
    assert.deepEqual(
      (await linesOf(id)).map((l) => [l.kind, l.amount_pence]),
      [['mileage', 600]],
    );
    // a submitted claim can no longer be changed
    const closed = await agent.get(`/money/claims/${id}/edit`);
    assert.equal(closed.statusCode, 409);
  });

  it('explains bad lines on the change form without losing what was typed', async () => {
    const { agent } = await tree.signedIn('staff', 'housing');
    await agent.get(newUrl());
    const made = await agent.post(newUrl(), { ...day, 'kind-1': 'bus', 'amount-1': '2.00' });
    const id = made.headers.location!.split('/').at(-1)!;
    const bad = await change(agent, id, '1', { 'kind-1': 'bus', 'amount-1': '-3' });
    assert.equal(bad.statusCode, 400);
    assert.match(visibleText(bad.body), /Enter an amount between £0\.01 and £1,000/);
    assert.match(bad.body, /value="-3"/);
    const far = await change(agent, id, '1', { 'kind-1': 'mileage', 'miles-1': '10000' });
    assert.equal(far.statusCode, 400);
    assert.match(visibleText(far.body), /Enter the miles as a whole number between 1 and 500/);
    assert.match(far.body, /value="10000"/);
    assert.deepEqual(
      (await linesOf(id)).map((l) => [l.kind, l.amount_pence]),
      [['bus', 200]],
    );
  });
});

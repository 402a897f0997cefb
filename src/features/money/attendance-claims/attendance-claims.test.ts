import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertTestPerson } from '#features/register';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree } from '#test/support/fixture.ts';
import { insertInvitees, insertMeeting } from '#test/support/meetings.ts';
import { visibleText } from '#test/support/html.ts';
import { insertDemoRates } from '../claims/fixtures.ts';

/** Claims for everyone who came to a meeting, in one step; twice makes nothing new. */
describe('money claims from a meeting’s attendance', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'attendclaims', 'Tester');
  const org = tree.ids;
  const db = () => t.services.db;
  let meetingId = '';
  const people: string[] = [];

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, hub: 'region', otherRegion: null });
    await insertDemoRates(db(), org.region!, '2020-01-01');
    meetingId = await insertMeeting(db(), org.hub!, {
      startsInHours: -2 * 24,
      hours: 2,
      rung: 3,
      languages: 'en',
    });
    for (const [name, attendance] of [
      ['Ann Came', 'attended'],
      ['Ben Came', 'left_early'],
      ['Cai Apologised', 'apologies'],
    ] as const) {
      const id = await insertTestPerson(db(), t.services.config.encryptionKey, {
        organisationId: org.hub!,
        displayName: name,
      });
      people.push(id);
      await insertInvitees(db(), meetingId, [{ person_id: id, attendance }]);
    }
  });
  after(() => t.close());

  it('makes a draft claim with the payment for each person who came, once', async () => {
    const { agent } = await tree.signedIn('involvement_lead', 'region');
    const list = await agent.get('/money/claims/from-meeting');
    assert.equal(list.statusCode, 200);
    assert.ok(visibleText(list.body).includes('Service user forum'));
    const page = await agent.get(`/money/claims/from-meeting/${meetingId}`);
    const text = visibleText(page.body);
    assert.ok(text.includes('Ann Came') && text.includes('Ben Came'));
    assert.ok(!text.includes('Cai Apologised'), 'only those who came');
    const invitees = await db()
      .selectFrom('meeting_invitees')
      .select('id')
      .where('meeting_id', '=', meetingId)
      .where('attendance', 'in', ['attended', 'left_early'])
      .execute();
    const form = { inviteeIds: invitees.map((i) => i.id), rate: 'hour:Forum member', units: '2' };
    const made = await agent.post(`/money/claims/from-meeting/${meetingId}`, form);
    assert.equal(made.statusCode, 303);
    assert.ok(visibleText((await agent.follow(made)).body).includes('2 claims made.'));
    const claims = await db()
      .selectFrom('money_claims as c')
      .innerJoin('money_claim_lines as l', 'l.claim_id', 'c.id')
      .select(['c.status', 'c.meeting_invitee_id', 'l.amount_pence'])
      .where('c.meeting_invitee_id', 'in', form.inviteeIds)
      .execute();
    assert.equal(claims.length, 2);
    assert.ok(
      claims.every((c) => c.status === 'draft' && c.amount_pence === 2500),
      '2 hours at £12.50',
    );

    await agent.get(`/money/claims/from-meeting/${meetingId}`);
    const again = await agent.post(`/money/claims/from-meeting/${meetingId}`, form);
    assert.equal(again.statusCode, 303);
    assert.ok(
      visibleText((await agent.follow(again)).body).includes(
        '0 claims made. 2 people already had one.',
      ),
    );
  });

  it('explains a bad choice and hides the meeting from other organisations', async () => {
    const { agent } = await tree.signedIn('involvement_lead', 'region');
    await agent.get(`/money/claims/from-meeting/${meetingId}`);
    const nobody = await agent.post(`/money/claims/from-meeting/${meetingId}`, {
      rate: 'hour:Forum member',
      units: '2',
    });
    assert.equal(nobody.statusCode, 400);
    assert.ok(visibleText(nobody.body).includes('Choose at least one person'));
    const other = await tree.signedIn('involvement_lead', 'otherRegion');
    assert.equal(
      (await other.agent.get(`/money/claims/from-meeting/${meetingId}`)).statusCode,
      404,
    );
    assert.ok(
      !visibleText((await other.agent.get('/money/claims/from-meeting')).body).includes(
        'Service user forum',
      ),
    );
  });
});

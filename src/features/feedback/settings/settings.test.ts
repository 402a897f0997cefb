import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree } from '#test/support/fixture.ts';
import { visibleText } from '#test/support/html.ts';
import { complaintDeadlines } from '../deadlines/deadlines.ts';

/** Feedback settings: an inbox per service, the settings below an organisation, themes. */
describe('feedback settings', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'fbsettings', 'Tester');
  const org = tree.ids;
  const db = () => t.services.db;

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, service: 'region', other: 'region' });
  });
  after(() => t.close());

  it('opens an inbox whose short link takes feedback, and refuses a code in use', async () => {
    const { agent } = await tree.signedIn('involvement_lead', 'region');
    const list = await agent.get('/feedback/settings');
    assert.equal(list.statusCode, 200);
    assert.match(visibleText(list.body), /service/);
    await agent.get(`/feedback/settings/${org.service!}`);
    const saved = await agent.post(`/feedback/settings/${org.service!}/inbox`, {
      code: 'SETT3',
      keyword: 'sett',
      enabled: 'yes',
    });
    assert.equal(saved.statusCode, 303);
    const inbox = await db()
      .selectFrom('feedback_inboxes')
      .selectAll()
      .where('organisation_id', '=', org.service!)
      .executeTakeFirstOrThrow();
    assert.deepEqual([inbox.code, inbox.keyword], ['sett3', 'SETT']);
    assert.equal((await agent.get('/f/sett3')).statusCode, 200);
    await agent.get(`/feedback/settings/${org.other!}`);
    const taken = await agent.post(`/feedback/settings/${org.other!}/inbox`, {
      code: 'sett3',
      enabled: 'yes',
    });
    assert.equal(taken.statusCode, 400);
    assert.match(visibleText(taken.body), /Another service uses that code/);
    const bad = await agent.post(`/feedback/settings/${org.other!}/inbox`, {
      code: 'no0l1',
      enabled: 'yes',
    });
    assert.equal(bad.statusCode, 400);
  });

  it('sets timescales, commissioner and lead for everything below, and keeps themes', async () => {
    const { agent } = await tree.signedIn('organisation_admin', 'region');
    const lead = await tree.signedIn('staff', 'service');
    const page = await agent.get(`/feedback/settings/${org.service!}`);
    assert.match(visibleText(page.body), /the defaults apply/);
    await agent.get(`/feedback/settings/${org.region!}`);
    const wrong = await agent.post(`/feedback/settings/${org.region!}/settings`, {
      acknowledgeDays: '10',
      respondDays: '5',
      nation: 'england-and-wales',
    });
    assert.equal(wrong.statusCode, 400);
    assert.match(visibleText(wrong.body), /cannot be due before/);
    const saved = await agent.post(`/feedback/settings/${org.region!}/settings`, {
      acknowledgeDays: '3',
      respondDays: '30',
      nation: 'england-and-wales',
      commissioner: org.region!,
      lead: '',
    });
    assert.equal(saved.statusCode, 303);
    // the service below works to them
    const inherited = await agent.get(`/feedback/settings/${org.service!}`);
    assert.match(visibleText(inherited.body), /works to the settings of region/);
    const deadlines = await complaintDeadlines(
      db(),
      org.service!,
      new Date('2026-12-24T10:00:00Z'),
    );
    assert.equal(deadlines.acknowledge_by, '2026-12-31');
    // the commissioner is the service or above it; the lead may see the service's feedback
    const outsider = await tree.signedIn('staff', 'other');
    const choices: Record<string, string>[] = [
      { commissioner: org.other! },
      { lead: outsider.accountId },
    ];
    for (const chosen of choices) {
      await agent.get(`/feedback/settings/${org.service!}`);
      const refused = await agent.post(`/feedback/settings/${org.service!}/settings`, {
        acknowledgeDays: '2',
        respondDays: '20',
        nation: 'england-and-wales',
        ...chosen,
      });
      assert.equal(refused.statusCode, 400);
    }
    // a lead must be able to see the service's feedback
    await agent.get(`/feedback/settings/${org.service!}`);
    assert.equal(
      (
        await agent.post(`/feedback/settings/${org.service!}/settings`, {
          acknowledgeDays: '2',
          respondDays: '20',
          nation: 'england-and-wales',
          lead: lead.accountId,
        })
      ).statusCode,
      303,
    );
    await agent.get(`/feedback/settings/${org.region!}`);
    const theme = await agent.post(`/feedback/settings/${org.region!}/themes`, {
      nameEn: 'Transport <b>',
      nameCy: 'Trafnidiaeth',
    });
    assert.equal(theme.statusCode, 303);
    const shown = await agent.get(`/feedback/settings/${org.region!}?lang=cy`);
    assert.ok(shown.body.includes('Trafnidiaeth'));
    assert.ok(!shown.body.includes('Transport <b>'));
    // renamed in both languages: every item with it shows the new name
    const made = await t.services.db
      .selectFrom('feedback_themes')
      .select('id')
      .where('organisation_id', '=', org.region!)
      .where('name_cy', '=', 'Trafnidiaeth')
      .executeTakeFirstOrThrow();
    const rename = `/feedback/settings/${org.region!}/themes/${made.id}`;
    assert.equal((await agent.get(rename)).statusCode, 200);
    const blank = await agent.post(rename, { nameEn: 'Getting here', nameCy: '' });
    assert.equal(blank.statusCode, 400);
    assert.ok(blank.body.includes('Getting here'), 'what was typed is kept');
    const renamed = await agent.post(rename, { nameEn: 'Getting here', nameCy: 'Cyrraedd yma' });
    assert.equal(renamed.statusCode, 303);
    const after = await agent.get(`/feedback/settings/${org.region!}?lang=cy`);
    assert.ok(after.body.includes('Cyrraedd yma'));
    assert.ok(!after.body.includes('Trafnidiaeth'));
    // not another organisation's theme
    const { agent: sibling } = await tree.signedIn('involvement_lead', 'other');
    assert.equal((await sibling.get(rename)).statusCode, 404);
  });

  it('is for those who keep feedback settings only', async () => {
    const { agent } = await tree.signedIn('staff', 'service');
    assert.equal((await agent.get('/feedback/settings')).statusCode, 403);
    assert.equal((await agent.get(`/feedback/settings/${org.service!}`)).statusCode, 403);
  });
});

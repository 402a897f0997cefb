import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree, signedInAccount } from '#test/support/fixture.ts';
import { visibleText } from '#test/support/html.ts';
import { complaintDeadlines } from '../deadlines/deadlines.ts';

/** Bank holidays kept by platform administrators, which complaint deadlines skip. */
describe('feedback bank holidays', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'fbholidays', 'Tester');
  const org = tree.ids;

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, service: 'region' });
  });
  after(() => t.close());

  it('lets a platform administrator add a holiday that a Scottish service’s deadlines then skip', async () => {
    const { agent } = await signedInAccount(t, {
      email: 'fbholidays-admin@test.example',
      name: 'Platform admin',
      platformAdmin: true,
    });
    const page = await agent.get('/feedback/holidays');
    assert.equal(page.statusCode, 200);
    assert.match(visibleText(page.body), /Boxing Day \(substitute day\)/);
    const bad = await agent.post('/feedback/holidays', {
      nation: 'scotland',
      'day-day': '31',
      'day-month': '2',
      'day-year': '2027',
    });
    assert.equal(bad.statusCode, 400);
    const added = await agent.post('/feedback/holidays', {
      nation: 'scotland',
      'day-day': '30',
      'day-month': '11',
      'day-year': '2026',
      nameEn: "St Andrew's Day",
      nameCy: 'Dydd Sant Andreas',
    });
    assert.equal(added.statusCode, 303);
    await t.services.db
      .insertInto('feedback_settings')
      .values({ organisation_id: org.service!, nation: 'scotland', acknowledge_days: 1 })
      .execute();
    // received on Friday 27 November 2026: Monday 30 is St Andrew's Day in Scotland
    const deadlines = await complaintDeadlines(
      t.services.db,
      org.service!,
      new Date('2026-11-27T10:00:00Z'),
    );
    assert.equal(deadlines.acknowledge_by, '2026-12-01');
  });

  it('is for platform administrators only', async () => {
    const { agent } = await tree.signedIn('organisation_admin', 'region');
    assert.equal((await agent.get('/feedback/holidays')).statusCode, 403);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { auditAbout, organisationTree, signedInAccount } from '#test/support/fixture.ts';
import { visibleText } from '#test/support/html.ts';
import { thresholdsFor } from './repository.ts';

/** Benefit thresholds: data by tax year, read by staff, kept by platform administrators. */
describe('money thresholds', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'thresholds', 'Tester');

  const form = (fields: Record<string, string> = {}) => ({
    taxYear: '2027',
    benefit: 'esa',
    code: 'esa_permitted_work_higher',
    nameEn: 'ESA permitted work: higher limit',
    nameCy: 'ESA gwaith a ganiateir: terfyn uchaf',
    kind: 'amount',
    amount: '210.00',
    period: 'week',
    sourceNote: 'gov.uk, read 1 March 2027',
    ...fields,
  });

  const admin = async (language?: 'en' | 'cy') =>
    (
      await signedInAccount(t, {
        email: `platform-${String(Math.random()).slice(2, 8)}@test.example`,
        name: 'Platform admin',
        platformAdmin: true,
        ...(language ? { language } : {}),
      })
    ).agent;

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, provider: 'region' });
  });
  after(() => t.close());

  it('holds the seeded figures by tax year, each marked to be checked', async () => {
    const { db } = t.services;
    const lastDay = await thresholdsFor(db, '2026-04-05');
    const firstDay = await thresholdsFor(db, '2026-04-06');
    const higher = (list: typeof lastDay) =>
      list.find((th) => th.code === 'esa_permitted_work_higher');
    assert.equal(higher(lastDay)?.amountPence, 19550);
    assert.equal(higher(lastDay)?.period, 'week');
    assert.equal(higher(firstDay)?.taxYear, 2026);
    assert.equal(lastDay.find((th) => th.code === 'uc_work_allowance_housing')?.amountPence, 41100);
    assert.equal(lastDay.find((th) => th.code === 'uc_taper')?.percent, 55);
    for (const th of [...lastDay, ...firstDay])
      assert.match(th.sourceNote, /Check against the current gov\.uk rates/);
    assert.deepEqual(await thresholdsFor(db, '2019-06-01'), []);
  });

  it('lets staff read them but not change them', async () => {
    const { agent } = await tree.signedIn('staff', 'provider');
    const page = await agent.get('/money/thresholds?year=2025');
    assert.equal(page.statusCode, 200);
    const text = visibleText(page.body);
    assert.ok(text.includes('£195.50 a week'));
    assert.ok(text.includes('55%'));
    assert.ok(!page.body.includes('/money/thresholds/new'));
    assert.equal((await agent.get('/money/thresholds/new')).statusCode, 403);
    assert.equal((await agent.post('/money/thresholds/new', form())).statusCode, 403);
    const { agent: viewer } = await tree.signedIn('viewer', 'provider');
    assert.equal((await viewer.get('/money/thresholds')).statusCode, 403);
  });

  it('explains every bad field in Welsh and keeps what was typed', async () => {
    const agent = await admin('cy');
    assert.equal((await agent.get('/money/thresholds/new')).statusCode, 200);
    const refused = await agent.post(
      '/money/thresholds/new',
      form({ taxYear: '', amount: '-5', period: '', code: 'Not a code', sourceNote: '' }),
    );
    assert.equal(refused.statusCode, 400);
    const text = visibleText(refused.body);
    assert.ok(text.includes("Rhowch y flwyddyn y mae'r flwyddyn dreth yn dechrau"));
    assert.ok(text.includes('Rhowch y swm mewn punnoedd'));
    assert.ok(text.includes("Dewiswch ai am wythnos, mis neu flwyddyn y mae'r swm"));
    assert.ok(text.includes('Rhowch god byr'));
    assert.ok(text.includes("Rhowch o ble y daw'r ffigur"));
    assert.ok(refused.body.includes('value="ESA gwaith a ganiateir: terfyn uchaf"'));
    const rate = await agent.post(
      '/money/thresholds/new',
      form({ kind: 'percent', percent: '155' }),
    );
    assert.equal(rate.statusCode, 400);
    assert.ok(visibleText(rate.body).includes('Rhowch y gyfradd fel rhif cyfan o 0 i 100'));
    const none = await t.services.db
      .selectFrom('money_benefit_thresholds')
      .select('id')
      .where('tax_year', '=', 2027)
      .execute();
    assert.equal(none.length, 0);
  });

  it('adds, changes and deletes a threshold, audited, and refuses a code twice in a year', async () => {
    const agent = await admin();
    assert.equal((await agent.get('/money/thresholds/new')).statusCode, 200);
    const added = await agent.post('/money/thresholds/new', form());
    assert.equal(added.statusCode, 303);
    const shown = await agent.follow(added);
    assert.ok(visibleText(shown.body).includes('The threshold is added.'));
    assert.ok(visibleText(shown.body).includes('£210.00 a week'));
    const [row] = await thresholdsFor(t.services.db, '2027-05-01');
    assert.equal(row!.amountPence, 21000);

    const twice = await agent.post('/money/thresholds/new', form({ amount: '1' }));
    assert.equal(twice.statusCode, 400);
    assert.ok(visibleText(twice.body).includes('already has a threshold with this short code'));

    const changed = await agent.post(`/money/thresholds/${row!.id}/edit`, form({ amount: '211' }));
    assert.equal(changed.statusCode, 303);
    const [after] = await thresholdsFor(t.services.db, '2027-05-01');
    assert.equal(after!.amountPence, 21100);

    assert.equal((await agent.get(`/money/thresholds/${row!.id}/delete`)).statusCode, 200);
    assert.equal((await agent.post(`/money/thresholds/${row!.id}/delete`)).statusCode, 303);
    assert.deepEqual(await thresholdsFor(t.services.db, '2027-05-01'), []);
    const actions = (await auditAbout(t.services.db, row!.id)).map((a) => a.action);
    assert.deepEqual(actions.sort(), [
      'money.threshold_added',
      'money.threshold_changed',
      'money.threshold_removed',
    ]);
    assert.equal((await agent.get(`/money/thresholds/${row!.id}/edit`)).statusCode, 404);
  });
});

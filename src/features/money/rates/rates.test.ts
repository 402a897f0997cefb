import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '#platform/db/schema.ts';
import { londonParts } from '#platform/time/london.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree } from '#test/support/fixture.ts';
import { ratesInForce } from './repository.ts';

/** Rates and rules: dated versions, inherited down the tree, history kept, bad input explained. */
describe('money rates', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'rates', 'Tester');
  const org = tree.ids;
  const signedIn = async (role: Role, at: string, language?: 'en' | 'cy') =>
    (await tree.signedIn(role, at, language)).agent;
  const today = londonParts(new Date()).date;
  const dayParts = (iso: string) => {
    const [year, month, day] = iso.split('-');
    return {
      'effectiveFrom-day': String(Number(day)),
      'effectiveFrom-month': String(Number(month)),
      'effectiveFrom-year': year!,
    };
  };
  const laterDay = (days: number) =>
    new Date(Date.parse(`${today}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

  const form = (fields: Record<string, string> = {}) => ({
    ...dayParts(today),
    mileageCar: '0.45',
    mileageMotorbike: '0.24',
    mileageBicycle: '0.20',
    subsistenceCap: '10',
    childcareCap: '40',
    replacementCareCap: '40',
    phoneData: '5',
    receiptAbove: '10.00',
    publicTransportAtCost: 'yes',
    taxiWithReason: 'yes',
    rows: '4',
    'activityEn-1': 'Forum member',
    'activityCy-1': 'Aelod fforwm',
    'unit-1': 'hour',
    'amount-1': '12.50',
    note: 'HMRC approved mileage rates',
    ...fields,
  });

  const versions = (organisationId: string) =>
    t.services.db
      .selectFrom('money_rate_versions')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .orderBy('effective_from')
      .execute();

  before(async () => {
    t = await startTestApp();
    await tree.addAll({
      region: null,
      providerA: 'region',
      providerB: 'region',
      otherRegion: null,
    });
  });
  after(() => t.close());

  it('sets rates from today, shows them in words, and the organisations below use them', async () => {
    const admin = await signedIn('organisation_admin', 'region');
    const page = await admin.get(`/money/rates/${org.region}/new`);
    assert.equal(page.statusCode, 200);
    const saved = await admin.post(`/money/rates/${org.region}/new`, form());
    assert.equal(saved.statusCode, 303);
    const [version] = await versions(org.region!);
    assert.equal(version!.mileage_car_ppm, 45);
    assert.equal(version!.receipt_above_pence, 1000);
    assert.equal(version!.effective_from, today);
    const payments = await t.services.db
      .selectFrom('money_payment_rates')
      .selectAll()
      .where('version_id', '=', version!.id)
      .execute();
    assert.deepEqual(
      payments.map((p) => [p.activity_en, p.unit, p.amount_pence]),
      [['Forum member', 'hour', 1250]],
    );
    const audit = await t.services.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('subject_id', '=', org.region!)
      .where('action', '=', 'money.rates_set')
      .execute();
    assert.equal(audit.length, 1);
    assert.equal((audit[0]!.details as { reason: string }).reason, 'HMRC approved mileage rates');

    const shown = await admin.follow(saved);
    assert.ok(shown.body.includes('The new rates are saved.'));
    assert.ok(shown.body.includes('£0.45 a mile'));
    assert.ok(shown.body.includes('Forum member'));
    assert.ok(shown.body.includes('£12.50'));

    // a provider below the region has none of its own: it uses the region's
    const staff = await signedIn('staff', 'providerA', 'cy');
    const inherited = await staff.get(`/money/rates/${org.providerA}`);
    assert.equal(inherited.statusCode, 200);
    assert.ok(inherited.body.includes('Cyfraddau region (cy), mewn grym'));
    assert.ok(inherited.body.includes('£0.45 y filltir'));
    assert.ok(inherited.body.includes('Aelod fforwm'));
    // staff may see the rates but not set them
    assert.equal((await staff.get(`/money/rates/${org.providerA}/new`)).statusCode, 403);
    assert.ok(!inherited.body.includes(`/money/rates/${org.providerA}/new`));
  });

  it('keeps the history: new rates from a later day leave today’s in force, and may be withdrawn', async () => {
    const admin = await signedIn('organisation_admin', 'providerB');
    await admin.get(`/money/rates/${org.providerB}/new`);
    assert.equal((await admin.post(`/money/rates/${org.providerB}/new`, form())).statusCode, 303);
    await admin.get(`/money/rates/${org.providerB}/new`);
    const later = laterDay(30);
    const next = await admin.post(
      `/money/rates/${org.providerB}/new`,
      form({ ...dayParts(later), mileageCar: '0.55' }),
    );
    assert.equal(next.statusCode, 303);
    const [current, future] = await versions(org.providerB!);
    assert.equal(current!.mileage_car_ppm, 45);
    assert.equal(future!.mileage_car_ppm, 55);

    const inForceToday = await ratesInForce(t.services.db, org.providerB!, today);
    assert.equal(inForceToday!.mileageCarPpm, 45);
    assert.equal(inForceToday!.inherited, false);
    const inForceLater = await ratesInForce(t.services.db, org.providerB!, later);
    assert.equal(inForceLater!.mileageCarPpm, 55);
    // before either, the region's (set in the first test) — its own start is today, so none
    assert.equal(await ratesInForce(t.services.db, org.providerB!, laterDay(-400)), undefined);

    const page = await admin.get(`/money/rates/${org.providerB}`);
    assert.ok(page.body.includes('not yet in force'));
    assert.ok(page.body.includes('in force'));

    // the rates in force today cannot be withdrawn; those not yet in force can
    await admin.get(`/money/rates/${org.providerB}/versions/${future!.id}/withdraw`);
    const refused = await admin.post(
      `/money/rates/${org.providerB}/versions/${current!.id}/withdraw`,
      {},
    );
    assert.equal(refused.statusCode, 409);
    await admin.get(`/money/rates/${org.providerB}/versions/${future!.id}/withdraw`);
    const withdrawn = await admin.post(
      `/money/rates/${org.providerB}/versions/${future!.id}/withdraw`,
      {},
    );
    assert.equal(withdrawn.statusCode, 303);
    assert.equal((await versions(org.providerB!)).length, 1);
    const actions = await t.services.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', org.providerB!)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      actions.map((a) => a.action),
      ['money.rates_set', 'money.rates_set', 'money.rates_withdrawn'],
    );
  });

  it('explains bad input in the person’s language and stores nothing', async () => {
    const admin = await signedIn('organisation_admin', 'otherRegion', 'cy');
    await admin.get(`/money/rates/${org.otherRegion}/new`);
    const bad = await admin.post(
      `/money/rates/${org.otherRegion}/new`,
      form({
        ...dayParts(laterDay(-1)),
        mileageCar: 'forty five',
        receiptAbove: '-3',
        'activityCy-1': '',
        'amount-2': '5',
      }),
    );
    assert.equal(bad.statusCode, 400);
    for (const message of [
      'Rhaid i&#39;r diwrnod y mae&#39;r cyfraddau&#39;n dechrau fod heddiw',
      'Rhowch gyfradd y car y filltir',
      'Rhowch y swm y mae angen derbynneb',
      'Rhowch y rôl neu&#39;r gweithgaredd yn Gymraeg',
      'Dewiswch a yw&#39;r taliad am awr',
    ])
      assert.ok(bad.body.includes(message), message);
    // what was typed is kept
    assert.ok(bad.body.includes('value="forty five"'));
    assert.equal((await versions(org.otherRegion!)).length, 0);

    // the same day twice
    assert.equal((await admin.post(`/money/rates/${org.otherRegion}/new`, form())).statusCode, 303);
    await admin.get(`/money/rates/${org.otherRegion}/new`);
    const again = await admin.post(`/money/rates/${org.otherRegion}/new`, form());
    assert.equal(again.statusCode, 400);
    assert.ok(again.body.includes('o&#39;r diwrnod hwnnw eisoes'));
    assert.equal((await versions(org.otherRegion!)).length, 1);
  });

  it('adds payment rows without JavaScript, keeping what was typed', async () => {
    const admin = await signedIn('organisation_admin', 'providerA');
    await admin.get(`/money/rates/${org.providerA}/new`);
    const more = await admin.post(`/money/rates/${org.providerA}/new`, {
      ...form({ 'activityEn-1': 'Panel member' }),
      action: 'more',
    });
    assert.equal(more.statusCode, 200);
    assert.ok(more.body.includes('name="activityEn-6"'));
    assert.ok(more.body.includes('value="Panel member"'));
    assert.equal((await versions(org.providerA!)).length, 0);
  });

  it('lists the organisations in the actor’s reach, saying whose rates each uses', async () => {
    const lead = await signedIn('involvement_lead', 'region');
    const list = await lead.get('/money/rates');
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes('>providerA<'));
    assert.ok(list.body.includes('Its own, since'));
    assert.ok(!list.body.includes('>otherRegion<'));
    const other = await lead.get(`/money/rates/${org.otherRegion}`);
    assert.equal(other.statusCode, 404);
  });
});

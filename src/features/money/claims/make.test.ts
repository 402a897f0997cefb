import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree } from '#test/support/fixture.ts';
import { insertTestPerson } from '#features/register';
import { insertDemoRates, insertTestInvolvement, storedClaim, storedLines } from './fixtures.ts';

/** Making a claim on a person's behalf: priced by the rates of its day, bad input explained. */
describe('money claims (made by staff)', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'claimmake', 'Tester');
  const org = tree.ids;
  let megan: string;
  const db = () => t.services.db;
  const newUrl = () => `/money/claims/new?organisationId=${org.housing}&personId=${megan}`;
  const day = { 'occurredOn-day': '2', 'occurredOn-month': '3', 'occurredOn-year': '2026' };

  const make = async (fields: Record<string, string>) => {
    const staff = (await tree.signedIn('staff', 'housing')).agent;
    await staff.get(newUrl());
    return { staff, response: await staff.post(newUrl(), { ...day, ...fields }) };
  };
  const claimOf = (id: string) => storedClaim(db(), id);
  const linesOf = (id: string) => storedLines(db(), id);

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, housing: 'region' });
    await insertDemoRates(db(), org.region!, '2026-01-01');
    megan = await insertTestPerson(db(), t.services.config.encryptionKey, {
      organisationId: org.housing!,
      displayName: 'Megan Maketest',
    });
  });
  after(() => t.close());

  it('prices mileage at the rate of the day, a payment at its rate, and asks for receipts', async () => {
    const { staff, response } = await make({
      'kind-1': 'mileage',
      'miles-1': '12',
      'vehicle-1': 'car',
      'kind-2': 'train',
      'amount-2': '15.20',
      'kind-3': 'rate:hour:Forum member',
      'units-3': '1.5',
      action: 'draft',
    });
    assert.equal(response.statusCode, 303);
    const id = response.headers.location!.split('/').at(-1)!;
    const lines = await linesOf(id);
    assert.deepEqual(
      lines.map((l) => [l.kind, l.amount_pence, l.receipt]),
      [
        ['mileage', 540, 'not_needed'],
        ['train', 1520, 'needed'],
        ['involvement', 1875, 'not_needed'],
      ],
    );
    assert.equal(lines[0]!.pence_per_mile, 45);
    const claim = await claimOf(id);
    assert.equal(claim.status, 'draft');
    // the train ticket was shown on paper: staff mark the receipt as seen
    const page = await staff.get(`/money/claims/${id}`);
    assert.match(page.body, /Mark the receipt as seen: Train, £15\.20/);
    const seen = await staff.post(`/money/claims/${id}/lines/${lines[1]!.id}/seen`, {});
    assert.equal(seen.statusCode, 303);
    assert.equal((await linesOf(id))[1]!.receipt, 'seen_by_staff');
    // rates changed later do not alter the claim
    await insertDemoRates(db(), org.housing!, '2026-02-01', { mileageCarPpm: 60 });
    assert.equal((await claimOf(id)).rate_version_id, claim.rate_version_id);
    assert.equal((await linesOf(id))[0]!.amount_pence, 540);
    // submitted, then a stale withdraw is refused with a friendly 409
    await staff.get(`/money/claims/${id}`);
    const submitted = await staff.post(`/money/claims/${id}/submit`, { version: '1' });
    assert.equal(submitted.statusCode, 303);
    assert.equal((await claimOf(id)).status, 'submitted');
    await staff.get(`/money/claims/${id}`);
    const stale = await staff.post(`/money/claims/${id}/withdraw`, { version: '1' });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Someone else has just changed this claim/);
    await staff.get(`/money/claims/${id}`);
    const withdrawn = await staff.post(`/money/claims/${id}/withdraw`, { version: '2' });
    assert.equal(withdrawn.statusCode, 303);
    assert.equal((await claimOf(id)).status, 'withdrawn');
  });

  it('refuses absurd input with clear messages and writes nothing', async () => {
    const before = await db().selectFrom('money_claims').select('id').execute();
    const cases: [Record<string, string>, RegExp][] = [
      [{ 'kind-1': 'mileage', 'miles-1': '10000' }, /whole number between 1 and 500/],
      [{ 'kind-1': 'bus', 'amount-1': '-5' }, /between £0.01 and £1,000/],
      [{ 'kind-1': 'bus', 'amount-1': '99999' }, /between £0.01 and £1,000/],
      [{ 'kind-1': 'taxi', 'amount-1': '8' }, /why a taxi was needed/],
      [{ 'kind-1': 'subsistence', 'amount-1': '25' }, /Food and drink is more than the limit/],
      [{ 'kind-1': 'phone_data', 'amount-1': '6' }, /more than the allowance/],
      [{}, /at least one thing/],
      [
        { 'kind-1': 'bus', 'amount-1': '2', 'occurredOn-day': '31', 'occurredOn-month': '2' },
        /real date/,
      ],
    ];
    for (const [fields, message] of cases) {
      const { response } = await make(fields);
      assert.equal(response.statusCode, 400, JSON.stringify(fields));
      assert.match(response.body, message);
      assert.doesNotMatch(response.body, /\[object Object\]/, 'the message beside the line too');
    }
    assert.equal(
      (await db().selectFrom('money_claims').select('id').execute()).length,
      before.length,
    );
  });

  it('allows one claim for one involvement record (a clear error, not a 500)', async () => {
    const recordId = await insertTestInvolvement(db(), {
      organisationId: org.housing!,
      personId: megan,
      tookPartOn: '2026-03-02',
    });
    const actor = (await tree.signedIn('staff', 'housing')).actor;
    const input = {
      organisationId: org.housing!,
      personId: megan,
      occurredOn: '2026-03-02',
      involvementRecordId: recordId,
      lines: [{ kind: 'bus' as const, amountPence: 300 }],
    };
    assert.equal((await t.services.claims.createDraft(actor, input)).ok, true);
    const again = await t.services.claims.createDraft(actor, input);
    assert.deepEqual(again, {
      ok: false,
      issues: [{ field: 'for', message: 'claims:errors.duplicate' }],
    });
  });
});

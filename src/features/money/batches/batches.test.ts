import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertTestPerson } from '#features/register';
import { londonParts } from '#platform/time/london.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree } from '#test/support/fixture.ts';
import { visibleText } from '#test/support/html.ts';
import { insertTestClaim } from '../claims/fixtures.ts';

/** Bank transfer batches: gathered, downloaded, sent once (paying each claim once), cancelled. */
describe('money bank transfer batches', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'batches', 'Tester');
  const org = tree.ids;
  const today = londonParts(new Date()).date;
  const [year, month, day] = today.split('-') as [string, string, string];
  const sentOn = { 'paidOn-day': day, 'paidOn-month': month, 'paidOn-year': year };
  const db = () => t.services.db;

  /** An approved claim of a new person who chose `method` (none: no choice recorded). */
  const claimOf = async (
    name: string,
    method: 'bank_transfer' | 'cash' | null,
    lines?: { kind: 'bus' | 'involvement'; amountPence: number }[],
    organisationId = org.hub!,
  ) => {
    const personId = await insertTestPerson(db(), t.services.config.encryptionKey, {
      organisationId,
      displayName: name,
    });
    if (method)
      await db()
        .insertInto('money_payment_choices')
        .values({ person_id: personId, method })
        .execute();
    return insertTestClaim(db(), {
      organisationId,
      personId,
      occurredOn: today,
      status: 'approved',
      ...(lines ? { lines } : {}),
    });
  };
  const claimRow = (id: string) =>
    db().selectFrom('money_claims').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const paymentsOf = (batchId: string) =>
    db().selectFrom('money_payments').selectAll().where('batch_id', '=', batchId).execute();

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, hub: 'region', otherRegion: null });
  });
  after(() => t.close());

  it('gathers only approved bank transfer claims, downloads them safely and pays each once when sent', async () => {
    const ann = await claimOf('=HYPERLINK("x") Ann', 'bank_transfer', [
      { kind: 'bus', amountPence: 460 },
      { kind: 'involvement', amountPence: 2500 },
    ]);
    const ben = await claimOf('Ben Banktest', 'bank_transfer');
    const cash = await claimOf('Cai Cashtest', 'cash');
    const noChoice = await claimOf('Dai Nochoice', null);
    const elsewhere = await claimOf('Efa Elsewhere', 'bank_transfer', undefined, org.otherRegion);
    const { agent } = await tree.signedIn('organisation_admin', 'region');
    const list = await agent.get('/money/batches');
    assert.equal(list.statusCode, 200);
    assert.match(visibleText(list.body), /Gather 2 claims into a batch/);
    const started = await agent.post('/money/batches', { organisationId: org.hub! });
    assert.equal(started.statusCode, 303);
    const url = started.headers.location!;
    const batchId = url.split('/').at(-1)!;
    for (const id of [ann.id, ben.id])
      assert.equal((await claimRow(id)).batch_id, batchId, 'bank transfer claims gathered');
    for (const id of [cash.id, noChoice.id, elsewhere.id])
      assert.equal((await claimRow(id)).batch_id, null, 'others left alone');
    const page = await agent.get(url);
    assert.equal(page.statusCode, 200);
    assert.match(visibleText(page.body), /Total to transfer £42\.00/);
    // a batched claim is not paid on its own
    const single = await agent.get(`/money/claims/${ben.id}/pay`);
    assert.match(visibleText(single.body), /in a bank transfer batch/);
    const pay = await agent.post(`/money/claims/${ben.id}/pay`, {
      method: 'cash',
      ...sentOn,
    });
    assert.equal(pay.statusCode, 409);
    // the download: a reference for each person, names as the role allows, formulas neutralised
    const csv = await agent.get(`${url}/download`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(
      lines[0],
      'batch,claim_number,day,person,name,expenses_pence,payment_pence,total_pence',
    );
    assert.equal(lines.length, 3);
    assert.ok(
      lines.some((l) => l.includes(`'=HYPERLINK`)),
      'a formula-looking name is neutralised',
    );
    assert.ok(lines.some((l) => l.endsWith(',460,2500,2960')));
    // sent: each claim paid once by bank transfer with the batch number as reference
    await agent.get(url);
    const sent = await agent.post(`${url}/send`, sentOn);
    assert.equal(sent.statusCode, 303);
    const payments = await paymentsOf(batchId);
    assert.equal(payments.length, 2);
    assert.ok(payments.every((p) => p.method === 'bank_transfer' && p.reference?.startsWith('B-')));
    const annPaid = payments.find((p) => p.claim_id === ann.id)!;
    assert.deepEqual([annPaid.expenses_pence, annPaid.payment_pence], [460, 2500]);
    assert.equal((await claimRow(ann.id)).status, 'paid');
    // sent twice (a second tab, a double click): nothing paid again
    await agent.get(url);
    const again = await agent.post(`${url}/send`, sentOn);
    assert.equal(again.statusCode, 409);
    assert.equal((await paymentsOf(batchId)).length, 2);
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['money.batch_started', 'money.batch_exported', 'money.batch_sent'])
      .where('subject_id', '=', batchId)
      .execute();
    assert.equal(audit.length, 3);
  });

  it('sends two batches at the same moment only once, and a cancelled batch lets its claims wait again', async () => {
    await claimOf('Fflur Race', 'bank_transfer');
    const { agent } = await tree.signedIn('organisation_admin', 'region');
    await agent.get('/money/batches');
    const started = await agent.post('/money/batches', { organisationId: org.hub! });
    const batchId = started.headers.location!.split('/').at(-1)!;
    const actor = (await tree.signedIn('organisation_admin', 'region')).actor;
    const results = await Promise.all([
      t.services.batches.sendBatch(actor, batchId, today),
      t.services.batches.sendBatch(actor, batchId, today),
    ]);
    assert.deepEqual(results.sort(), [false, true]);
    assert.equal((await paymentsOf(batchId)).length, 1);
    const gwen = await claimOf('Gwen Cancel', 'bank_transfer');
    await agent.get('/money/batches');
    const next = await agent.post('/money/batches', { organisationId: org.hub! });
    const nextUrl = next.headers.location!;
    assert.equal((await claimRow(gwen.id)).batch_id, nextUrl.split('/').at(-1));
    await agent.get(nextUrl);
    const cancelled = await agent.post(`${nextUrl}/cancel`, {});
    assert.equal(cancelled.statusCode, 303);
    assert.equal((await claimRow(gwen.id)).batch_id, null);
    assert.equal((await claimRow(gwen.id)).status, 'approved');
    const gone = await agent.get(nextUrl);
    assert.equal(gone.statusCode, 404);
    // nothing waiting: no empty batch
    await agent.get('/money/batches');
    await agent.post('/money/batches', { organisationId: org.hub! });
    await agent.get('/money/batches');
    const none = await agent.post('/money/batches', { organisationId: org.hub! });
    assert.match(none.headers.location!, /^\/money\/batches(\?|$)/);
    const after = await agent.get(none.headers.location!);
    assert.match(visibleText(after.body), /No approved claims were waiting/);
  });

  it('refuses a day in the future and other organisations’ batches', async () => {
    await claimOf('Huw Future', 'bank_transfer');
    const { agent } = await tree.signedIn('organisation_admin', 'region');
    await agent.get('/money/batches');
    const started = await agent.post('/money/batches', { organisationId: org.hub! });
    const url = started.headers.location!;
    await agent.get(url);
    const future = await agent.post(`${url}/send`, {
      'paidOn-day': '1',
      'paidOn-month': '1',
      'paidOn-year': String(Number(year) + 1),
    });
    assert.equal(future.statusCode, 400);
    assert.match(visibleText(future.body), /cannot be in the future/);
    const outsider = (await tree.signedIn('organisation_admin', 'otherRegion')).agent;
    const seen = await outsider.get(url);
    assert.ok([403, 404].includes(seen.statusCode));
  });
});

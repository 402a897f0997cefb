import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertTestPerson } from '#features/register';
import { londonParts } from '#platform/time/london.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree } from '#test/support/fixture.ts';
import { visibleText } from '#test/support/html.ts';
import { insertTestClaim } from '../claims/fixtures.ts';

/** Paying approved claims and cash floats, through the pages into the database. */
describe('money payments', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'payments', 'Tester');
  const org = tree.ids;
  const today = londonParts(new Date()).date;
  const [year, month, day] = today.split('-') as [string, string, string];
  const dateFields = { 'paidOn-day': day, 'paidOn-month': month, 'paidOn-year': year };

  const claim = async (
    organisationId: string,
    status: 'approved' | 'submitted' = 'approved',
    lines?: { kind: 'bus' | 'taxi' | 'involvement'; amountPence: number }[],
  ) => {
    const personId = await insertTestPerson(t.services.db, t.services.config.encryptionKey, {
      organisationId,
      displayName: 'Nia Testperson',
    });
    return insertTestClaim(t.services.db, {
      organisationId,
      personId,
      occurredOn: today,
      status,
      ...(lines ? { lines } : {}),
    });
  };
  const paymentsOf = (claimId: string) =>
    t.services.db
      .selectFrom('money_payments')
      .selectAll()
      .where('claim_id', '=', claimId)
      .execute();
  const statusOf = async (claimId: string) =>
    (
      await t.services.db
        .selectFrom('money_claims')
        .select('status')
        .where('id', '=', claimId)
        .executeTakeFirstOrThrow()
    ).status;

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, provider: 'region', other: null });
  });
  after(() => t.close());

  it('pays an approved claim once when two staff pay it at the same moment', async () => {
    const made = await claim(org.provider!, 'approved', [
      { kind: 'bus', amountPence: 1240 },
      { kind: 'involvement', amountPence: 2000 },
    ]);
    const { agent } = await tree.signedIn('organisation_admin', 'provider');
    const page = await agent.get(`/money/claims/${made.id}/pay`);
    assert.equal(page.statusCode, 200);
    assert.ok(
      visibleText(page.body).includes(`Pay claim C-${String(made.number).padStart(6, '0')}`),
    );
    const form = { method: 'bank_transfer', reference: 'BACS 1', ...dateFields };
    const [a, b] = await Promise.all([
      agent.post(`/money/claims/${made.id}/pay`, form),
      agent.post(`/money/claims/${made.id}/pay`, form),
    ]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [303, 409]);
    const rows = await paymentsOf(made.id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.expenses_pence, 1240);
    assert.equal(rows[0]!.payment_pence, 2000);
    assert.equal(rows[0]!.on_the_day_or_before, true);
    assert.equal(await statusOf(made.id), 'paid');
    const audits = await t.services.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', made.id)
      .execute();
    assert.deepEqual(
      audits.map((r) => r.action),
      ['money.claim_paid'],
    );
  });

  it('refuses bad input: an unapproved claim, cash with no open float, a bad date', async () => {
    const { agent } = await tree.signedIn('organisation_admin', 'region');
    const submitted = await claim(org.region!, 'submitted');
    await agent.get(`/money/floats/${org.region}`);
    const notApproved = await agent.post(`/money/claims/${submitted.id}/pay`, {
      method: 'cash',
      ...dateFields,
    });
    assert.equal(notApproved.statusCode, 409);
    assert.equal((await paymentsOf(submitted.id)).length, 0);

    const approved = await claim(org.region!);
    const noFloat = await agent.post(`/money/claims/${approved.id}/pay`, {
      method: 'cash',
      ...dateFields,
    });
    assert.equal(noFloat.statusCode, 400);
    assert.ok(visibleText(noFloat.body).includes('There is no open cash float'));
    const badDate = await agent.post(`/money/claims/${approved.id}/pay`, {
      method: 'voucher',
      'paidOn-day': '31',
      'paidOn-month': '2',
      'paidOn-year': '2026',
    });
    assert.equal(badDate.statusCode, 400);
    const noMethod = await agent.post(`/money/claims/${approved.id}/pay`, dateFields);
    assert.equal(noMethod.statusCode, 400);
    assert.equal(await statusOf(approved.id), 'approved');

    // staff (no money.pay) and another organisation's admin cannot pay it
    const staff = await tree.signedIn('staff', 'region');
    assert.equal((await staff.agent.get(`/money/claims/${approved.id}/pay`)).statusCode, 403);
    const other = await tree.signedIn('organisation_admin', 'other');
    assert.equal((await other.agent.get(`/money/claims/${approved.id}/pay`)).statusCode, 404);
  });

  it('reconciles a float to the penny after cash payments with odd pence', async () => {
    const { agent } = await tree.signedIn('organisation_admin', 'provider');
    await agent.get(`/money/floats/${org.provider}`);
    const negative = await agent.post(`/money/floats/${org.provider}`, {
      name: 'Front desk',
      amount: '-5',
    });
    assert.equal(negative.statusCode, 400);
    const absurd = await agent.post(`/money/floats/${org.provider}`, {
      name: 'Front desk',
      amount: '99999999',
    });
    assert.equal(absurd.statusCode, 400);
    const opened = await agent.post(`/money/floats/${org.provider}`, {
      name: 'Front desk',
      amount: '100.00',
    });
    assert.equal(opened.statusCode, 303);
    const float = await t.services.db
      .selectFrom('money_floats')
      .select('id')
      .where('organisation_id', '=', org.provider!)
      .executeTakeFirstOrThrow();

    let paidOut = 0;
    for (const pence of [1237, 403, 999]) {
      const made = await claim(org.provider!, 'approved', [{ kind: 'taxi', amountPence: pence }]);
      await agent.get(`/money/claims/${made.id}/pay`);
      const paid = await agent.post(`/money/claims/${made.id}/pay`, {
        method: 'cash',
        floatId: float.id,
        ...dateFields,
      });
      assert.equal(paid.statusCode, 303);
      paidOut += pence;
    }
    const url = `/money/floats/${org.provider}/${float.id}/reconcile`;
    await agent.get(url);
    assert.equal(
      (await agent.post(`/money/floats/${org.provider}/${float.id}/top-up`, { topUp: '0' }))
        .statusCode,
      400,
    );
    const topped = await agent.post(`/money/floats/${org.provider}/${float.id}/top-up`, {
      topUp: '5.05',
    });
    assert.equal(topped.statusCode, 303);
    const expected = 10000 + 505 - paidOut; // 78.66
    assert.equal(expected, 7866);
    const list = visibleText((await agent.get(`/money/floats/${org.provider}`)).body);
    assert.ok(list.includes('£78.66'));

    assert.equal((await agent.get(url)).statusCode, 200);
    const short = await agent.post(url, { counted: '78.65' });
    assert.equal(short.statusCode, 400);
    assert.ok(visibleText(short.body).includes('give the reason'));
    const closed = await agent.post(url, { counted: '78.66' });
    assert.equal(closed.statusCode, 303);
    const row = await t.services.db
      .selectFrom('money_floats')
      .selectAll()
      .where('id', '=', float.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'closed');
    assert.equal(row.counted_pence, 7866);
    assert.equal(row.difference_reason, null);
    assert.equal((await agent.get(url)).statusCode, 404);
  });

  it('records a difference with its reason', async () => {
    const { agent } = await tree.signedIn('organisation_admin', 'region');
    await agent.get(`/money/floats/${org.region}`);
    await agent.post(`/money/floats/${org.region}`, { name: 'Outreach', amount: '20' });
    const float = await t.services.db
      .selectFrom('money_floats')
      .select('id')
      .where('organisation_id', '=', org.region!)
      .where('name', '=', 'Outreach')
      .executeTakeFirstOrThrow();
    await agent.get(`/money/floats/${org.region}/${float.id}/reconcile`);
    const closed = await agent.post(`/money/floats/${org.region}/${float.id}/reconcile`, {
      counted: '19.50',
      reason: 'A 50p coin was lost',
    });
    assert.equal(closed.statusCode, 303);
    const audit = await t.services.db
      .selectFrom('audit_log')
      .select('details')
      .where('subject_id', '=', float.id)
      .where('action', '=', 'money.float_reconciled')
      .executeTakeFirstOrThrow();
    assert.deepEqual(audit.details, {
      expectedPence: 2000,
      countedPence: 1950,
      differencePence: -50,
      reason: 'A 50p coin was lost',
    });
  });

  it('reverses a payment with a reason, never editing it', async () => {
    const made = await claim(org.provider!, 'approved', [{ kind: 'bus', amountPence: 655 }]);
    const { agent } = await tree.signedIn('organisation_admin', 'provider');
    await agent.get(`/money/claims/${made.id}/pay`);
    await agent.post(`/money/claims/${made.id}/pay`, {
      method: 'prepaid_card',
      reference: '5555 4444 3333 1234',
      ...dateFields,
    });
    const [payment] = await paymentsOf(made.id);
    assert.equal(payment!.reference, '…1234');
    const url = `/money/claims/${made.id}/reverse`;
    assert.equal((await agent.get(url)).statusCode, 200);
    const noReason = await agent.post(url, { reason: ' ' });
    assert.equal(noReason.statusCode, 400);
    assert.ok(visibleText(noReason.body).includes('Give the reason for reversing the payment'));
    const reversed = await agent.post(url, { reason: 'Paid to the wrong card' });
    assert.equal(reversed.statusCode, 303);
    const rows = await paymentsOf(made.id);
    assert.equal(rows.length, 2);
    const reversal = rows.find((r) => r.kind === 'reversal')!;
    assert.equal(reversal.expenses_pence, -655);
    assert.equal(reversal.reverses_payment_id, payment!.id);
    assert.equal(reversal.reason, 'Paid to the wrong card');
    const original = rows.find((r) => r.kind === 'payment')!;
    assert.equal(original.expenses_pence, 655);
    assert.equal(await statusOf(made.id), 'reversed');
    // not twice, and a reversed claim is not paid again
    assert.equal((await agent.get(url)).statusCode, 404);
    await agent.get(`/money/claims/${made.id}/pay`);
    const again = await agent.post(`/money/claims/${made.id}/pay`, {
      method: 'cash',
      ...dateFields,
    });
    assert.equal(again.statusCode, 409);
  });
});

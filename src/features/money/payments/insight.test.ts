import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertTestPerson } from '#features/register';
import { londonParts } from '#platform/time/london.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree } from '#test/support/fixture.ts';
import { visibleText } from '#test/support/html.ts';
import { insertPaidClaim, insertTestClaim } from '../claims/fixtures.ts';
import { paymentsWaiting } from './attention.ts';
import { moneyFigures, paidOnTheDay } from './insight.ts';
import { askAttention } from '#platform/modules/attention.ts';

/** Paid on the day (WF 3.3), money figures, what waits for those who pay, and the floats page. */
describe('money payments: evidence, figures, attention and the floats page', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'moneyinsight', 'Tester');
  const org = tree.ids;
  const db = () => t.services.db;
  const today = londonParts(new Date()).date;
  const daysAgo = (n: number) => londonParts(new Date(Date.now() - n * 86_400_000)).date;
  const scope = () => ({
    organisationId: org.region!,
    from: new Date(Date.now() - 60 * 86_400_000),
    to: new Date(Date.now() + 86_400_000),
  });
  const figure = (id: string) => moneyFigures.find((f) => f.id === id)!;

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, hub: 'region', otherRegion: null });
    const person = await insertTestPerson(db(), t.services.config.encryptionKey, {
      organisationId: org.hub!,
    });
    const float = await db()
      .insertInto('money_floats')
      .values({
        organisation_id: org.hub!,
        name: 'Desk',
        opened_on: daysAgo(10),
        opening_pence: 5000,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // paid on the day in cash; paid by bank transfer four days after it was sent
    const paid = [
      { day: daysAgo(8), on: daysAgo(8), cash: true, expenses: 460, payment: 2500 },
      { day: daysAgo(9), on: daysAgo(4), cash: false, expenses: 1240, payment: 0 },
    ];
    for (const p of paid) {
      const claim = await insertPaidClaim(db(), {
        organisationId: org.hub!,
        personId: person,
        occurredOn: p.day,
        paidOn: p.on,
        lines: [
          { kind: 'bus', amountPence: p.expenses },
          ...(p.payment ? [{ kind: 'involvement' as const, amountPence: p.payment }] : []),
        ],
        ...(p.cash ? { floatId: float.id } : {}),
      });
      await db()
        .updateTable('money_claims')
        .set({ submitted_at: new Date(`${p.day}T12:00:00Z`) })
        .where('id', '=', claim.id)
        .execute();
    }
    await insertTestClaim(db(), {
      organisationId: org.hub!,
      personId: person,
      occurredOn: today,
      status: 'approved',
    });
    // a submitted involvement payment for someone who recorded their benefits
    await insertTestClaim(db(), {
      organisationId: org.hub!,
      personId: person,
      occurredOn: today,
      status: 'submitted',
      lines: [{ kind: 'involvement', amountPence: 3000 }],
    });
    await db()
      .insertInto('money_benefit_profiles')
      .values({
        person_id: person,
        benefits: ['esa'],
        consent_on: daysAgo(30),
        consent_how: 'in_person',
      })
      .execute();
  });
  after(() => t.close());

  it('answers "paid on the day" with the claims behind it', async () => {
    const answer = await paidOnTheDay.answer(t.services, scope());
    assert.equal(answer.met, 1);
    assert.equal(answer.of, 2);
    assert.match(answer.records[0]!.label, /^C-\d{6}, /);
    const elsewhere = await paidOnTheDay.answer(t.services, {
      ...scope(),
      organisationId: org.otherRegion!,
    });
    assert.deepEqual([elsewhere.met, elsewhere.of], [0, 0]);
  });

  it('counts the money paid, expenses apart, and the days to payment', async () => {
    assert.equal(await figure('money.expenses-paid-pence').count(t.services, scope()), 1700);
    assert.equal(await figure('money.payments-paid-pence').count(t.services, scope()), 2500);
    // 0 days and 5 days: the median is 2.5
    assert.equal(await figure('money.median-days-to-payment').count(t.services, scope()), 2.5);
    assert.equal(await figure('money.credits-earned').count(t.services, scope()), 0);
  });

  it('tells those who pay what waits, and shows the floats page', async () => {
    const { agent, actor } = await tree.signedIn('organisation_admin', 'region');
    const items = await askAttention(t.services, paymentsWaiting, actor);
    assert.deepEqual(
      items.map((i) => [i.text, i.count]),
      [
        ['payments:attention.toPay', 1],
        ['payments:attention.floats', 1],
      ],
    );
    const lead = await tree.signedIn('involvement_lead', 'region');
    assert.deepEqual(
      await askAttention(t.services, paymentsWaiting, lead.actor),
      [],
      'leads do not pay',
    );

    const page = await agent.get('/money/floats');
    assert.equal(page.statusCode, 200);
    const text = visibleText(page.body);
    assert.ok(text.includes('1 of 2 claims were paid on the day or before it (50%)'), text);
    assert.ok(text.includes('Desk'));
    assert.equal((await lead.agent.get('/money/floats')).statusCode, 403);
  });
});

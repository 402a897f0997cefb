import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree } from '#test/support/fixture.ts';
import { insertTestPerson } from '#features/register';
import { insertPaidClaim } from '../claims/fixtures.ts';
import { statementOf } from './repository.ts';

/** A person's statement: expenses apart from payments, totals, reversals, periods and scope. */
describe('money statements', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'statements', 'Tester');
  const org = tree.ids;
  let megan: string;
  const db = () => t.services.db;

  const pay = async (
    organisationId: string,
    paidOn: string,
    expensesPence: number,
    paymentPence: number,
  ) => {
    const claim = await insertPaidClaim(db(), {
      organisationId,
      personId: megan,
      occurredOn: paidOn,
      lines: [
        { kind: 'bus' as const, amountPence: expensesPence },
        { kind: 'involvement' as const, amountPence: paymentPence },
      ].filter((line) => line.amountPence > 0),
    });
    return claim.payment;
  };
  let toReverse: Awaited<ReturnType<typeof pay>>;

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, housing: 'region', elsewhere: null });
    megan = await insertTestPerson(db(), t.services.config.encryptionKey, {
      organisationId: org.housing!,
      alsoAt: [org.elsewhere!],
      displayName: 'Megan Test',
    });
    await pay(org.housing!, '2025-04-05', 500, 1000); // tax year 2024
    await pay(org.housing!, '2025-04-06', 1240, 2000); // tax year 2025
    toReverse = await pay(org.housing!, '2025-09-01', 300, 0);
    await pay(org.elsewhere!, '2025-10-01', 700, 1500);
    await pay(org.housing!, '2026-04-05', 0, 2500);
  });
  after(() => t.close());

  it('totals expenses apart from involvement payments for a tax year', async () => {
    const statement = await statementOf(db(), megan, { taxYear: 2025 }, null);
    assert.equal(statement.from, '2025-04-06');
    assert.equal(statement.to, '2026-04-05');
    assert.deepEqual(
      statement.rows.map((row) => row.paidOn),
      ['2025-04-06', '2025-09-01', '2025-10-01', '2026-04-05'],
    );
    assert.deepEqual(statement.totals, { expensesPence: 2240, paymentPence: 6000 });
  });

  it('takes a date range, and only the organisations in scope', async () => {
    const range = await statementOf(db(), megan, { from: '2025-04-01', to: '2025-09-30' }, null);
    assert.deepEqual(range.totals, { expensesPence: 2040, paymentPence: 3000 });
    const scoped = await statementOf(db(), megan, { taxYear: 2025 }, [org.housing!]);
    assert.deepEqual(scoped.totals, { expensesPence: 1540, paymentPence: 4500 });
    const none = await statementOf(db(), megan, { taxYear: 2025 }, []);
    assert.equal(none.rows.length, 0);
  });

  it('shows a reversal as its own row and takes it off the totals', async () => {
    await db()
      .insertInto('money_payments')
      .values({
        claim_id: toReverse.claim_id,
        organisation_id: toReverse.organisation_id,
        person_id: megan,
        kind: 'reversal',
        method: 'bank_transfer',
        expenses_pence: -300,
        payment_pence: 0,
        paid_on: '2025-12-01',
        on_the_day_or_before: true,
        reverses_payment_id: toReverse.id,
        reason: 'Paid twice.',
      })
      .execute();
    const statement = await statementOf(db(), megan, { taxYear: 2025 }, null);
    const reversal = statement.rows.find((row) => row.kind === 'reversal');
    assert.equal(reversal?.expensesPence, -300);
    assert.deepEqual(statement.totals, { expensesPence: 1940, paymentPence: 6000 });
  });
});

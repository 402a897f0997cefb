import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { seedTestNational } from '#test/support/national.ts';
import { checkBenefits } from '../benefits/check.ts';

/** National claims at a hundredth of scale 1: 10,000 expense lines, paid, and the benefit check. */
describe('national money claims', () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp();
    await seedTestNational(t, 0.01);
  });
  after(() => t.close());

  it('makes 4,000 paid claims with 10,000 expense lines, each paid once', async () => {
    const { rows } = await sql<{
      claims: number;
      expenses: number;
      payments: number;
      paid: number;
    }>`
      select (select count(*)::int from money_claims where status = 'paid') as claims,
        (select count(*)::int from money_claim_lines where category = 'expense') as expenses,
        (select count(*)::int from money_claim_lines where category = 'payment') as payments,
        (select count(*)::int from money_payments) as paid`.execute(t.services.db);
    assert.deepEqual(rows[0], { claims: 4_000, expenses: 10_000, payments: 800, paid: 4_000 });
  });

  it('gives a person’s benefit check the last 12 months of their claims', async () => {
    const { rows } = await sql<{ person_id: string; day: string }>`
      select person_id, max(occurred_on)::text as day from money_claims
      group by person_id order by count(*) desc limit 1`.execute(t.services.db);
    const check = await checkBenefits(t.services.db, {
      personId: rows[0]!.person_id,
      day: rows[0]!.day,
      proposedPence: 3000,
    });
    assert.equal(check.proposedPence, 3000);
  });
});

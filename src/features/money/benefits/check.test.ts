import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { insertTestPerson } from '#features/register';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree } from '#test/support/fixture.ts';
import { insertTestClaim } from '../claims/fixtures.ts';
import { saveTestProfile } from '../choices/fixtures.ts';
import { checkBenefits, daysBefore, paymentsByDayQuery, periodStarts } from './check.ts';

/** The benefit check: involvement payments only, rolling weeks and months, integer pence. */
describe('money benefit check', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'benefitcheck', 'Tester');
  const day = '2038-06-10';

  const person = async (limit?: { pence: number; period: 'week' | 'month' }) => {
    const personId = await insertTestPerson(t.services.db, t.services.config.encryptionKey, {
      organisationId: tree.ids.provider!,
      displayName: 'Nia Checkperson',
    });
    await saveTestProfile(t.services.db, personId, '2038-01-01', limit);
    return personId;
  };
  const claim = (
    personId: string,
    occurredOn: string,
    lines: Parameters<typeof insertTestClaim>[1]['lines'],
    status: 'approved' | 'paid' | 'submitted' = 'approved',
  ) =>
    insertTestClaim(t.services.db, {
      organisationId: tree.ids.provider!,
      personId,
      occurredOn,
      status,
      lines,
    });

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, provider: 'region' });
  });
  after(() => t.close());

  it('counts rolling periods from the day', () => {
    assert.deepEqual(periodStarts('2038-03-03'), {
      week: '2038-02-25',
      month: '2038-02-02',
      year: '2037-04-06',
    });
    assert.equal(daysBefore('2038-01-01', 1), '2037-12-31');
  });

  it('warns when a £30 payment takes someone over their weekly limit, with the totals', async () => {
    const personId = await person({ pence: 5000, period: 'week' });
    await claim(personId, '2038-06-08', [{ kind: 'involvement', amountPence: 2500 }]);
    // outside the week, inside the 30 days
    await claim(personId, '2038-05-20', [{ kind: 'involvement', amountPence: 1000 }], 'paid');
    // not approved yet: not counted
    await claim(personId, '2038-06-09', [{ kind: 'involvement', amountPence: 9000 }], 'submitted');
    const check = await checkBenefits(t.services.db, { personId, day, proposedPence: 3000 });
    assert.deepEqual(check.before, { week: 2500, month: 3500, year: 3500 });
    assert.deepEqual(check.after, { week: 5500, month: 6500, year: 6500 });
    assert.deepEqual(
      check.crossed.map((c) => [c.code, c.amountPence, c.period, c.alreadyOver]),
      [['own', 5000, 'week', false]],
    );
  });

  it('does not count £12.40 of bus fares (expenses are never earnings)', async () => {
    const personId = await person({ pence: 1000, period: 'week' });
    await claim(personId, '2038-06-09', [{ kind: 'bus', amountPence: 1240 }]);
    const check = await checkBenefits(t.services.db, { personId, day, proposedPence: 0 });
    assert.deepEqual(check.before, { week: 0, month: 0, year: 0 });
    assert.deepEqual(check.crossed, []);
    const mixed = await person({ pence: 1000, period: 'week' });
    await claim(mixed, '2038-06-09', [
      { kind: 'bus', amountPence: 1240 },
      { kind: 'involvement', amountPence: 500 },
    ]);
    const after = await checkBenefits(t.services.db, { personId: mixed, day, proposedPence: 400 });
    assert.equal(after.after.week, 900);
    assert.deepEqual(after.crossed, []);
  });

  it("uses the thresholds of the person's benefits and the amount due after their choice", async () => {
    await t.services.db
      .insertInto('money_benefit_thresholds')
      .values({
        tax_year: 2038,
        benefit: 'esa',
        code: 'benefitcheck_esa_week',
        name_en: 'ESA permitted work',
        name_cy: 'ESA gwaith a ganiateir',
        amount_pence: 4000,
        period: 'week',
        percent: null,
        source_note: 'test',
        created_by: null,
        updated_by: null,
      })
      .onConflict((oc) => oc.columns(['tax_year', 'code']).doNothing())
      .execute();
    const personId = await person();
    const earlier = await claim(personId, '2038-06-07', [
      { kind: 'involvement', amountPence: 3000 },
    ]);
    await t.services.db
      .updateTable('money_claims')
      .set({ payment_due_pence: 1000, payment_outcome: 'lower_amount' })
      .where('id', '=', earlier.id)
      .execute();
    const check = await checkBenefits(t.services.db, { personId, day, proposedPence: 3500 });
    assert.equal(check.before.week, 1000);
    assert.deepEqual(
      check.crossed.map((c) => c.code),
      ['benefitcheck_esa_week'],
    );
    const none = await person();
    await t.services.db
      .deleteFrom('money_benefit_profiles')
      .where('person_id', '=', none)
      .execute();
    const noProfile = await checkBenefits(t.services.db, {
      personId: none,
      day,
      proposedPence: 9000,
    });
    assert.equal(noProfile.hasProfile, false);
    assert.deepEqual(noProfile.crossed, []);
  });

  it("reads the person's claims through their index", async () => {
    const personId = await person();
    const compiled = paymentsByDayQuery(t.services.db, personId, day).compile();
    const plan = await t.services.db.connection().execute(async (db) => {
      await sql`set enable_seqscan = off`.execute(db);
      const explained = await sql<{ 'QUERY PLAN': string }>`explain ${sql.raw(
        compiled.sql.replace(
          /\$(\d+)/g,
          (_m, n: string) => `'${String(compiled.parameters[Number(n) - 1])}'`,
        ),
      )}`.execute(db);
      await sql`reset enable_seqscan`.execute(db);
      return explained;
    });
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    assert.ok(text.includes('money_claims_person_idx'), text);
  });
});

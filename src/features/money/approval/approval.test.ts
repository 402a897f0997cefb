import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertTestPerson } from '#features/register';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { auditAbout, organisationTree } from '#test/support/fixture.ts';
import { visibleText } from '#test/support/html.ts';
import { insertTestClaim, insertTestInvolvement, type TestClaimLine } from '../claims/fixtures.ts';
import { saveChoice } from '../choices/repository.ts';
import { saveTestProfile } from '../choices/fixtures.ts';
import { defaultScheme, saveScheme } from '../credits/repository.ts';
import { claimsWaiting } from './attention.ts';
import { askAttention } from '#platform/modules/attention.ts';

/** Approving or returning claims, with the benefit check, through the pages to the database. */
describe('money approval', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'approval', 'Tester');
  const org = tree.ids;

  const person = async (organisationId = org.provider!, weeklyLimit?: number) => {
    const personId = await insertTestPerson(t.services.db, t.services.config.encryptionKey, {
      organisationId,
      displayName: 'Nia Approvalperson',
    });
    if (weeklyLimit !== undefined)
      await saveTestProfile(t.services.db, personId, '2026-01-01', {
        pence: weeklyLimit,
        period: 'week',
      });
    return personId;
  };
  const claim = (
    personId: string,
    lines: TestClaimLine[] = [{ kind: 'involvement', amountPence: 3000 }],
    status: 'submitted' | 'approved' | 'paid' | 'draft' = 'submitted',
    occurredOn = '2026-06-10',
  ) =>
    insertTestClaim(t.services.db, {
      organisationId: org.provider!,
      personId,
      occurredOn,
      status,
      lines,
    });
  const stored = (id: string) =>
    t.services.db
      .selectFrom('money_claims')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, provider: 'region', otherRegion: null });
  });
  after(() => t.close());

  it('warns that £30 takes someone over their weekly limit, in English, and approves it', async () => {
    const personId = await person(org.provider, 5000);
    await claim(personId, [{ kind: 'involvement', amountPence: 2500 }], 'approved', '2026-06-08');
    const { id } = await claim(personId);
    const { agent } = await tree.signedIn('involvement_lead', 'provider');
    const page = await agent.get(`/money/claims/${id}/approve`);
    assert.equal(page.statusCode, 200);
    const text = visibleText(page.body);
    assert.ok(text.includes('The 7 days to this day £25.00 £55.00'), text);
    assert.ok(text.includes('This payment would take them over Their own limit (£50.00 a week).'));
    assert.ok(text.includes('Citizens Advice or Advicelink Cymru'));
    assert.deepEqual(
      (await auditAbout(t.services.db, personId, 'person.viewed')).map(
        (a) => (a.details as { section: string }).section,
      ),
      ['claim'],
    );
    const done = await agent.post(`/money/claims/${id}/approve`, {
      version: '1',
      outcome: 'paid',
    });
    assert.equal(done.statusCode, 303);
    const row = await stored(id);
    assert.equal(row.status, 'approved');
    assert.equal(row.payment_outcome, 'paid');
    assert.equal(row.payment_due_pence, 3000);
    assert.ok(row.approved_by && row.approved_at);
    const warning = row.benefit_warning as { after: { week: number }; crossed: { code: string }[] };
    assert.equal(warning.after.week, 5500);
    assert.ok(warning.crossed.some((c) => c.code === 'own'));
    const [approved] = await auditAbout(t.services.db, personId, 'money.claim_approved');
    assert.ok((approved!.details as { limitsCrossed: string[] }).limitsCrossed.includes('own'));
  });

  it('shows the same figures in Welsh, and no warning for bus fares', async () => {
    const personId = await person(org.provider, 5000);
    await claim(personId, [{ kind: 'involvement', amountPence: 2500 }], 'paid', '2026-06-08');
    const { id } = await claim(personId);
    const { agent } = await tree.signedIn('involvement_lead', 'provider', 'cy');
    const text = visibleText((await agent.get(`/money/claims/${id}/approve`)).body);
    assert.ok(text.includes('Y 7 diwrnod hyd at y diwrnod hwn £25.00 £55.00'), text);
    assert.ok(text.includes('Byddai’r taliad hwn yn mynd â nhw dros Eu terfyn eu hunain'));
    assert.ok(text.includes('Cyngor ar Bopeth'));
    const bus = await claim(personId, [{ kind: 'bus', amountPence: 1240 }]);
    const busText = visibleText((await agent.get(`/money/claims/${bus.id}/approve`)).body);
    assert.ok(!busText.includes('Budd-daliadau: beth fyddai'));
  });

  it('records a decline, a lower amount (refusing bad ones) and a charity', async () => {
    const personId = await person();
    await saveChoice(
      t.services.db,
      personId,
      { method: 'decline', charityName: null, lowerAmountPence: null, lowerSharePercent: null },
      null,
    );
    const { agent } = await tree.signedIn('involvement_lead', 'provider');
    const declined = await claim(personId, [
      { kind: 'bus', amountPence: 1240 },
      { kind: 'involvement', amountPence: 3000 },
    ]);
    const page = await agent.get(`/money/claims/${declined.id}/approve`);
    assert.ok(/value="declined" checked/.test(page.body), 'defaults to their choice');
    await agent.post(`/money/claims/${declined.id}/approve`, { version: '1', outcome: 'declined' });
    const row = await stored(declined.id);
    assert.equal(row.payment_outcome, 'declined');
    assert.equal(row.payment_due_pence, 0);

    const less = await claim(personId);
    await agent.get(`/money/claims/${less.id}/approve`);
    for (const lowerAmount of ['-3', '999999999', '30.00', 'lots', '']) {
      const refused = await agent.post(`/money/claims/${less.id}/approve`, {
        version: '1',
        outcome: 'lower_amount',
        lowerAmount,
      });
      assert.equal(refused.statusCode, 400, lowerAmount);
      assert.ok(visibleText(refused.body).includes('Enter an amount in pounds less than'));
    }
    await agent.post(`/money/claims/${less.id}/approve`, {
      version: '1',
      outcome: 'lower_amount',
      lowerAmount: '10.50',
    });
    assert.equal((await stored(less.id)).payment_due_pence, 1050);

    const charity = await claim(personId);
    await agent.get(`/money/claims/${charity.id}/approve`);
    const noName = await agent.post(`/money/claims/${charity.id}/approve`, {
      version: '1',
      outcome: 'charity',
    });
    assert.equal(noName.statusCode, 400);
    await agent.post(`/money/claims/${charity.id}/approve`, {
      version: '1',
      outcome: 'charity',
      charityName: 'Cwm Food Bank',
    });
    const given = await stored(charity.id);
    assert.equal(given.charity_name, 'Cwm Food Bank');
    assert.equal(given.payment_due_pence, 3000);
  });

  it('awards time credits instead when the claim has an involvement record and a scheme', async () => {
    const personId = await person();
    const { agent, accountId } = await tree.signedIn('involvement_lead', 'provider');
    const without = await claim(personId);
    await agent.get(`/money/claims/${without.id}/approve`);
    const refused = await agent.post(`/money/claims/${without.id}/approve`, {
      version: '1',
      outcome: 'time_credits',
    });
    assert.equal(refused.statusCode, 400);
    assert.ok(visibleText(refused.body).includes('cannot be turned into time credits'));

    await saveScheme(t.services.db, org.provider!, defaultScheme, accountId);
    const recordId = await insertTestInvolvement(t.services.db, {
      organisationId: org.provider!,
      personId,
      tookPartOn: '2026-06-10',
    });
    const withRecord = await claim(personId);
    await t.services.db
      .updateTable('money_claims')
      .set({ involvement_record_id: recordId })
      .where('id', '=', withRecord.id)
      .execute();
    await agent.get(`/money/claims/${withRecord.id}/approve`);
    const done = await agent.post(`/money/claims/${withRecord.id}/approve`, {
      version: '1',
      outcome: 'time_credits',
    });
    assert.equal(done.statusCode, 303);
    assert.equal((await stored(withRecord.id)).payment_due_pence, 0);
    const earned = await t.services.db
      .selectFrom('credit_entries')
      .select('amount')
      .where('involvement_record_id', '=', recordId)
      .executeTakeFirstOrThrow();
    assert.equal(earned.amount, 200);
  });

  it('returns a claim with a reason, and refuses one without', async () => {
    const personId = await person();
    const { id } = await claim(personId);
    const { agent } = await tree.signedIn('involvement_lead', 'provider');
    await agent.get(`/money/claims/${id}/approve`);
    const none = await agent.post(`/money/claims/${id}/return`, { version: '1', reason: ' ' });
    assert.equal(none.statusCode, 400);
    assert.ok(visibleText(none.body).includes('Enter the reason for returning the claim'));
    const done = await agent.post(`/money/claims/${id}/return`, {
      version: '1',
      reason: 'Please add the bus ticket.',
    });
    assert.equal(done.statusCode, 303);
    const row = await stored(id);
    assert.equal(row.status, 'returned');
    assert.equal(row.returned_reason, 'Please add the bus ticket.');
    const [returned] = await auditAbout(t.services.db, personId, 'money.claim_returned');
    assert.equal((returned!.details as { reason: string }).reason, 'Please add the bus ticket.');
  });

  it('approves a claim once when two staff approve it at the same moment', async () => {
    const personId = await person();
    const { id } = await claim(personId);
    const first = (await tree.signedIn('involvement_lead', 'provider')).agent;
    const second = (await tree.signedIn('organisation_admin', 'provider')).agent;
    await first.get(`/money/claims/${id}/approve`);
    await second.get(`/money/claims/${id}/approve`);
    const answers = await Promise.all(
      [first, second].map((agent) =>
        agent.post(`/money/claims/${id}/approve`, { version: '1', outcome: 'paid' }),
      ),
    );
    assert.deepEqual(answers.map((a) => a.statusCode).sort(), [303, 409]);
    const conflict = answers.find((a) => a.statusCode === 409)!;
    assert.ok(visibleText(conflict.body).includes('Someone else has just changed this claim'));
    assert.equal((await auditAbout(t.services.db, personId, 'money.claim_approved')).length, 1);
    assert.equal((await stored(id)).version, 2);
  });

  it('refuses to approve a draft or paid claim, and hides other organisations’ claims', async () => {
    const personId = await person();
    const { agent } = await tree.signedIn('involvement_lead', 'provider');
    for (const status of ['draft', 'paid'] as const) {
      const { id } = await claim(personId, undefined, status);
      const page = await agent.get(`/money/claims/${id}/approve`);
      assert.ok(visibleText(page.body).includes('not waiting for approval'));
      const refused = await agent.post(`/money/claims/${id}/approve`, {
        version: '1',
        outcome: 'paid',
      });
      assert.equal(refused.statusCode, 409);
      assert.equal((await stored(id)).status, status);
    }
    const elsewhere = (await tree.signedIn('involvement_lead', 'otherRegion')).agent;
    const { id } = await claim(personId);
    assert.equal((await elsewhere.get(`/money/claims/${id}/approve`)).statusCode, 404);
    const staff = (await tree.signedIn('staff', 'provider')).agent;
    assert.equal((await staff.get(`/money/claims/${id}/approve`)).statusCode, 403);
  });

  it('lists claims waiting, oldest first, and counts them as needing attention', async () => {
    const personId = await person();
    const { id } = await claim(personId);
    const { agent, actor } = await tree.signedIn('involvement_lead', 'provider');
    const page = await agent.get('/money/approvals');
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(`/money/claims/${id}/approve`));
    const [item] = await askAttention(t.services, claimsWaiting, actor);
    assert.equal(item!.text, 'approval:attention.waiting');
    assert.ok(item!.count >= 1);
    const other = await tree.signedIn('involvement_lead', 'otherRegion');
    assert.deepEqual(await askAttention(t.services, claimsWaiting, other.actor), []);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { auditAbout, organisationTree } from '#test/support/fixture.ts';
import { insertTestPerson } from '#features/register';
import { claimTotals } from './repository.ts';
import { insertTestClaim } from './fixtures.ts';

/** Expense claims for staff: the list in scope, filters, a claim's page, audited, others 404. */
describe('money claims (staff pages)', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'claims', 'Tester');
  const org = tree.ids;
  let megan: string;
  let submitted: { id: string; number: number };
  let returned: { id: string; number: number };

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, housing: 'region', elsewhere: null });
    megan = await insertTestPerson(t.services.db, t.services.config.encryptionKey, {
      organisationId: org.housing!,
      displayName: 'Megan Claimtest',
    });
    submitted = await insertTestClaim(t.services.db, {
      organisationId: org.housing!,
      personId: megan,
      occurredOn: '2026-03-02',
      lines: [
        { kind: 'bus', amountPence: 1240 },
        { kind: 'involvement', amountPence: 2500 },
      ],
    });
    returned = await insertTestClaim(t.services.db, {
      organisationId: org.housing!,
      personId: megan,
      occurredOn: '2026-03-09',
      status: 'returned',
    });
  });
  after(() => t.close());

  it('lists the claims in scope with numbers, totals and names, filtered by status', async () => {
    const staff = (await tree.signedIn('staff', 'region')).agent;
    const list = await staff.get('/money/claims');
    assert.equal(list.statusCode, 200);
    const number = `C-${String(submitted.number).padStart(6, '0')}`;
    assert.match(list.body, new RegExp(number));
    assert.match(list.body, /Megan Claimtest/);
    assert.match(list.body, /£37\.40/);
    const onlyReturned = await staff.get('/money/claims?status=returned');
    assert.doesNotMatch(onlyReturned.body, new RegExp(number));
    assert.match(onlyReturned.body, new RegExp(`C-${String(returned.number).padStart(6, '0')}`));
    const bad = await staff.get('/money/claims?status=nonsense&page=-4');
    assert.equal(bad.statusCode, 200);
  });

  it("shows a claim's lines, totals and the reason it was sent back, and audits the look", async () => {
    const staff = (await tree.signedIn('staff', 'housing')).agent;
    const page = await staff.get(`/money/claims/${submitted.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Involvement payment/);
    assert.match(page.body, /£12\.40/);
    assert.match(page.body, /£25\.00/);
    const audits = await auditAbout(t.services.db, megan, 'money.claim_viewed');
    assert.ok(audits.length >= 1);
    const back = await staff.get(`/money/claims/${returned.id}`);
    assert.match(back.body, /Please add the bus ticket\./);
    const welsh = (await tree.signedIn('staff', 'housing', 'cy')).agent;
    const cy = await welsh.get(`/money/claims/${submitted.id}`);
    assert.match(cy.body, /Taliad cyfranogiad/);
  });

  it("keeps other organisations' claims out of sight (404) and out of the list", async () => {
    const other = (await tree.signedIn('staff', 'elsewhere')).agent;
    assert.equal((await other.get(`/money/claims/${submitted.id}`)).statusCode, 404);
    const list = await other.get('/money/claims');
    assert.doesNotMatch(list.body, /Megan Claimtest/);
    assert.equal(
      (await other.get('/money/claims/00000000-0000-4000-8000-000000000000')).statusCode,
      404,
    );
  });

  it('adds up claims, expenses apart from payments', async () => {
    const [totals] = await claimTotals(t.services.db, [submitted.id]);
    assert.deepEqual(totals, {
      claimId: submitted.id,
      totalPence: 3740,
      expensesPence: 1240,
      paymentsPence: 2500,
    });
  });
});

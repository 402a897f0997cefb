import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertTestPerson } from '#features/register';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { auditAbout, organisationTree } from '#test/support/fixture.ts';
import { visibleText } from '#test/support/html.ts';
import { advancesToSettle } from './advances.ts';
import { insertTestClaim } from './fixtures.ts';
import { askAttention } from '#platform/modules/attention.ts';

/** Advances paid before the day, settled after it: what was spent, and the difference. */
describe('money advances', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'advances', 'Tester');
  const org = tree.ids;
  const db = () => t.services.db;
  let person = '';

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, hub: 'region', otherRegion: null });
    person = await insertTestPerson(db(), t.services.config.encryptionKey, {
      organisationId: org.hub!,
    });
  });
  after(() => t.close());

  const advance = (occurredOn = '2026-03-02') =>
    insertTestClaim(db(), {
      organisationId: org.hub!,
      personId: person,
      occurredOn,
      status: 'paid',
      isAdvance: true,
      lines: [{ kind: 'bus', amountPence: 460 }],
    });

  it('settles an advance once, showing what is still owed, and counts those waiting', async () => {
    const claim = await advance();
    const { agent, actor } = await tree.signedIn('staff', 'hub');
    const [waiting] = await askAttention(t.services, advancesToSettle, actor);
    assert.equal(waiting!.count, 1);
    assert.ok(
      (await agent.get(`/money/claims/${claim.id}`)).body.includes(
        `/money/claims/${claim.id}/advance`,
      ),
    );
    const page = await agent.get(`/money/claims/${claim.id}/advance`);
    assert.equal(page.statusCode, 200);
    const bad = await agent.post(`/money/claims/${claim.id}/advance`, {
      spent: '-1',
      version: '1',
    });
    assert.equal(bad.statusCode, 400);
    assert.ok(visibleText(bad.body).includes('Enter what was spent'));
    const settled = await agent.post(`/money/claims/${claim.id}/advance`, {
      spent: '6.20',
      version: '1',
    });
    assert.equal(settled.statusCode, 303);
    const shown = visibleText((await agent.follow(settled)).body);
    assert.ok(shown.includes('£1.60 still owed to the person'), shown);
    const [audited] = await auditAbout(db(), person, 'money.advance_settled');
    assert.deepEqual(audited!.details, {
      claimId: claim.id,
      spentPence: 620,
      advancedPence: 460,
      differencePence: 160,
    });
    await agent.get(`/money/claims/${claim.id}/advance`);
    const again = await agent.post(`/money/claims/${claim.id}/advance`, {
      spent: '4.00',
      version: '2',
    });
    assert.equal(again.statusCode, 409, 'settled once');
    assert.deepEqual(await askAttention(t.services, advancesToSettle, actor), []);
  });

  it('does not settle before the day, nor for other organisations', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const future = await advance(tomorrow);
    const { agent } = await tree.signedIn('staff', 'hub');
    await agent.get(`/money/claims/${future.id}/advance`);
    const early = await agent.post(`/money/claims/${future.id}/advance`, {
      spent: '4.60',
      version: '1',
    });
    assert.equal(early.statusCode, 409);
    const other = await tree.signedIn('staff', 'otherRegion');
    assert.equal((await other.agent.get(`/money/claims/${future.id}/advance`)).statusCode, 404);
  });
});

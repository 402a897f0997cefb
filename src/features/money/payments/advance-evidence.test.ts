import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertTestPerson } from '#features/register';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree } from '#test/support/fixture.ts';
import { insertPaidClaim } from '../claims/fixtures.ts';
import { paidInAdvance, paidOnTheDay } from './insight.ts';

/** Evidence "expenses offered in advance" (WF 3.3) beside "paid on the day or before it". */
describe('money evidence: paid in advance', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'advanceevidence', 'Tester');
  const org = tree.ids;
  const scope = (organisationId: string) => ({
    organisationId,
    from: new Date('2026-03-01T00:00:00Z'),
    to: new Date('2026-04-01T00:00:00Z'),
  });

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, hub: 'region', otherRegion: null });
    const person = await insertTestPerson(t.services.db, t.services.config.encryptionKey, {
      organisationId: org.hub!,
    });
    // a bus ticket bought two days before, one paid on the day, one sought five days later
    for (const [occurredOn, paidOn] of [
      ['2026-03-12', '2026-03-10'],
      ['2026-03-12', '2026-03-12'],
      ['2026-03-12', '2026-03-17'],
    ] as const)
      await insertPaidClaim(t.services.db, {
        organisationId: org.hub!,
        personId: person,
        occurredOn,
        paidOn,
      });
  });
  after(() => t.close());

  it('counts the claims paid before the day, with the claim behind it', async () => {
    const advance = await paidInAdvance.answer(t.services, scope(org.region!));
    assert.deepEqual([advance.met, advance.of], [1, 3]);
    assert.match(advance.records[0]!.label, /^C-\d{6}, 10 March 2026$/);
    const onTheDay = await paidOnTheDay.answer(t.services, scope(org.region!));
    assert.deepEqual([onTheDay.met, onTheDay.of], [2, 3]);
    const elsewhere = await paidInAdvance.answer(t.services, scope(org.otherRegion!));
    assert.deepEqual([elsewhere.met, elsewhere.of], [0, 0]);
  });
});

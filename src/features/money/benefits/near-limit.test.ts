import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertTestPerson } from '#features/register';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree } from '#test/support/fixture.ts';
import { insertTestClaim, type TestClaimLine } from '../claims/fixtures.ts';
import type { Benefit } from '../thresholds/tables.ts';
import { checkBenefits } from './check.ts';
import { peopleNearALimit } from './near-limit.ts';
import { askAttention } from '#platform/modules/attention.ts';

/** "People near a limit" counts exactly the waiting claims the benefit check would warn about. */
describe('money attention: people near a benefit limit', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'nearlimit', 'Tester');
  const org = tree.ids;
  const db = () => t.services.db;
  // a day in the 2026 to 2027 tax year, whose thresholds are seeded (ESA lower limit £20 a week)
  const day = '2026-05-10';
  const submitted: { id: string; personId: string; proposed: number }[] = [];

  const person = async (
    profile: { benefits: Benefit[]; limitPence?: number; limitPeriod?: 'week' | 'month' } | null,
  ) => {
    const id = await insertTestPerson(db(), t.services.config.encryptionKey, {
      organisationId: org.hub!,
    });
    if (profile)
      await db()
        .insertInto('money_benefit_profiles')
        .values({
          person_id: id,
          benefits: profile.benefits,
          limit_pence: profile.limitPence ?? null,
          limit_period: profile.limitPeriod ?? null,
          consent_on: '2026-04-01',
          consent_how: 'in_person',
        })
        .execute();
    return id;
  };
  const claim = async (
    personId: string,
    occurredOn: string,
    status: 'approved' | 'paid' | 'submitted',
    lines: TestClaimLine[],
  ) => {
    const made = await insertTestClaim(db(), {
      organisationId: org.hub!,
      personId,
      occurredOn,
      status,
      lines,
    });
    if (status === 'submitted')
      submitted.push({
        id: made.id,
        personId,
        proposed: lines
          .filter((l) => l.kind === 'involvement')
          .reduce((s, l) => s + l.amountPence, 0),
      });
  };

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, hub: 'region', otherRegion: null });
    // Alun: £150 a week of his own; £125 approved this week, £30 more waiting: over
    const alun = await person({ benefits: [], limitPence: 15000, limitPeriod: 'week' });
    await claim(alun, '2026-05-07', 'paid', [{ kind: 'involvement', amountPence: 12500 }]);
    await claim(alun, day, 'submitted', [{ kind: 'involvement', amountPence: 3000 }]);
    // Betsan: the same limit, £12.40 of bus fares waiting: expenses never count
    const betsan = await person({ benefits: [], limitPence: 15000, limitPeriod: 'week' });
    await claim(betsan, '2026-05-08', 'approved', [{ kind: 'involvement', amountPence: 14000 }]);
    await claim(betsan, day, 'submitted', [{ kind: 'bus', amountPence: 1240 }]);
    // Ceri: £140 eleven days ago (another week), £30 waiting: under
    const ceri = await person({ benefits: [], limitPence: 15000, limitPeriod: 'week' });
    await claim(ceri, '2026-04-29', 'paid', [{ kind: 'involvement', amountPence: 14000 }]);
    await claim(ceri, day, 'submitted', [{ kind: 'involvement', amountPence: 3000 }]);
    // Dewi: receives ESA, £25 waiting: over the £20 permitted work lower limit
    const dewi = await person({ benefits: ['esa'] });
    await claim(dewi, day, 'submitted', [{ kind: 'involvement', amountPence: 2500 }]);
    // Elin: told us nothing about benefits: never counted
    const elin = await person(null);
    await claim(elin, day, 'submitted', [{ kind: 'involvement', amountPence: 50000 }]);
  });
  after(() => t.close());

  it('counts the claims that would cross a limit, as the benefit check does', async () => {
    const { actor } = await tree.signedIn('involvement_lead', 'region');
    const items = await askAttention(t.services, peopleNearALimit, actor);
    assert.deepEqual(
      items.map((i) => [i.text, i.count, i.href]),
      [['approval:attention.nearLimit', 2, '/money/approvals']],
    );
    // the same answer, claim by claim, from the benefit check the approval page shows
    const warned = [];
    for (const c of submitted) {
      const check = await checkBenefits(db(), {
        personId: c.personId,
        day,
        proposedPence: c.proposed,
        excludeClaimId: c.id,
      });
      if (check.crossed.length) warned.push(c.id);
    }
    assert.equal(warned.length, 2);
  });

  it('shows nothing where the reader does not approve claims', async () => {
    const elsewhere = await tree.signedIn('involvement_lead', 'otherRegion');
    assert.deepEqual(await askAttention(t.services, peopleNearALimit, elsewhere.actor), []);
    const staff = await tree.signedIn('staff', 'hub');
    assert.deepEqual(await askAttention(t.services, peopleNearALimit, staff.actor), []);
  });
});

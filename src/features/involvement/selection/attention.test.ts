import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertTestPerson } from '#features/register';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import {
  insertTestOrganisation,
  signedInStaff,
  type TestOrganisation,
} from '#test/support/fixture.ts';
import { waitingForDecision } from './attention.ts';
import { insertOpenOpportunity } from './authz.ts';
import { askAttention } from '#platform/modules/attention.ts';

/** "Needs your attention": opportunities with people waiting for a decision, in the actor's scope. */
describe('selection: needs your attention', () => {
  let t: TestApp;
  let region: TestOrganisation;
  let providerA: TestOrganisation;
  let providerB: TestOrganisation;
  let accounts = 0;

  const staff = async (role: 'involvement_lead' | 'staff', at: TestOrganisation) => {
    accounts += 1;
    const { actor } = await signedInStaff(t, role, at.id, {
      email: `attention-${accounts}@test.example`,
      name: `Attention ${accounts}`,
    });
    return actor;
  };

  /** An opportunity at the organisation with people whose interest has the statuses given. */
  async function opportunityWith(
    at: TestOrganisation,
    statuses: ('interested' | 'selected')[],
    status = 'open',
  ) {
    const id = await insertOpenOpportunity(t.services, at.id, { status });
    for (const interest of statuses) {
      const personId = await insertTestPerson(t.services.db, t.config.encryptionKey, {
        organisationId: at.id,
        displayName: `Applicant ${interest}`,
      });
      await t.services.db
        .insertInto('expressions_of_interest')
        .values({ opportunity_id: id, person_id: personId, method: 'staff', status: interest })
        .execute();
    }
    return id;
  }

  before(async () => {
    t = await startTestApp();
    region = await insertTestOrganisation(t.services.db, { nameEn: 'Region', kind: 'region' });
    providerA = await insertTestOrganisation(t.services.db, {
      nameEn: 'Provider A',
      kind: 'provider',
      parent: region,
    });
    providerB = await insertTestOrganisation(t.services.db, {
      nameEn: 'Provider B',
      kind: 'provider',
      parent: region,
    });
  });
  after(() => t.close());

  it('counts opportunities in scope with someone waiting, and links to them', async () => {
    const leadA = await staff('involvement_lead', providerA);
    assert.deepEqual(await askAttention(t.services, waitingForDecision, leadA), []);

    const waiting = await opportunityWith(providerA, ['interested', 'selected']);
    await opportunityWith(providerA, ['selected']); // everyone decided
    await opportunityWith(providerA, ['interested'], 'completed'); // no longer taking people
    await opportunityWith(providerB, ['interested']); // out of scope for provider A
    assert.deepEqual(await askAttention(t.services, waitingForDecision, leadA), [
      {
        text: 'selection:attention.waiting',
        count: 1,
        href: `/opportunities/${waiting}/selection`,
      },
    ]);

    const regionLead = await staff('involvement_lead', region);
    assert.deepEqual(await askAttention(t.services, waitingForDecision, regionLead), [
      { text: 'selection:attention.waiting', count: 2, href: '/opportunities' },
    ]);
  });

  it('shows nothing to staff who may not choose people', async () => {
    const worker = await staff('staff', providerA);
    assert.deepEqual(await askAttention(t.services, waitingForDecision, worker), []);
  });

  it('has its text in both languages, with the count', () => {
    const text = (lang: 'en' | 'cy', count: number) =>
      t.services.i18n.t(lang)('selection:attention.waiting', { count });
    assert.equal(text('en', 1), '1 opportunity has people waiting for a decision');
    assert.equal(text('en', 3), '3 opportunities have people waiting for a decision');
    assert.match(text('cy', 3), /^Mae gan 3 chyfle/);
  });
});

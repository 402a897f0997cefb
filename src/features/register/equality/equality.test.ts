import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { auditAbout, organisationTree } from '#test/support/fixture.ts';
import { insertTestPerson } from '../people/fixtures.ts';

/** Equality monitoring through its routes: consent, permission, scope, audit, Welsh. */
describe('equality monitoring', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'equality', 'Tester');
  const { ids: org, signedIn } = tree;
  const organisation = (key: string, kind: 'region' | 'provider', parent?: string) =>
    tree.add(key, parent, { kind });

  before(async () => {
    t = await startTestApp();
    await organisation('region', 'region');
    await organisation('providerA', 'provider', 'region');
    await organisation('providerB', 'provider', 'region');
  });
  after(() => t.close());

  const key = () => t.config.encryptionKey;
  /** The person's equality answers, as stored (the caller executes the query). */
  const answersOf = (personId: string) =>
    t.services.db.selectFrom('equality_monitoring').selectAll().where('person_id', '=', personId);

  it('offers nothing to record without a live equality consent', async () => {
    const id = await insertTestPerson(t.services.db, key(), {
      organisationId: org.providerA!,
      consents: ['register'],
    });
    const { agent } = await signedIn('involvement_lead', 'providerA');
    const page = await agent.get(`/people/${id}/equality`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /has not agreed to equality monitoring/);
    assert.doesNotMatch(page.body, /name="sex"/);
    // a crafted POST stores nothing
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const post = await agent.post(`/people/${id}/equality`, { _csrf: token, sex: 'female' });
    assert.equal(post.statusCode, 303);
    const rows = await answersOf(id).execute();
    assert.equal(rows.length, 0);
  });

  it('records answers with consent, audits the questions (not the answers), shows them again', async () => {
    const id = await insertTestPerson(t.services.db, key(), {
      organisationId: org.providerA!,
      consents: ['register', 'equality'],
    });
    const { agent, accountId } = await signedIn('organisation_admin', 'providerA');
    const page = await agent.get(`/people/${id}/equality`);
    assert.equal(page.statusCode, 200);
    for (const name of [
      'age_band',
      'disability',
      'gender_reassignment',
      'marriage_civil_partnership',
      'pregnancy_maternity',
      'ethnicity',
      'religion_belief',
      'sex',
      'sexual_orientation',
      'welsh_speaker',
      'criminal_justice',
      'housing',
    ])
      assert.match(
        page.body,
        new RegExp(`name="${name}" type="radio" value="prefer_not_to_say"`),
        name,
      );
    // a tampered answer comes back with the error summary, filled in
    const bad = await agent.post(`/people/${id}/equality`, { sex: 'unicorn', housing: 'owner' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /govuk-error-summary/);
    assert.match(bad.body, /value="owner" checked/);
    const saved = await agent.post(`/people/${id}/equality`, {
      sex: 'prefer_not_to_say',
      ethnicity: 'white_gypsy_irish_traveller',
      welsh_speaker: 'fluent',
    });
    assert.equal(saved.statusCode, 303);
    const row = await answersOf(id).executeTakeFirstOrThrow();
    assert.equal(row.sex, 'prefer_not_to_say');
    assert.equal(row.ethnicity, 'white_gypsy_irish_traveller');
    assert.equal(row.housing, null);
    const again = await agent.follow(saved);
    assert.match(again.body, /Equality monitoring answers saved/);
    assert.match(again.body, /value="white_gypsy_irish_traveller" checked/);
    const audit = await auditAbout(t.services.db, id);
    const recorded = audit.find((a) => a.action === 'equality.recorded')!;
    assert.equal(recorded.actor_account_id, accountId);
    assert.deepEqual(recorded.details, { fields: ['ethnicity', 'sex', 'welsh_speaker'] });
    assert.doesNotMatch(JSON.stringify(audit.map((a) => a.details)), /gypsy|fluent/);
    assert.ok(audit.some((a) => a.action === 'equality.viewed'));

    // withdrawing the equality consent deletes the answers, not just hides them
    const withdraw = await agent.get(`/people/${id}/consent/equality/withdraw`);
    assert.equal(withdraw.statusCode, 200);
    const withdrawn = await agent.post(`/people/${id}/consent/equality/withdraw`, {
      method: 'phone',
    });
    assert.equal(withdrawn.statusCode, 303);
    const left = await answersOf(id).execute();
    assert.equal(left.length, 0);
    const [entry] = await auditAbout(t.services.db, id, 'person.consent_withdrawn');
    assert.deepEqual(entry?.details, {
      purpose: 'equality',
      method: 'phone',
      equalityAnswersDeleted: true,
    });
  });

  it('is in Welsh for Welsh speakers', async () => {
    const id = await insertTestPerson(t.services.db, key(), {
      organisationId: org.providerA!,
      consents: ['register', 'equality'],
    });
    const { agent } = await signedIn('involvement_lead', 'providerA', 'cy');
    const page = await agent.get(`/people/${id}/equality`);
    assert.match(page.body, /Monitro cydraddoldeb/);
    assert.match(page.body, /Gwell gennyf beidio â dweud/);
    assert.match(page.body, /Asiaidd, Asiaidd Cymreig neu Asiaidd Prydeinig/);
  });

  it('refuses staff without equality.record (403) and hides other providers’ people (404)', async () => {
    const id = await insertTestPerson(t.services.db, key(), {
      organisationId: org.providerA!,
      consents: ['register', 'equality'],
    });
    const staff = await signedIn('staff', 'providerA');
    assert.equal((await staff.agent.get(`/people/${id}/equality`)).statusCode, 403);
    const other = await signedIn('involvement_lead', 'providerB');
    assert.equal((await other.agent.get(`/people/${id}/equality`)).statusCode, 404);
    const viewer = await signedIn('viewer', 'region');
    assert.equal((await viewer.agent.get(`/people/${id}/equality`)).statusCode, 404);
    assert.equal((await other.agent.get(`/people/not-a-uuid/equality`)).statusCode, 404);
  });
});

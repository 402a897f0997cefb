import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { insertTestOrganisation } from '#test/support/fixture.ts';
import { insertTestPerson } from './fixtures.ts';
import { hasContactConsent, suitableFor, type Suitability } from './suitability.ts';

/** The register's rules for who an invitation suits, as other capabilities use them. */
describe('suitable people (register API)', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  let provider: string;
  let elsewhere: string;

  before(async () => {
    t = await startTestApp();
    const { db } = t.services;
    const region = await insertTestOrganisation(db, { nameEn: 'Suits region', kind: 'region' });
    const area = await insertTestOrganisation(db, {
      nameEn: 'Suits area',
      kind: 'area',
      parent: region,
    });
    provider = (
      await insertTestOrganisation(db, { nameEn: 'Suits provider', kind: 'provider', parent: area })
    ).id;
    elsewhere = (
      await insertTestOrganisation(db, { nameEn: 'Elsewhere', kind: 'provider', parent: region })
    ).id;
    const key = t.config.encryptionKey;
    const add = async (
      name: string,
      organisationId: string,
      fields: object = {},
      consents?: ('register' | 'contact')[],
    ) => {
      ids[name] = await insertTestPerson(db, key, {
        organisationId,
        displayName: name,
        fields: { willing_activities: ['interview_panels'], ...fields },
        ...(consents ? { consents } : {}),
      });
    };
    await add('ready', provider);
    await add('carer', provider, { kind: 'carer' });
    await add('paused', provider, { status: 'paused' });
    await add('erased', provider, { erased_at: new Date() });
    await add('elsewhere', elsewhere);
    await add('unwilling', provider, { willing_activities: [] });
    await add('welsh', provider, { speaks_welsh: true });
    await add('noConsent', provider, {}, ['register']);
    await add('busyMornings', provider);
    await add('awayThatDay', provider);
    await db
      .insertInto('person_unavailable_times')
      .values({ person_id: ids.busyMornings!, weekday: 2, starts_at: '09:00', ends_at: '12:00' })
      .execute();
    await db
      .insertInto('person_unavailable_dates')
      .values({ person_id: ids.awayThatDay!, date: '2027-03-02' })
      .execute();
  });
  after(() => t.close());

  const suited = async (criteria: Suitability) => {
    const rows = await sql<{ display_name: string; consented: boolean }>`
      select p.display_name, ${hasContactConsent()} as consented from people p
      where ${suitableFor(criteria)} order by p.display_name`.execute(t.services.db);
    return rows.rows.filter((r) => r.display_name in ids);
  };

  it('takes active, not erased people connected to the organisation or below it', async () => {
    const names = (await suited({ organisationId: provider })).map((r) => r.display_name);
    assert.deepEqual(names.sort(), [
      'awayThatDay',
      'busyMornings',
      'carer',
      'noConsent',
      'ready',
      'unwilling',
      'welsh',
    ]);
  });

  it('narrows by kind, willingness and Welsh, and reports contact consent apart', async () => {
    const panel = await suited({
      organisationId: provider,
      kinds: ['service_user'],
      activity: 'interview_panels',
      welsh: true,
    });
    assert.deepEqual(
      panel.map((r) => r.display_name),
      ['welsh'],
    );
    const all = await suited({ organisationId: provider, activity: 'interview_panels' });
    assert.equal(all.find((r) => r.display_name === 'noConsent')?.consented, false);
    assert.equal(all.find((r) => r.display_name === 'ready')?.consented, true);
  });

  it('leaves out people unavailable at the time or on the date', async () => {
    // Tuesday 2 March 2027, 10:00 to 11:00
    const at = { date: '2027-03-02', weekday: 2, time: '10:00', endTime: '11:00' };
    const names = (await suited({ organisationId: provider, at })).map((r) => r.display_name);
    assert.ok(!names.includes('busyMornings'));
    assert.ok(!names.includes('awayThatDay'));
    assert.ok(names.includes('ready'));
    const afternoon = { ...at, time: '14:00', endTime: '15:00', date: '2027-03-09' };
    const later = (await suited({ organisationId: provider, at: afternoon })).map(
      (r) => r.display_name,
    );
    assert.ok(later.includes('busyMornings') && later.includes('awayThatDay'));
  });
});

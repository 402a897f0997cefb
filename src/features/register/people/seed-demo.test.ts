import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { reveal } from './protected-fields.ts';
import { seedDemo } from '#features/admin';
import { demoPeople, demoPersonId } from './seed-demo.ts';

/** The demo register: varied, fictional, in scope, reset cleanly, fast. */
describe('demo people', () => {
  let t: TestApp;
  let secondRunMs = 0;

  before(async () => {
    t = await startTestApp({ DEMO_PASSWORD: 'demo-test-password' });
    await seedDemo(t.services);
    const started = performance.now();
    await seedDemo(t.services); // a reset and a second seed: same ids, no duplicates
    secondRunMs = performance.now() - started;
  });
  after(() => t.close());

  it('seeds about 60 people once, however often it runs', async () => {
    const { n } = await t.services.db
      .selectFrom('people')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(n, demoPeople.length);
    assert.ok(n >= 55 && n <= 70, `${n} people`);
    assert.ok(secondRunMs < 5_000, `a reset and seed took ${Math.round(secondRunMs)} ms`);
  });

  it('is varied: kinds, statuses, languages, channels, availability, consents, equality', async () => {
    const { db } = t.services;
    const people = await db.selectFrom('people').selectAll().execute();
    const distinct = (f: (p: (typeof people)[number]) => string) => new Set(people.map(f));
    assert.equal(distinct((p) => p.kind).size, 5);
    assert.equal(distinct((p) => p.status).size, 3);
    assert.ok(people.some((p) => p.status === 'paused' && p.pause_review_date));
    assert.ok(people.some((p) => p.preferred_language === 'cy'));
    assert.ok(people.some((p) => p.channels.join() === 'sms'));
    assert.ok(people.some((p) => p.channels.join() === 'letter' && p.plain_envelope));
    assert.ok(people.some((p) => p.quiet_from && p.quiet_to));
    assert.ok(people.some((p) => p.formats.includes('easy_read')));
    const reasons = await db.selectFrom('person_unavailable_times').select('reason').execute();
    for (const reason of ['Not before 11:00', 'School run', 'Pharmacy pick-up'])
      assert.ok(
        reasons.some((r) => r.reason === reason),
        reason,
      );
    const withdrawn = await db
      .selectFrom('consents')
      .select('id')
      .where('withdrawn_at', 'is not', null)
      .execute();
    assert.ok(withdrawn.length > 0);
    const equality = await db.selectFrom('equality_monitoring').select('person_id').execute();
    assert.ok(equality.length >= 10, `${equality.length} equality rows`);
    const carers = await db
      .selectFrom('person_supporters')
      .select('may_share')
      .where('related_person_id', 'is not', null)
      .execute();
    assert.ok(carers.length >= 2 && carers.every((c) => c.may_share.length > 0));
  });

  it('uses drama phone numbers and example.org e-mails, encrypted', async () => {
    const people = await t.services.db
      .selectFrom('people')
      .select(['id', 'phone', 'email'])
      .execute();
    const key = t.config.encryptionKey;
    for (const p of people) {
      if (p.phone) assert.match(p.phone, /^v1\./, 'phone is encrypted');
      const phone = reveal(key, 'phone', p.id, p.phone);
      if (phone) assert.match(phone, /^\+447700900\d{3}$/);
      const email = reveal(key, 'email', p.id, p.email);
      if (email) assert.match(email, /@example\.org$/);
    }
  });

  it('keeps scope_ids as the ancestors of every connected organisation', async () => {
    const rows = await sql<{ id: string; ok: boolean }>`
      select p.id, p.scope_ids @> expected.ids and expected.ids @> p.scope_ids as ok
      from people p cross join lateral (
        select array_agg(distinct a) as ids from person_organisations po
        join organisations o on o.id = po.organisation_id, unnest(o.ancestors) a
        where po.person_id = p.id) expected`.execute(t.services.db);
    assert.ok(rows.rows.length > 0);
    assert.deepEqual(
      rows.rows.filter((r) => !r.ok),
      [],
    );
    const person = await t.services.db
      .selectFrom('people')
      .select('scope_ids')
      .where('id', '=', demoPersonId('rhiannon'))
      .executeTakeFirstOrThrow();
    assert.ok(
      person.scope_ids.length >= 5,
      'the hub, the provider, the area, the region, the nation',
    );
  });
});

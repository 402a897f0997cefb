import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { transferSuite, HEADER, csv } from '#test/support/register-transfer.ts';
import { insertTestPerson } from '../people/fixtures.ts';
import { reveal } from '../people/protected-fields.ts';

/** Previewing and deciding an import: speed, duplicates, nothing, progress, who may. */
describe('register import: previews and decisions', () => {
  const suite = transferSuite();
  const { org, signedIn, upload, uploaded, uploadedCsv, decided, peopleAt } = suite;

  it('previews 10,000 rows within budget while the server keeps answering', async () => {
    const { agent } = await signedIn('involvement_lead', 'Provider D');
    const rows = Array.from(
      { length: 10_000 },
      (_, i) =>
        `Person ${String(i)},service user,,${String((i % 28) + 1)}/0${String((i % 9) + 1)}/1980,${i < 2_000 ? `07700 ${String(900000 + (i % 1000))}` : ''},p${String(i)}@example.org,${String(i)} Road,CF10 1AA,English,,yes`,
    );
    const file = csv([HEADER, ...rows]);
    const started = Date.now();
    const response = await upload(agent, org['Provider D']!.id, 'ten-thousand.csv', file);
    let slowest = 0;
    let polls = 0;
    let parsing = true;
    const pinging = (async () => {
      while (parsing) {
        const sent = Date.now();
        const health = await suite.t.app.inject({ method: 'GET', url: '/healthz' });
        assert.equal(health.statusCode, 200);
        slowest = Math.max(slowest, Date.now() - sent);
        polls += 1;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    const id = await uploaded(response);
    parsing = false;
    await pinging;
    const page = await agent.get(`/people/import/${id}`);
    const elapsed = Date.now() - started;
    assert.ok(page.body.includes('Check the rows before importing'));
    assert.ok(page.body.includes('Skip them all'), 'many duplicates: one choice for all');
    console.log(
      `import preview of 10,000 rows: ${String(elapsed)} ms; /healthz answered ${String(polls)} times, slowest ${String(slowest)} ms`,
    );
    assert.ok(elapsed < 10_000, `preview took ${String(elapsed)} ms`);
    assert.ok(slowest < 1_000, `the server stalled for ${String(slowest)} ms`);
    const stored = await suite.t.services.db
      .selectFrom('person_imports')
      .select(['good_rows', 'bad_rows'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(stored, { good_rows: 10_000, bad_rows: 0 });
    // rows 1,002 to 2,001 repeat the phone numbers of the first 1,000: skipped together
    const importStarted = Date.now();
    const done = await decided(agent, id, {
      decision: 'good',
      duplicates: 'skip',
    });
    const importMs = Date.now() - importStarted;
    console.log(
      `import of 9,000 new people (one transaction, audited each): ${String(importMs)} ms`,
    );
    assert.ok(done.body.includes('9000 people added to the register'));
    assert.ok(done.body.includes('1000 duplicate rows skipped'));
    assert.equal((await peopleAt(org['Provider D']!.id)).length, 9_000);
    assert.equal((await suite.t.services.audit.verify()).ok, true);
  });

  it('offers duplicates for merging, and merges into empty fields only', async () => {
    const { db, config } = suite.t.services;
    const keys = config.encryptionKey;
    const { agent } = await signedIn('involvement_lead', 'Provider E');
    const existing = await insertTestPerson(db, keys, {
      organisationId: org['Provider E']!.id,
      displayName: 'Existing Ffion',
      phone: '07700 900500',
    });
    const before = (await peopleAt(org['Provider E']!.id)).length;
    const id = await uploadedCsv(agent, org['Provider E']!.id, 'dupes.csv', [
      HEADER,
      'Ffion again,,Ffion Legal,,07700 900500,ffion@example.org,,,,,',
      'Gareth,,,,,gareth@example.org,,,,,',
      'Gareth twice,,,,07700 900501,gareth@example.org,,,,,',
      'Gareth thrice,,,,,gareth@example.org,,,,,',
    ]);
    const page = await agent.get(`/people/import/${id}`);
    assert.ok(page.body.includes('Same phone number as Existing Ffion, already on the register.'));
    assert.ok(page.body.includes('Same e-mail address as row 3 of the file.'));
    // the button counts the people it will add: duplicates, skipped or merged, add nobody
    assert.ok(page.body.includes('Import the good rows: add 1 new person'));
    assert.ok(page.body.includes('The 3 possible duplicates are skipped or merged as you chose'));
    assert.ok(!page.body.includes('Import the 4 good rows'));
    const welsh = await agent.get(`/people/import/${id}?lang=cy`);
    assert.ok(welsh.body.includes('Mewnforio&#39;r rhesi da: ychwanegu 1 person newydd'));
    assert.ok(welsh.body.includes('Mae&#39;r 3 dyblygiad posibl'));
    await agent.get(`/people/import/${id}?lang=en`);
    const done = await decided(agent, id, {
      decision: 'good',
      'duplicate-2': 'merge',
      'duplicate-4': 'merge',
      'duplicate-5': 'skip',
    });
    assert.ok(done.body.includes('1 person added to the register'), done.body.slice(0, 3000));
    assert.ok(done.body.includes('1 row merged'));
    assert.ok(done.body.includes('1 duplicate row skipped'));
    const people = await peopleAt(org['Provider E']!.id);
    assert.equal(people.length, before + 1);
    const ffion = people.find((p) => p.id === existing)!;
    assert.equal(ffion.display_name, 'Existing Ffion', 'filled fields are never overwritten');
    assert.equal(reveal(keys, 'legal_name', existing, ffion.legal_name), 'Ffion Legal');
    assert.equal(reveal(keys, 'email', existing, ffion.email), 'ffion@example.org');
    const gareth = people.find((p) => p.display_name === 'Gareth')!;
    assert.equal(
      reveal(keys, 'phone', gareth.id, gareth.phone),
      '+447700900501',
      'an in-file duplicate fills the earlier row',
    );
    const updated = await db
      .selectFrom('audit_log')
      .select('details')
      .where('subject_id', '=', existing)
      .where('action', '=', 'person.updated')
      .executeTakeFirstOrThrow();
    assert.deepEqual((updated.details as { fields: string[] }).fields.sort(), [
      'email',
      'legal_name',
    ]);
  });

  it('imports nothing when asked, and writes nothing', async () => {
    const { agent } = await signedIn('involvement_lead', 'Provider C');
    const before = (await peopleAt(org['Provider C']!.id)).length;
    const id = await uploadedCsv(agent, org['Provider C']!.id, 'n.csv', ['Display name', 'Nobody']);
    await agent.get(`/people/import/${id}`);
    const missing = await agent.post(`/people/import/${id}`, {});
    assert.equal(missing.statusCode, 400);
    assert.ok(missing.body.includes('Choose whether to import the good rows or nothing'));
    const done = await decided(agent, id, { decision: 'nothing' });
    assert.ok(done.body.includes('Nothing imported'));
    assert.equal((await peopleAt(org['Provider C']!.id)).length, before);
    const row = await suite.t.services.db
      .selectFrom('person_imports')
      .select(['status', 'rows_encrypted'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'discarded', rows_encrypted: null });
  });

  it('shows progress while a file is checked, refreshing itself without JavaScript', async () => {
    const { db } = suite.t.services;
    const { agent, accountId } = await signedIn('involvement_lead', 'Provider C');
    const row = await db
      .insertInto('person_imports')
      .values({
        organisation_id: org['Provider C']!.id,
        created_by: accountId,
        file_name: 'slow.csv',
        status: 'parsing',
        total_rows: 4000,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const page = await agent.get(`/people/import/${row.id}`);
    assert.equal(page.statusCode, 200);
    assert.ok(
      page.body.includes('<meta http-equiv="refresh" content="2">'),
      page.body.slice(0, 800),
    );
    assert.ok(page.body.includes('4000 rows checked so far.'));
    assert.ok(page.body.includes('Check progress'));
    const welsh = await agent.get(`/people/import/${row.id}?lang=cy`);
    assert.ok(welsh.body.includes('Yn gwirio eich ffeil'));
    // a check cut short by a restart does not spin for ever
    await sql`update person_imports set created_at = now() - interval '1 hour' where id = ${row.id}::uuid`.execute(
      db,
    );
    const stale = await agent.get(`/people/import/${row.id}?lang=en`);
    assert.ok(!stale.body.includes('http-equiv="refresh"'));
    assert.ok(stale.body.includes('could not be read'));

    // importing: the page refreshes itself; an import cut short by a restart shows as failed
    const claimed = (minutesAgo: number) =>
      JSON.stringify({ merge: [], claimedAt: new Date(Date.now() - minutesAgo * 60_000) });
    await db
      .updateTable('person_imports')
      .set({ status: 'importing', decision: claimed(1) })
      .where('id', '=', row.id)
      .execute();
    const importing = await agent.get(`/people/import/${row.id}`);
    assert.ok(importing.body.includes('<meta http-equiv="refresh" content="2">'));
    assert.ok(importing.body.includes('Importing people'));
    await db
      .updateTable('person_imports')
      .set({ decision: claimed(60) })
      .where('id', '=', row.id)
      .execute();
    const cutShort = await agent.get(`/people/import/${row.id}`);
    assert.ok(!cutShort.body.includes('http-equiv="refresh"'));
    assert.ok(cutShort.body.includes('The import did not finish'));
  });

  it('keeps imports to those allowed: staff 403, another provider 404', async () => {
    const lead = await signedIn('involvement_lead', 'Provider C');
    const id = await uploadedCsv(lead.agent, org['Provider C']!.id, 'n.csv', [
      'Display name',
      'Someone',
    ]);
    const staff = await signedIn('staff', 'Provider C');
    assert.equal((await staff.agent.get('/people/import')).statusCode, 403);
    assert.equal((await staff.agent.get(`/people/import/${id}`)).statusCode, 403);
    const other = await signedIn('involvement_lead', 'Provider B');
    assert.equal((await other.agent.get(`/people/import/${id}`)).statusCode, 404);
    const upload404 = await upload(
      other.agent,
      org['Provider C']!.id,
      'n.csv',
      csv(['Display name', 'X']),
    );
    assert.equal(upload404.statusCode, 404);
  });
});

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { Role } from '#platform/db/schema.ts';
import { Agent, startTestApp, type TestApp } from '#test/support/app.ts';
import { insertTestPerson } from '../people/fixtures.ts';
import { reveal } from '../people/protected-fields.ts';
import { insertTestOrganisation, signedInStaff } from '#test/support/fixture.ts';

/** Import and export of the register through the routes, on the engine under test. */
describe('register import and export', () => {
  let t: TestApp;
  const org: Record<string, { id: string; ancestors: string[] }> = {};
  let accounts = 0;

  async function organisation(key: string, parent?: string) {
    org[key] = await insertTestOrganisation(t.services.db, {
      nameEn: key,
      kind: parent ? 'provider' : 'region',
      parent: parent ? org[parent] : undefined,
    });
  }

  async function signedIn(role: Role, at: string) {
    accounts += 1;
    const { agent, accountId } = await signedInStaff(t, role, org[at]!.id, {
      email: `transfer-${accounts}@test.example`,
      name: `Transfer tester ${accounts}`,
    });
    return { agent, accountId };
  }

  /** Posts the upload form as a browser would (multipart), with the page's CSRF token. */
  async function upload(agent: Agent, organisationId: string, name: string, data: Buffer) {
    await agent.get('/people/import');
    const boundary = `----cyd${crypto.randomBytes(8).toString('hex')}`;
    const field = (key: string, value: string) =>
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`,
      );
    const payload = Buffer.concat([
      field('_csrf', agent.csrf()),
      field('organisation', organisationId),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return t.app.inject({
      method: 'POST',
      url: '/people/import',
      payload,
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
  }

  /** Waits for the background check of an upload; returns the import id. */
  async function uploaded(response: Awaited<ReturnType<typeof upload>>) {
    assert.equal(response.statusCode, 303, response.body.slice(0, 500));
    const id = /\/people\/import\/([0-9a-f-]+)$/.exec(String(response.headers.location))![1]!;
    for (;;) {
      const row = await t.services.db
        .selectFrom('person_imports')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      if (row.status !== 'parsing') return id;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Confirms an import (303 to its page), waits for the background import, then reads the page. */
  async function decided(agent: Agent, id: string, form: Record<string, string>) {
    const posted = await agent.post(`/people/import/${id}`, form);
    assert.equal(posted.statusCode, 303, posted.body.slice(0, 500));
    assert.equal(posted.headers.location, `/people/import/${id}`);
    for (;;) {
      const row = await t.services.db
        .selectFrom('person_imports')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      if (row.status !== 'importing') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return agent.get(`/people/import/${id}`);
  }

  const csv = (lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
  const HEADER =
    'Display name,Kind,Legal name,Date of birth,Phone,Email,Address,Postcode,Preferred language,Access needs,Consent to contact';

  const peopleAt = (organisationId: string) =>
    t.services.db
      .selectFrom('people')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .orderBy('display_name')
      .execute();

  before(async () => {
    t = await startTestApp();
    await organisation('Region');
    await organisation('Provider A', 'Region');
    await organisation('Provider B', 'Region');
    await organisation('Provider C', 'Region');
    await organisation('Provider D', 'Region');
    await organisation('Provider E', 'Region');
  });
  after(() => t.close());

  it('imports the good rows of a CSV file in one go, encrypted and audited', async () => {
    const { agent } = await signedIn('involvement_lead', 'Provider A');
    const response = await upload(
      agent,
      org['Provider A']!.id,
      'people.csv',
      csv([
        HEADER,
        'Alaw,service user,Alaw Jones,17/05/1980,07700 900001,alaw@example.org,1 High Street,cf10 1aa,Welsh,Step-free access,yes',
        'Bryn,carer,,1990-02-03,,bryn@example.org,,,English,,no',
        '"Ceri, the third",young person,,,07700900003,,,,,,',
      ]),
    );
    const id = await uploaded(response);
    const preview = await agent.get(`/people/import/${id}`);
    assert.equal(preview.statusCode, 200);
    assert.ok(preview.body.includes('Check the rows before importing'));
    assert.ok(preview.body.includes('Import the 3 good rows'));
    const done = await decided(agent, id, { decision: 'good' });
    assert.equal(done.statusCode, 200);
    assert.ok(
      done.body.includes('3 people added to the register'),
      done.body.slice(done.body.indexOf('<main'), done.body.indexOf('<main') + 1500),
    );

    const people = await peopleAt(org['Provider A']!.id);
    assert.deepEqual(
      people.map((p) => p.display_name),
      ['Alaw', 'Bryn', 'Ceri, the third'],
    );
    const alaw = people[0]!;
    const keys = t.services.config.encryptionKey;
    assert.equal(reveal(keys, 'phone', alaw.id, alaw.phone), '+447700900001');
    assert.equal(reveal(keys, 'legal_name', alaw.id, alaw.legal_name), 'Alaw Jones');
    assert.equal(reveal(keys, 'date_of_birth', alaw.id, alaw.date_of_birth), '1980-05-17');
    assert.deepEqual(JSON.parse(reveal(keys, 'address', alaw.id, alaw.address)!), {
      lines: '1 High Street',
      postcode: 'CF10 1AA',
    });
    assert.equal(alaw.preferred_language, 'cy');
    assert.ok(alaw.phone_lookup && alaw.dedupe_lookup);
    assert.deepEqual(alaw.scope_ids.sort(), [...org['Provider A']!.ancestors].sort());
    assert.equal(people[1]!.kind, 'carer');
    const consents = await t.services.db
      .selectFrom('consents')
      .select(['person_id', 'purpose', 'method'])
      .where(
        'person_id',
        'in',
        people.map((p) => p.id),
      )
      .execute();
    assert.equal(consents.filter((c) => c.purpose === 'register').length, 3);
    assert.deepEqual(
      consents.filter((c) => c.purpose === 'contact').map((c) => c.person_id),
      [alaw.id],
    );
    assert.ok(consents.every((c) => c.method === 'import'));
    const audited = await t.services.db
      .selectFrom('audit_log')
      .select(['action', 'subject_id'])
      .where('action', 'in', ['person.imported', 'register.imported'])
      .execute();
    assert.equal(audited.filter((a) => a.action === 'person.imported').length, 3);
    assert.equal(audited.filter((a) => a.action === 'register.imported').length, 1);
    assert.equal((await t.services.audit.verify()).ok, true);
    const row = await t.services.db
      .selectFrom('person_imports')
      .select(['status', 'rows_encrypted'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'imported');
    assert.equal(row.rows_encrypted, null, 'nothing waits once the import is decided');

    // a second submission changes nothing
    const again = await agent.post(`/people/import/${id}`, {
      decision: 'good',
      _csrf: agent.csrf(),
    });
    assert.equal(again.statusCode, 200);
    assert.equal((await peopleAt(org['Provider A']!.id)).length, 3);
  });

  it('imports an XLSX file with Welsh headings and date cells', async () => {
    const { agent } = await signedIn('organisation_admin', 'Provider B');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Pobl');
    sheet.addRow(['Enw i’w ddangos', 'Math', 'Dyddiad geni', 'Ffôn', 'E-bost', 'Dewis iaith']);
    sheet.addRow([
      'Dafydd',
      'Gofalwr',
      new Date(Date.UTC(1975, 0, 31)),
      '07700 900010',
      '',
      'Cymraeg',
    ]);
    sheet.addRow([
      'Elin',
      '',
      '',
      '',
      { text: 'elin@example.org', hyperlink: 'mailto:elin@example.org' },
      '',
    ]);
    const data = Buffer.from(await workbook.xlsx.writeBuffer());
    const id = await uploaded(await upload(agent, org['Provider B']!.id, 'pobl.xlsx', data));
    const preview = await agent.get(`/people/import/${id}?lang=cy`);
    assert.ok(preview.body.includes('Gwiriwch y rhesi cyn mewnforio'), preview.body.slice(0, 3000));
    await decided(agent, id, { decision: 'good' });
    const people = await peopleAt(org['Provider B']!.id);
    assert.deepEqual(
      people.map((p) => [p.display_name, p.kind, p.preferred_language]),
      [
        ['Dafydd', 'carer', 'cy'],
        ['Elin', 'service_user', 'en'],
      ],
    );
    const keys = t.services.config.encryptionKey;
    assert.equal(
      reveal(keys, 'date_of_birth', people[0]!.id, people[0]!.date_of_birth),
      '1975-01-31',
    );
    assert.equal(reveal(keys, 'email', people[1]!.id, people[1]!.email), 'elin@example.org');
  });

  it('lists every bad row with the column and the reason, and keeps no values', async () => {
    const { agent } = await signedIn('involvement_lead', 'Provider C');
    const id = await uploaded(
      await upload(
        agent,
        org['Provider C']!.id,
        'bad.csv',
        csv([
          HEADER,
          'Good person,,,,,,,,,,',
          'Bad phone,,,,01234,,,,,,',
          'Bad email,,,,,not-an-email,,,,,',
          'Bad postcode,,,,,,,XX1,,,',
          'Bad date,,,31/02/1990,,,,,,,',
          'Bad kind,dragon,,,,,,,,,',
          `${'x'.repeat(101)},,,,,,,,,,`,
          ',carer,,,,,,,,,',
          'Bad language,,,,,,,,Klingon,,',
          'Future,,,01/01/2999,,,,,,,',
        ]),
      ),
    );
    const page = await agent.get(`/people/import/${id}`);
    const expected: [number, string][] = [
      [3, 'Not a UK phone number'],
      [4, 'Not an e-mail address in the right format'],
      [5, 'Not a UK postcode'],
      [6, 'Not a real date'],
      [7, 'Not a kind we recognise'],
      [8, 'The text is too long'],
      [9, 'Enter a display name'],
      [10, 'Must be English or Welsh'],
      [11, 'The date is in the future'],
    ];
    for (const [row, reason] of expected)
      assert.match(
        page.body,
        new RegExp(
          `<td class="govuk-table__cell">${String(row)}</td>\\s*<td class="govuk-table__cell">[^<]+</td>\\s*<td class="govuk-table__cell">${reason}</td>`,
        ),
        `row ${String(row)}: ${reason}`,
      );
    const stored = await t.services.db
      .selectFrom('person_imports')
      .select(['errors', 'good_rows', 'bad_rows', 'total_rows'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual([stored.total_rows, stored.good_rows, stored.bad_rows], [10, 1, 9]);
    const errors = JSON.stringify(stored.errors);
    for (const value of ['01234', 'not-an-email', 'XX1', 'dragon', 'Klingon'])
      assert.ok(!errors.includes(value), `no value (${value}) is stored with the errors`);
  });

  it('refuses a file with the wrong columns, naming them', async () => {
    const { agent } = await signedIn('involvement_lead', 'Provider C');
    const id = await uploaded(
      await upload(agent, org['Provider C']!.id, 'wrong.csv', csv(['Name,Telephone', 'A,1'])),
    );
    const page = await agent.get(`/people/import/${id}`);
    assert.ok(page.body.includes('The columns of the file do not match the template.'));
    assert.ok(page.body.includes('Missing columns: Display name.'));
    assert.ok(page.body.includes('Columns we do not recognise: Name, Telephone.'));
    const welsh = await agent.get(`/people/import/${id}?lang=cy`);
    assert.ok(welsh.body.includes('Colofnau sydd ar goll: Enw i&#39;w ddangos.'));
  });

  it('refuses a file that is not UTF-8 text, or not text at all', async () => {
    const { agent } = await signedIn('involvement_lead', 'Provider C');
    const latin1 = Buffer.from('Display name\r\nSi\xe2n\r\n', 'latin1');
    const id = await uploaded(await upload(agent, org['Provider C']!.id, 'latin1.csv', latin1));
    assert.ok((await agent.get(`/people/import/${id}`)).body.includes('not saved as UTF-8'));
    const garbage = crypto.randomBytes(4096);
    garbage[10] = 0;
    const binary = await uploaded(await upload(agent, org['Provider C']!.id, 'x.csv', garbage));
    assert.ok(
      (await agent.get(`/people/import/${binary}`)).body.includes(
        'The file is not a spreadsheet or a CSV file.',
      ),
    );
    const fake = await uploaded(
      await upload(
        agent,
        org['Provider C']!.id,
        'x.xlsx',
        Buffer.concat([Buffer.from('PK\x03\x04'), garbage]),
      ),
    );
    assert.ok((await agent.get(`/people/import/${fake}`)).body.includes('could not be read'));
    const wrongType = await upload(agent, org['Provider C']!.id, 'notes.txt', Buffer.from('hi'));
    assert.equal(wrongType.statusCode, 400);
    assert.ok(wrongType.body.includes('The file must be a CSV or an XLSX file'));
  });

  it('refuses a file over 10 MB', async () => {
    const { agent } = await signedIn('involvement_lead', 'Provider C');
    const response = await upload(
      agent,
      org['Provider C']!.id,
      'huge.csv',
      Buffer.alloc(10 * 1024 * 1024 + 1, 'a'),
    );
    assert.equal(response.statusCode, 413);
  });

  it('refuses 20,001 rows, and 100,000, cleanly, writing nothing', async () => {
    const { agent } = await signedIn('involvement_lead', 'Provider C');
    for (const count of [20_001, 100_000]) {
      const rows = Array.from({ length: count }, (_, i) => `Person ${String(i)}`);
      const id = await uploaded(
        await upload(agent, org['Provider C']!.id, 'big.csv', csv(['Display name', ...rows])),
      );
      const page = await agent.get(`/people/import/${id}`);
      assert.ok(page.body.includes('The file has more than 20000 rows.'));
      const row = await t.services.db
        .selectFrom('person_imports')
        .select(['status', 'rows_encrypted'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: 'discarded', rows_encrypted: null });
    }
  });

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
        const health = await t.app.inject({ method: 'GET', url: '/healthz' });
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
    const stored = await t.services.db
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
    assert.equal((await t.services.audit.verify()).ok, true);
  });

  it('offers duplicates for merging, and merges into empty fields only', async () => {
    const { db, config } = t.services;
    const keys = config.encryptionKey;
    const { agent } = await signedIn('involvement_lead', 'Provider E');
    const existing = await insertTestPerson(db, keys, {
      organisationId: org['Provider E']!.id,
      displayName: 'Existing Ffion',
      phone: '07700 900500',
    });
    const before = (await peopleAt(org['Provider E']!.id)).length;
    const id = await uploaded(
      await upload(
        agent,
        org['Provider E']!.id,
        'dupes.csv',
        csv([
          HEADER,
          'Ffion again,,Ffion Legal,,07700 900500,ffion@example.org,,,,,',
          'Gareth,,,,,gareth@example.org,,,,,',
          'Gareth twice,,,,07700 900501,gareth@example.org,,,,,',
          'Gareth thrice,,,,,gareth@example.org,,,,,',
        ]),
      ),
    );
    const page = await agent.get(`/people/import/${id}`);
    assert.ok(page.body.includes('Same phone number as Existing Ffion, already on the register.'));
    assert.ok(page.body.includes('Same e-mail address as row 3 of the file.'));
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
    const id = await uploaded(
      await upload(agent, org['Provider C']!.id, 'n.csv', csv(['Display name', 'Nobody'])),
    );
    await agent.get(`/people/import/${id}`);
    const missing = await agent.post(`/people/import/${id}`, {});
    assert.equal(missing.statusCode, 400);
    assert.ok(missing.body.includes('Choose whether to import the good rows or nothing'));
    const done = await decided(agent, id, { decision: 'nothing' });
    assert.ok(done.body.includes('Nothing imported'));
    assert.equal((await peopleAt(org['Provider C']!.id)).length, before);
    const row = await t.services.db
      .selectFrom('person_imports')
      .select(['status', 'rows_encrypted'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'discarded', rows_encrypted: null });
  });

  it('shows progress while a file is checked, refreshing itself without JavaScript', async () => {
    const { db } = t.services;
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
    const id = await uploaded(
      await upload(lead.agent, org['Provider C']!.id, 'n.csv', csv(['Display name', 'Someone'])),
    );
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

  it('exports only the people the actor can see, contact details only with consent', async () => {
    const { db, config } = t.services;
    const keys = config.encryptionKey;
    await insertTestPerson(db, keys, {
      organisationId: org['Provider B']!.id,
      displayName: 'Hywel consented',
      phone: '07700 900700',
      consents: ['register', 'contact'],
    });
    await insertTestPerson(db, keys, {
      organisationId: org['Provider B']!.id,
      displayName: 'Iwan not consented',
      phone: '07700 900701',
      consents: ['register'],
    });
    await insertTestPerson(db, keys, {
      organisationId: org['Provider C']!.id,
      displayName: 'Someone at C',
    });
    const { agent } = await signedIn('involvement_lead', 'Provider B');
    const form = await agent.get('/people/export');
    assert.equal(form.statusCode, 200);
    const response = await agent.get(
      `/people/export/download?organisation=${org['Provider B']!.id}&format=csv`,
    );
    assert.equal(response.statusCode, 200);
    assert.match(
      String(response.headers['content-disposition']),
      /attachment; filename="register-/,
    );
    const text = response.body;
    assert.ok(text.includes('Hywel consented'));
    assert.ok(text.includes('07700900700'), 'phone of a person who consented to contact');
    assert.ok(text.includes('Iwan not consented'));
    assert.ok(!text.includes('07700900701'), 'no phone without consent to contact');
    assert.ok(!text.includes('Someone at C'), 'only the chosen organisation');
    assert.ok(text.startsWith('\uFEFFCyd reference,Display name'));
    const forbidden = await agent.get(
      `/people/export/download?organisation=${org['Provider C']!.id}&format=csv`,
    );
    assert.equal(forbidden.statusCode, 404);

    const xlsx = await agent.get(
      `/people/export/download?organisation=${org['Provider B']!.id}&format=xlsx&kind=service_user&lang=cy`,
    );
    assert.equal(xlsx.statusCode, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    assert.equal(sheet.getRow(1).getCell(2).value, 'Enw i’w ddangos'.replace('’', "'"));
    const names = sheet.getColumn(2).values.slice(2);
    assert.ok(names.includes('Hywel consented'));

    const audited = await db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'register.exported')
      .execute();
    assert.equal(audited.length, 2);
    assert.ok(audited.every((a) => !JSON.stringify(a.details).includes('Hywel')));
  });
});

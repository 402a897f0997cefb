import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { transferSuite, HEADER, csv } from '#test/support/register-transfer.ts';
import { reveal } from '../people/protected-fields.ts';

/** Reading an upload: good rows, Welsh XLSX, bad rows and refused files, through the routes. */
describe('register import: reading files', () => {
  const suite = transferSuite();
  const { org, signedIn, upload, uploaded, uploadedCsv, decided, peopleAt } = suite;

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
    const keys = suite.t.services.config.encryptionKey;
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
    const consents = await suite.t.services.db
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
    const audited = await suite.t.services.db
      .selectFrom('audit_log')
      .select(['action', 'subject_id'])
      .where('action', 'in', ['person.imported', 'register.imported'])
      .execute();
    assert.equal(audited.filter((a) => a.action === 'person.imported').length, 3);
    assert.equal(audited.filter((a) => a.action === 'register.imported').length, 1);
    assert.equal((await suite.t.services.audit.verify()).ok, true);
    const row = await suite.t.services.db
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
    const keys = suite.t.services.config.encryptionKey;
    assert.equal(
      reveal(keys, 'date_of_birth', people[0]!.id, people[0]!.date_of_birth),
      '1975-01-31',
    );
    assert.equal(reveal(keys, 'email', people[1]!.id, people[1]!.email), 'elin@example.org');
  });

  it('lists every bad row with the column and the reason, and keeps no values', async () => {
    const { agent } = await signedIn('involvement_lead', 'Provider C');
    const id = await uploadedCsv(agent, org['Provider C']!.id, 'bad.csv', [
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
    ]);
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
    const stored = await suite.t.services.db
      .selectFrom('person_imports')
      .select(['errors', 'good_rows', 'bad_rows', 'total_rows'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual([stored.total_rows, stored.good_rows, stored.bad_rows], [10, 1, 9]);
    const errors = JSON.stringify(stored.errors);
    for (const value of ['01234', 'not-an-email', 'XX1', 'dragon', 'Klingon'])
      assert.ok(!errors.includes(value), `no value (${value}) is stored with the errors`);
  });

  it('reads venue needs as codes separated by ;, and names an unknown code as the row’s problem', async () => {
    const { agent } = await signedIn('involvement_lead', 'Provider D');
    const id = await uploaded(
      await upload(
        agent,
        org['Provider D']!.id,
        'needs.csv',
        csv([
          `${HEADER},Venue needs`,
          'Dilys,,,,,,,,,,,Not_Police_Building; step_free;;step_free',
          'Emrys,,,,,,,,,,,',
          'Ffion,,,,,,,,,,,step_free;lift',
        ]),
      ),
    );
    const page = await agent.get(`/people/import/${id}`);
    assert.match(
      page.body,
      /<td class="govuk-table__cell">4<\/td>\s*<td class="govuk-table__cell">Venue needs<\/td>\s*<td class="govuk-table__cell">Not a venue need we recognise/,
    );
    await decided(agent, id, { decision: 'good' });
    const people = await peopleAt(org['Provider D']!.id);
    assert.deepEqual(
      people.map((p) => [p.display_name, p.venue_needs]),
      [
        ['Dilys', ['step_free', 'not_police_building']],
        ['Emrys', []],
      ],
    );
  });

  it('refuses a file with the wrong columns, naming them', async () => {
    const { agent } = await signedIn('involvement_lead', 'Provider C');
    const id = await uploadedCsv(agent, org['Provider C']!.id, 'wrong.csv', [
      'Name,Telephone',
      'A,1',
    ]);
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

  it('answers a NUL in a cell or in the file name with a message in the visitor’s language, never a 500', async () => {
    const { agent } = await signedIn('involvement_lead', 'Provider C');
    const orgId = org['Provider C']!.id;
    const page = async (response: Awaited<ReturnType<typeof upload>>) =>
      (await agent.get(`/people/import/${await uploaded(response)}`)).body;
    // CSV: a NUL byte is refused as a whole file (UTF-16 text, which is full of them, is caught
    // here too), before any row is read
    const csvWithNul = csv([HEADER, 'Good person,,,,,,,,,,', 'Nul\u0000person,,,,,,,,,,']);
    assert.ok(
      (await page(await upload(agent, orgId, 'nul.csv', csvWithNul))).includes(
        'The file is not a spreadsheet or a CSV file.',
      ),
    );
    // XLSX: a NUL cannot be in XML, raw or as a character reference; the file cannot be read
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('People').addRows([['Display name'], ['Good person'], ['AQQQQB']]);
    // stored uncompressed, so the cell's text can be swapped for one of the same length
    const stored = Buffer.from(await workbook.xlsx.writeBuffer({ zip: { compression: 'STORE' } }));
    for (const nul of ['&#0;', '\u0000\u0000\u0000\u0000']) {
      const data = Buffer.from(stored.toString('latin1').replace('QQQQ', nul), 'latin1');
      assert.equal(data.length, stored.length);
      const body = await page(await upload(agent, orgId, 'nul.xlsx', data));
      assert.ok(body.includes('could not be read'), JSON.stringify(nul));
    }
    // a NUL in the file name (stored with the import) is refused like one in any form field
    const imports = () =>
      suite.t.services.db
        .selectFrom('person_imports')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
    const before = await imports();
    const named = await upload(agent, orgId, 'peo\u0000ple.csv', csv([HEADER, 'Nia,,,,,,,,,,']));
    assert.equal(named.statusCode, 400);
    assert.match(named.body, /<html lang="en"/);
    // and in the other fields of the upload form
    const field = await upload(
      agent,
      `${orgId}\u0000`,
      'people.csv',
      csv([HEADER, 'Nia,,,,,,,,,,']),
    );
    assert.equal(field.statusCode, 400);
    assert.deepEqual(await imports(), before, 'no import is started');
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
      const id = await uploadedCsv(agent, org['Provider C']!.id, 'big.csv', [
        'Display name',
        ...rows,
      ]);
      const page = await agent.get(`/people/import/${id}`);
      assert.ok(page.body.includes('The file has more than 20000 rows.'));
      const row = await suite.t.services.db
        .selectFrom('person_imports')
        .select(['status', 'rows_encrypted'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: 'discarded', rows_encrypted: null });
    }
  });
});

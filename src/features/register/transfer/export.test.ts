import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { transferSuite } from '#test/support/register-transfer.ts';
import { insertTestPerson } from '../people/fixtures.ts';

/** Exporting the register through the routes, on the engine under test. */
describe('register export', () => {
  const suite = transferSuite();
  const { org, signedIn } = suite;

  it('exports only the people the actor can see, contact details only with consent', async () => {
    const { db, config } = suite.t.services;
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
      organisationId: org['Provider B']!.id,
      displayName: '=HYPERLINK("x") Formula',
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
    // a spreadsheet reads no cell of either format as a formula
    assert.ok(names.includes(`'=HYPERLINK("x") Formula`), 'neutralised in the XLSX');
    assert.ok(text.includes(`"'=HYPERLINK(""x"") Formula"`), 'neutralised in the CSV');

    const audited = await db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'register.exported')
      .execute();
    assert.equal(audited.length, 2);
    assert.ok(audited.every((a) => !JSON.stringify(a.details).includes('Hywel')));
  });

  it('exports venue needs as codes separated by ;, as an import reads them', async () => {
    const { db, config } = suite.t.services;
    await insertTestPerson(db, config.encryptionKey, {
      organisationId: org['Provider D']!.id,
      displayName: 'Nia needs',
      fields: { venue_needs: ['step_free', 'not_clinical_building'] },
    });
    const { agent } = await signedIn('involvement_lead', 'Provider D');
    const response = await agent.get(
      `/people/export/download?organisation=${org['Provider D']!.id}&format=csv`,
    );
    const [header, row] = response.body.replace('\uFEFF', '').split(/\r?\n/);
    const columns = header!.split(',');
    const cells = row!.split(',');
    assert.equal(cells[columns.indexOf('Display name')], 'Nia needs');
    assert.equal(cells[columns.indexOf('Venue needs')], 'step_free;not_clinical_building');
  });
});

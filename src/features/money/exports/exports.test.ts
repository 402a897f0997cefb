import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree } from '#test/support/fixture.ts';
import { insertTestPerson } from '#features/register';
import { insertPaidClaim, type TestClaimLine } from '../claims/fixtures.ts';
import { personReference } from './cells.ts';
import { writeFinanceCsv } from './csv.ts';
import { streamExportRows } from './repository.ts';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { writeFinanceXlsx } from './xlsx.ts';

/** The finance CSV: an organisation and its descendants, a period, references, injection. */
describe('finance exports (CSV)', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'exports', 'Tester');
  const org = tree.ids;
  let megan: string;
  const db = () => t.services.db;

  const pay = (organisationId: string, paidOn: string, lines: TestClaimLine[]) =>
    insertPaidClaim(db(), { organisationId, personId: megan, occurredOn: paidOn, lines });
  const csv = async (organisationId: string, withNames = false) => {
    let text = '';
    const rows = await writeFinanceCsv(
      db(),
      { organisationId, from: '2025-04-06', to: '2026-04-05' },
      withNames,
      (chunk) => {
        text += chunk;
      },
    );
    return { rows, lines: text.trimEnd().split('\r\n') };
  };

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, housing: 'region', elsewhere: null });
    megan = await insertTestPerson(db(), t.services.config.encryptionKey, {
      organisationId: org.housing!,
      alsoAt: [org.elsewhere!],
      displayName: '=Megan Test',
    });
    await pay(org.housing!, '2025-05-01', [
      { kind: 'bus', amountPence: 1240, description: '=cmd' },
      { kind: 'involvement', amountPence: 2000 },
    ]);
    await pay(org.elsewhere!, '2025-06-01', [{ kind: 'bus', amountPence: 500 }]);
    await pay(org.housing!, '2024-06-01', [{ kind: 'bus', amountPence: 700 }]);
  });
  after(() => t.close());

  it("exports the period's lines of an organisation and its descendants", async () => {
    const { rows, lines } = await csv(org.region!);
    assert.equal(rows, 2);
    assert.equal(lines.length, 3);
    assert.match(lines[0]!, /^claim_number,paid_on,organisation,cost_centre,person,/);
    assert.match(lines[1]!, /^C-\d{6},2025-05-01,/);
    assert.ok(lines[1]!.includes(',bus,expense,,1240,'));
    assert.ok(lines[2]!.includes(',involvement,payment,'));
    assert.ok(lines[2]!.includes(',2000,'));
    assert.equal((await csv(org.elsewhere!)).rows, 1);
  });

  it('shows a reference, not the name, unless allowed names; neutralises formulas', async () => {
    const reference = personReference(megan);
    const pseudonymous = (await csv(org.housing!)).lines.join('\n');
    assert.ok(pseudonymous.includes(reference));
    assert.ok(!pseudonymous.includes('Megan'));
    const named = (await csv(org.housing!, true)).lines.join('\n');
    assert.ok(named.includes(",'=Megan Test,"));
    assert.ok(!named.includes(',=Megan'));
  });

  it('reads page by page without losing or repeating a line', async () => {
    const scope = { organisationId: org.region!, from: '2024-04-06', to: '2026-04-05' };
    const seen: string[] = [];
    for await (const row of streamExportRows(db(), scope, 1)) {
      seen.push(`${String(row.claimNumber)}/${String(row.position)}`);
    }
    assert.equal(seen.length, 3); // two lines in 2025, one in 2024 (elsewhere is not under the region)
    assert.equal(new Set(seen).size, 3);
  });

  it('writes a workbook that exceljs opens, with the lines and the totals', async () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    const scope = { organisationId: org.housing!, from: '2025-04-06', to: '2026-04-05' };
    assert.equal(await writeFinanceXlsx(db(), scope, false, stream), 2);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer); // exceljs types its own Buffer
    const lines = workbook.getWorksheet('lines')!;
    assert.equal(lines.rowCount, 3);
    assert.equal(lines.getRow(2).getCell(9).value, 1240);
    assert.equal(lines.getRow(2).getCell(5).value, personReference(megan));
    const totals = workbook.getWorksheet('totals')!;
    assert.equal(totals.rowCount, 3);
  });
});

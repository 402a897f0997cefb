import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { insertTestPerson } from '#features/register';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree } from '#test/support/fixture.ts';
import { visibleText } from '#test/support/html.ts';
import { insertPaidClaim } from '../claims/fixtures.ts';
import { personReference } from './cells.ts';

/** The finance exports page: who may download what, streamed, audited; bad periods explained. */
describe('finance exports (pages)', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'exportpages', 'Tester');
  const org = tree.ids;
  let nia: string;
  const db = () => t.services.db;
  const query = (organisationId: string, format: string, extra = '') =>
    `/money/exports/download?organisationId=${organisationId}&period=range&from-day=1&from-month=5&from-year=2026&to-day=31&to-month=5&to-year=2026&format=${format}${extra}`;

  const pay = (organisationId: string, paidOn: string, description: string) =>
    insertPaidClaim(db(), {
      organisationId,
      personId: nia,
      occurredOn: paidOn,
      lines: [{ kind: 'bus', amountPence: 460, description }],
    });

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, hub: 'region', otherRegion: null });
    nia = await insertTestPerson(db(), t.services.config.encryptionKey, {
      organisationId: org.hub!,
      alsoAt: [org.otherRegion!],
      displayName: '=Nia Exporttest',
    });
    await pay(org.hub!, '2026-05-14', 'Bus to the forum');
    await pay(org.otherRegion!, '2026-05-15', 'Elsewhere');
  });
  after(() => t.close());

  it('streams the CSV of the organisation and below, with references, audited', async () => {
    const { agent } = await tree.signedIn('organisation_admin', 'region');
    const form = await agent.get('/money/exports');
    assert.equal(form.statusCode, 200);
    const file = await agent.get(query(org.region!, 'csv'));
    assert.equal(file.statusCode, 200);
    assert.match(String(file.headers['content-type']), /^text\/csv/);
    assert.match(String(file.headers['content-disposition']), /cyd-finance-2026-05-01-2026-05-31-/);
    const lines = file.body.trimEnd().split('\r\n');
    assert.equal(lines.length, 2, 'the header and the hub’s line only');
    assert.ok(lines[1]!.includes(personReference(nia)));
    assert.ok(!file.body.includes('Nia'), 'no name without asking');
    const logged = await db()
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'money.finance_exported')
      .execute();
    assert.deepEqual(logged[0]?.details, {
      from: '2026-05-01',
      to: '2026-05-31',
      format: 'csv',
      names: false,
    });
  });

  it('names people only for those allowed, neutralising formulas, and writes XLSX', async () => {
    const { agent } = await tree.signedIn('organisation_admin', 'region');
    const named = await agent.get(query(org.region!, 'csv', '&names=yes'));
    assert.ok(named.body.includes("'=Nia Exporttest"), 'the name, made safe');
    const totals = await agent.get(query(org.region!, 'totals'));
    assert.ok(totals.body.includes('expense,bus,1,460'), totals.body);
    const xlsx = await agent.get(query(org.region!, 'xlsx'));
    assert.equal(xlsx.statusCode, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    assert.equal(workbook.getWorksheet('lines')!.rowCount, 2);
    assert.ok(workbook.getWorksheet('totals'));
  });

  it('refuses others and explains bad choices', async () => {
    const { agent } = await tree.signedIn('organisation_admin', 'hub');
    assert.equal((await agent.get(query(org.otherRegion!, 'csv'))).statusCode, 404);
    const lead = await tree.signedIn('involvement_lead', 'region');
    assert.equal((await lead.agent.get('/money/exports')).statusCode, 403);
    const backwards = await agent.get(
      `/money/exports/download?organisationId=${org.hub!}&period=range&from-day=1&from-month=5&from-year=2026&to-day=1&to-month=4&to-year=2026&format=csv`,
    );
    assert.equal(backwards.statusCode, 400);
    assert.ok(visibleText(backwards.body).includes('The last day must be'));
    const noFormat = await agent.get(`/money/exports/download?organisationId=${org.hub!}`);
    assert.equal(noFormat.statusCode, 400);
    assert.ok(visibleText(noFormat.body).includes('Choose the file you want'));
  });
});

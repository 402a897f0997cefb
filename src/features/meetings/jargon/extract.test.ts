import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { describe, it } from 'node:test';
import { buildDocx, buildOdt, buildPdf, buildZip } from '#test/support/paper-files.ts';
import { checkText } from './check.ts';
import { ExtractError, extractText, MAX_INFLATED } from './extract.ts';

const refused = (problem: string) => (error: unknown) =>
  error instanceof ExtractError && error.problem === problem;

describe('paper text extraction', () => {
  it('reads the text of a PDF', async () => {
    const pdf = buildPdf(['Minutes of the APB meeting', 'The board agreed the plan (draft).']);
    const text = await extractText(pdf, 'pdf');
    assert.match(text, /Minutes of the APB meeting/);
    assert.match(text, /The board agreed the plan \(draft\)\./);
  });

  it('reads the text of a DOCX', async () => {
    const docx = buildDocx(['Agenda', 'Cytunodd y bwrdd â’r cynllun & the budget.']);
    const text = await extractText(docx, 'docx');
    assert.match(text, /Agenda/);
    assert.match(text, /Cytunodd y bwrdd â’r cynllun & the budget\./);
  });

  it('reads the text of an ODT, paragraphs on their own lines', async () => {
    const odt = buildOdt(['First paragraph.', 'Second < third & fourth.'], 'A heading');
    const text = await extractText(odt, 'odt');
    assert.equal(text, 'A heading\n\nFirst paragraph.\n\nSecond < third & fourth.');
  });

  it('refuses a DOCX that is a zip bomb without inflating it', async () => {
    const bomb = buildZip([
      { name: 'word/document.xml', data: '<w:document/>' },
      { name: 'word/media/huge.bin', data: Buffer.alloc(MAX_INFLATED + 1024 * 1024) },
    ]);
    assert.ok(bomb.length < 200_000, `bomb is ${bomb.length} bytes`);
    const started = performance.now();
    await assert.rejects(extractText(bomb, 'docx'), refused('tooLarge'));
    assert.ok(performance.now() - started < 1_000);
  });

  it('refuses an entry that claims to be small but inflates to more', async () => {
    const liar = buildZip([
      { name: 'word/document.xml', data: '<w:document/>' },
      { name: 'word/media/liar.bin', data: Buffer.alloc(5 * 1024 * 1024), declaredSize: 100 },
    ]);
    await assert.rejects(extractText(liar, 'docx'), refused('tooLarge'));
    const odtLiar = buildZip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', store: true },
      { name: 'content.xml', data: Buffer.alloc(5 * 1024 * 1024, 0x20), declaredSize: 100 },
    ]);
    await assert.rejects(extractText(odtLiar, 'odt'), refused('tooLarge'));
  });

  it('refuses a highly compressed entry even under the total limit', async () => {
    const dense = buildZip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', store: true },
      { name: 'content.xml', data: Buffer.alloc(20 * 1024 * 1024, 0x41) },
    ]);
    await assert.rejects(extractText(dense, 'odt'), refused('tooLarge'));
  });

  it('refuses a PDF whose compressed stream is a bomb, before pdf.js reads it', async () => {
    const bomb = zlib.deflateSync(Buffer.alloc(MAX_INFLATED + 1024 * 1024, 0x20));
    const head = Buffer.from(
      `%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n4 0 obj\n<< /Length ${bomb.length} /Filter /FlateDecode >>\nstream\n`,
      'latin1',
    );
    const pdf = Buffer.concat([
      head,
      bomb,
      Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1'),
    ]);
    assert.ok(pdf.length < 200_000, `bomb is ${pdf.length} bytes`);
    await assert.rejects(extractText(pdf, 'pdf'), refused('tooLarge'));
  });

  it('refuses files that are not what they claim', async () => {
    const executable = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(512)]);
    await assert.rejects(extractText(executable, 'pdf'), refused('unreadable'));
    await assert.rejects(extractText(executable, 'docx'), refused('unreadable'));
    const notAText = buildZip([{ name: 'readme.txt', data: 'hello' }]);
    await assert.rejects(extractText(notAText, 'docx'), refused('unreadable'));
    await assert.rejects(extractText(notAText, 'odt'), refused('unreadable'));
    const spreadsheet = buildZip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', store: true },
      { name: 'content.xml', data: '<x/>' },
    ]);
    await assert.rejects(extractText(spreadsheet, 'odt'), refused('unreadable'));
  });

  it('extracts and checks a 20-page paper within 2 seconds', async () => {
    const sentence =
      'The Area Planning Board reviewed how the substance misuse service supports people in recovery across the county.';
    const paragraphs = Array.from({ length: 470 }, (_, i) => `${i + 1}. ${sentence}`);
    const docx = buildDocx(paragraphs);
    const started = performance.now();
    const text = await extractText(docx, 'docx');
    const result = checkText(text, 'en', []);
    const elapsed = performance.now() - started;
    assert.ok(result.readability.words >= 8_000, String(result.readability.words));
    assert.ok(elapsed < 2_000, `took ${Math.round(elapsed)} ms`);
    console.log(
      `DOCX of ${result.readability.words} words extracted and checked: ${Math.round(elapsed)} ms`,
    );
  });

  it('extracts and checks a 20-page PDF within 2 seconds', async () => {
    const line =
      'The board reviewed how the service supports people in recovery across the county.';
    const pdf = buildPdf(Array.from({ length: 600 }, (_, i) => `${i + 1}. ${line}`));
    await extractText(buildPdf(['warm up']), 'pdf');
    const started = performance.now();
    const result = checkText(await extractText(pdf, 'pdf'), 'en', []);
    const elapsed = performance.now() - started;
    assert.ok(result.readability.words >= 8_000, String(result.readability.words));
    assert.ok(elapsed < 2_000, `took ${Math.round(elapsed)} ms`);
    console.log(
      `PDF of ${result.readability.words} words extracted and checked: ${Math.round(elapsed)} ms`,
    );
  });
});

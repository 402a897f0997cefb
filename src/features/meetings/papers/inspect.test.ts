import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDF, docx, executable, odt, zip } from '#test/support/meetings-papers.ts';
import { contentDisposition, defaultZipLimits, inspectPaper, safeFileName } from './inspect.ts';

const MB = 1024 * 1024;

describe('what an uploaded paper really is', () => {
  it('knows PDF, DOCX and ODT from their bytes', async () => {
    assert.deepEqual(await inspectPaper(PDF), { ok: true, mediaType: 'application/pdf' });
    assert.deepEqual(await inspectPaper(docx()), {
      ok: true,
      mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
    assert.deepEqual(await inspectPaper(odt()), {
      ok: true,
      mediaType: 'application/vnd.oasis.opendocument.text',
    });
  });

  it('refuses executables, text, other zips, empty and damaged files', async () => {
    assert.deepEqual(await inspectPaper(executable()), { ok: false, reason: 'type' });
    assert.deepEqual(await inspectPaper(Buffer.from('hello')), { ok: false, reason: 'type' });
    assert.deepEqual(await inspectPaper(zip([{ name: 'a.txt', data: Buffer.from('a') }])), {
      ok: false,
      reason: 'type',
    });
    assert.deepEqual(await inspectPaper(Buffer.alloc(0)), { ok: false, reason: 'empty' });
    assert.deepEqual(await inspectPaper(docx().subarray(0, 100)), {
      ok: false,
      reason: 'damaged',
    });
  });

  it('refuses zip bombs: a high ratio, too much unpacked, too many entries', async () => {
    // CPU time rather than the clock: refused without unpacking it all, however busy the machine
    const started = process.cpuUsage();
    assert.deepEqual(await inspectPaper(docx('x', 60 * MB)), { ok: false, reason: 'zipBomb' });
    // many entries each under the ratio floor, together too large unpacked
    const many = zip(
      Array.from({ length: 120 }, (_, i) => ({
        name: `word/m${String(i)}.bin`,
        data: Buffer.alloc(MB),
      })),
    );
    assert.deepEqual(await inspectPaper(many), { ok: false, reason: 'zipBomb' });
    const crowded = zip(
      Array.from({ length: defaultZipLimits.entries + 1 }, (_, i) => ({
        name: `e${String(i)}`,
        data: Buffer.from('x'),
      })),
    );
    assert.deepEqual(await inspectPaper(crowded), { ok: false, reason: 'zipBomb' });
    const used = process.cpuUsage(started);
    assert.ok((used.user + used.system) / 1000 < 5_000);
  });

  it('refuses a zip whose entry is larger than it says', async () => {
    const honest = docx('x');
    // the document entry claims 10 bytes unpacked: unpacking it shows more
    const lying = Buffer.from(honest);
    let at = lying.indexOf(Buffer.from('word/document.xml'));
    // local header: uncompressed size 8 bytes before the name length field (30-byte header)
    lying.writeUInt32LE(10, at - 30 + 22);
    at = lying.indexOf(Buffer.from('word/document.xml'), at + 1);
    lying.writeUInt32LE(10, at - 46 + 24);
    const result = await inspectPaper(lying);
    assert.equal(result.ok, false);
  });
});

describe('file names', () => {
  it('keeps a safe name with the real extension', () => {
    assert.equal(safeFileName('C:\\Users\\a\\Agenda.exe', 'application/pdf'), 'Agenda.pdf');
    assert.equal(safeFileName('../../etc/passwd', 'application/pdf'), 'passwd.pdf');
    assert.equal(safeFileName('Cofnodion\u202Efdp.exe', 'application/pdf'), 'Cofnodionfdp.pdf');
    assert.equal(safeFileName('  ..  ', 'application/vnd.oasis.opendocument.text'), 'paper.odt');
    assert.equal(safeFileName('a"<b>|c?.docx', 'application/pdf'), 'abc.pdf');
    assert.equal(safeFileName('x'.repeat(500), 'application/pdf').length, 194);
  });

  it('offers it back as an RFC 5987 attachment', () => {
    assert.equal(
      contentDisposition('Cyllideb ŵyn "2027";.pdf'),
      `attachment; filename="Cyllideb wyn _2027__.pdf"; filename*=UTF-8''Cyllideb%20%C5%B5yn%20%222027%22%3B.pdf`,
    );
  });
});

import zlib from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

/**
 * The text of an uploaded paper, for the jargon check. Nothing here writes the file anywhere;
 * it is read from the bytes given. A DOCX or ODT is a zip: its entries are inspected with yauzl
 * before anything is inflated, and no more than MAX_INFLATED bytes are ever inflated, so a zip
 * bomb is refused rather than unpacked.
 */
export type PaperKind = 'pdf' | 'docx' | 'odt';
export const paperKinds: readonly PaperKind[] = ['pdf', 'docx', 'odt'];

/** The most a paper's zip may hold once inflated (all entries together). */
export const MAX_INFLATED = 50 * 1024 * 1024;
/** More entries than this is no office document. */
const MAX_ENTRIES = 2_000;
/** An entry inflating to more than this many times its compressed size is a bomb, not text. */
const MAX_RATIO = 200;
/** Text past this many characters is not kept (a 20-page paper has ~50,000). */
const MAX_TEXT = 1_000_000;
/** PDF pages read at most. */
const MAX_PAGES = 500;

export type ExtractProblem = 'unreadable' | 'tooLarge' | 'encrypted';

/** Why a paper's text could not be read: `problem` is a stable code for a translated message. */
export class ExtractError extends Error {
  readonly problem: ExtractProblem;
  constructor(problem: ExtractProblem) {
    super(`paper text could not be read: ${problem}`);
    this.problem = problem;
    this.name = 'ExtractError';
  }
}

/** The text of a PDF, DOCX or ODT. Throws ExtractError when it cannot be read. */
export async function extractText(bytes: Uint8Array, kind: PaperKind): Promise<string> {
  const text =
    kind === 'pdf'
      ? await pdfText(bytes)
      : kind === 'docx'
        ? await docxText(bytes)
        : await odtText(bytes);
  return text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
}

// ----- zips (DOCX, ODT) -----

function openZip(bytes: Uint8Array): Promise<ZipFile> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) reject(new ExtractError('unreadable'));
      else resolve(zip);
    });
  });
}

/** Every entry of the zip, its declared sizes checked against the limits before any inflating. */
async function entriesOf(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    let total = 0;
    zip.on('entry', (entry: Entry) => {
      total += entry.uncompressedSize;
      const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
      if (
        entries.length >= MAX_ENTRIES ||
        total > MAX_INFLATED ||
        (entry.uncompressedSize > 1024 * 1024 && ratio > MAX_RATIO)
      ) {
        zip.close();
        reject(new ExtractError('tooLarge'));
        return;
      }
      if ((entry.generalPurposeBitFlag & 0x1) !== 0) {
        zip.close();
        reject(new ExtractError('encrypted'));
        return;
      }
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', () => reject(new ExtractError('unreadable')));
    zip.readEntry();
  });
}

/**
 * One entry inflated, stopping at `limit` bytes whatever the entry claims (yauzl also checks
 * that the inflated size matches the declared one).
 */
function inflate(zip: ZipFile, entry: Entry, limit: number, keep = true): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (entry.uncompressedSize > limit) {
      reject(new ExtractError('tooLarge'));
      return;
    }
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) {
        reject(new ExtractError('unreadable'));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          stream.destroy();
          reject(new ExtractError('tooLarge'));
          return;
        }
        if (keep) chunks.push(chunk);
      });
      stream.on('end', () => resolve(Buffer.concat(chunks)));
      // yauzl stops an entry that inflates past its declared size: a bomb that lied.
      stream.on('error', (cause: Error) =>
        reject(new ExtractError(/too many bytes/i.test(cause.message) ? 'tooLarge' : 'unreadable')),
      );
    });
  });
}

/** The zip's entries by name, after the limits were checked. */
async function readZip(bytes: Uint8Array) {
  const zip = await openZip(bytes);
  const entries = await entriesOf(zip);
  return { zip, entries: new Map(entries.map((entry) => [entry.fileName, entry])) };
}

const XML_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};
function decodeXml(text: string) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '';
    }
    return XML_ENTITIES[name] ?? whole;
  });
}

/** The text of an OpenDocument's content.xml: paragraphs and headings on their own lines. */
export function odfXmlText(xml: string) {
  return decodeXml(
    xml
      .replace(/<text:tab\s*\/>/g, '\t')
      .replace(/<text:s(?:\s+text:c="(\d+)")?\s*\/>/g, (_whole, count?: string) =>
        ' '.repeat(Math.min(Number(count ?? 1), 100)),
      )
      .replace(/<text:line-break\s*\/>/g, '\n')
      .replace(/<\/text:(?:p|h)>/g, '\n\n')
      .replace(/<text:note-citation[^>]*>.*?<\/text:note-citation>/g, '')
      .replace(/<[^>]+>/g, ''),
  )
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

async function odtText(bytes: Uint8Array) {
  const { zip, entries } = await readZip(bytes);
  try {
    const content = entries.get('content.xml');
    if (!content) throw new ExtractError('unreadable');
    const mimetype = entries.get('mimetype');
    if (mimetype) {
      const type = (await inflate(zip, mimetype, 200)).toString('latin1');
      if (!type.startsWith('application/vnd.oasis.opendocument.text'))
        throw new ExtractError('unreadable');
    }
    return odfXmlText((await inflate(zip, content, MAX_INFLATED)).toString('utf8'));
  } finally {
    zip.close();
  }
}

async function docxText(bytes: Uint8Array) {
  // mammoth unpacks the whole zip with JSZip, unchecked: check the sizes first.
  // Each entry is inflated once here (yauzl checks the declared sizes, which were checked
  // against the limits), so an entry that lies about its size is refused before mammoth sees it.
  const { zip, entries } = await readZip(bytes);
  try {
    if (!entries.has('word/document.xml')) throw new ExtractError('unreadable');
    for (const entry of entries.values())
      if (!entry.fileName.endsWith('/')) await inflate(zip, entry, MAX_INFLATED, false);
  } finally {
    zip.close();
  }
  const mammoth = (await import('mammoth')).default;
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const result = await mammoth.extractRawText({ buffer });
    return result.value.replace(/\n{3,}/g, '\n\n').trim();
  } catch {
    throw new ExtractError('unreadable');
  }
}

// ----- PDF -----

interface TextItemLike {
  str?: string;
  hasEOL?: boolean;
}

const STREAM = Buffer.from('stream');
const END_STREAM = Buffer.from('endstream');

/**
 * A PDF can be a bomb too: a small Flate stream that inflates to gigabytes, which pdf.js would
 * hold in memory. Before pdf.js reads the file, every Flate-compressed stream is inflated here
 * with a ceiling, and the file is refused when its streams would inflate past MAX_INFLATED in
 * all. Streams that are not Flate (images in other filters) fail to inflate and are skipped.
 */
export function checkPdfStreams(bytes: Uint8Array) {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let budget = MAX_INFLATED;
  let at = 0;
  for (;;) {
    const start = buffer.indexOf(STREAM, at);
    if (start < 0) return;
    at = start + STREAM.length;
    // the keyword, not the end of "endstream", and after a dictionary's ">>"
    if (start >= 3 && buffer.subarray(start - 3, start).toString('latin1') === 'end') continue;
    const before = buffer.subarray(Math.max(0, start - 12), start).toString('latin1');
    if (!/>>\s*$/.test(before)) continue;
    let dataStart = at;
    if (buffer[dataStart] === 0x0d) dataStart += 1;
    if (buffer[dataStart] === 0x0a) dataStart += 1;
    const end = buffer.indexOf(END_STREAM, dataStart);
    if (end < 0) return;
    at = end + END_STREAM.length;
    try {
      const inflated = zlib.inflateSync(buffer.subarray(dataStart, end), {
        maxOutputLength: Math.max(budget, 1),
        finishFlush: zlib.constants.Z_SYNC_FLUSH,
      });
      budget -= inflated.length;
    } catch (error) {
      if (
        (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ||
        error instanceof RangeError
      )
        throw new ExtractError('tooLarge');
      // not a Flate stream: pdf.js decodes it, bounded by the file's own size
    }
    if (budget <= 0) throw new ExtractError('tooLarge');
  }
}

async function pdfText(bytes: Uint8Array) {
  checkPdfStreams(bytes);
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdf.js takes ownership of the array it is given: give it a copy.
  const data = new Uint8Array(bytes);
  const task = pdfjs.getDocument({
    data,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  let document;
  try {
    document = await task.promise;
  } catch (error) {
    await task.destroy();
    if ((error as { name?: string }).name === 'PasswordException')
      throw new ExtractError('encrypted');
    throw new ExtractError('unreadable');
  }
  try {
    const pages: string[] = [];
    let length = 0;
    for (let number = 1; number <= Math.min(document.numPages, MAX_PAGES); number += 1) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items as TextItemLike[]) {
        if (typeof item.str !== 'string') continue;
        text += item.str;
        text += item.hasEOL ? '\n' : '';
      }
      page.cleanup();
      pages.push(text.trim());
      length += text.length;
      if (length > MAX_TEXT) break;
    }
    return pages.join('\n\n');
  } catch {
    throw new ExtractError('unreadable');
  } finally {
    await document.destroy();
  }
}

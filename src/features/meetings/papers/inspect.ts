import yauzl from 'yauzl';
import { typeFromBytes } from '#platform/http/uploads.ts';
import { paperMediaTypes, type PaperMediaType } from './tables.ts';

/**
 * What an uploaded paper really is, decided from its bytes (never its name or the browser's
 * word): a PDF, a DOCX or an ODT, or a refusal. DOCX and ODT are zip files, so before one is
 * accepted its entries are checked — how many, how large unpacked, how much larger than packed —
 * and then actually unpacked (counting, keeping nothing) up to the limit, so a zip bomb, or one
 * that lies about its sizes, is refused here rather than in whatever reads the paper later.
 */

export interface ZipLimits {
  /** Entries in the archive. */
  entries: number;
  /** All entries unpacked, in bytes. */
  totalUncompressed: number;
  /** How many times larger than packed one entry (above 1 MB) or the whole archive may be. */
  ratio: number;
}

export const defaultZipLimits: ZipLimits = {
  entries: 2_000,
  totalUncompressed: 100 * 1024 * 1024,
  ratio: 100,
};

/** Why a file was refused (each has a message in both languages: papers:errors.file.<reason>). */
export type Refusal = 'empty' | 'type' | 'zipBomb' | 'damaged';

export type Inspection = { ok: true; mediaType: PaperMediaType } | { ok: false; reason: Refusal };

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const RATIO_FLOOR = 1024 * 1024;

class ZipRefused extends Error {}

/** Checks a zip's entries and unpacks them counting bytes; throws ZipRefused when over a limit. */
async function checkZip(data: Buffer, limits: ZipLimits) {
  const zip = await yauzl.fromBufferPromise(data, {
    lazyEntries: true,
    validateEntrySizes: true,
    strictFileNames: false,
  });
  try {
    if (zip.entryCount > limits.entries) throw new ZipRefused('entries');
    let declared = 0;
    let unpacked = 0;
    for await (const entry of zip.eachEntry()) {
      declared += entry.uncompressedSize;
      if (declared > limits.totalUncompressed) throw new ZipRefused('total');
      if (
        entry.uncompressedSize > RATIO_FLOOR &&
        entry.uncompressedSize > limits.ratio * Math.max(1, entry.compressedSize)
      )
        throw new ZipRefused('ratio');
      if (entry.fileName.endsWith('/')) continue;
      // unpack it, counting: a size that lies is caught by yauzl (validateEntrySizes) or here
      const stream = await zip.openReadStreamPromise(entry);
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        unpacked += chunk.length;
        if (unpacked > limits.totalUncompressed) {
          stream.destroy();
          throw new ZipRefused('unpacked');
        }
      }
    }
    if (declared > RATIO_FLOOR && declared > limits.ratio * data.length)
      throw new ZipRefused('ratio');
  } finally {
    zip.close();
  }
}

/** What the bytes are: one of the accepted types, or why not. */
export async function inspectPaper(
  data: Buffer,
  limits: ZipLimits = defaultZipLimits,
): Promise<Inspection> {
  if (data.length === 0) return { ok: false, reason: 'empty' };
  if (data.subarray(0, 4).equals(ZIP_SIGNATURE)) {
    try {
      await checkZip(data, limits);
    } catch (error) {
      return { ok: false, reason: error instanceof ZipRefused ? 'zipBomb' : 'damaged' };
    }
  }
  let mediaType;
  try {
    mediaType = await typeFromBytes(data, Object.values(paperMediaTypes));
  } catch {
    return { ok: false, reason: 'type' };
  }
  return mediaType ? { ok: true, mediaType } : { ok: false, reason: 'type' };
}

/**
 * The uploaded name made safe to store and to offer back: no folders, no control or bidi
 * characters, no characters Windows refuses, at most 200 characters, with the extension of the
 * real type.
 */
export function safeFileName(name: string, mediaType: PaperMediaType): string {
  const extension =
    Object.entries(paperMediaTypes).find(([, type]) => type === mediaType)?.[0] ?? 'bin';
  const base = (name.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069<>:"|?*]/g, '')
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .slice(0, 190);
  return `${base || 'paper'}.${extension}`;
}

/** RFC 5987 / 6266 Content-Disposition: an ASCII fallback and the UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%;]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

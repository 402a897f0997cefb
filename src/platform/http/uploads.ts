import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { refuseNul } from './form-parser.ts';

/**
 * File uploads, one way everywhere: a form with one file beside its other fields. Each feature
 * keeps its own rules (the largest file, how many fields, the types it accepts) and passes them in.
 */

/** The file field as the multipart parser leaves it: its name and bytes, or too large. */
export type Upload =
  | { filename: string; data: Buffer; tooLarge?: undefined }
  | { filename: string; data?: undefined; tooLarge: true };

export const isUpload = (value: unknown): value is Upload =>
  typeof value === 'object' && value !== null && 'filename' in value;

/** The multipart limits of a feature's upload form (one file at the most). */
export interface UploadLimits {
  /** The largest file kept, in bytes. */
  fileSize: number;
  /** How many other fields, how long each may be, and how many parts in all. */
  fields: number;
  fieldSize: number;
  parts: number;
}

/**
 * Multipart for the calling plugin's routes only. The file is read as it streams in and kept only
 * up to `fileSize`: past it, busboy throws the rest away as it arrives (nothing buffered) and the
 * upload is flagged `tooLarge`, not thrown, so the form can say what was wrong. The other fields
 * arrive beside it, so the app's CSRF check reads _csrf as usual. A NUL in the file's name is
 * refused (a 400) like one in any form; with `refuseNulInFields`, so is one in the other fields.
 */
export async function acceptUploads(
  app: FastifyInstance,
  limits: UploadLimits,
  options: { refuseNulInFields?: boolean } = {},
) {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { ...limits, files: 1 },
    async onFile(part: MultipartFile) {
      const filename = refuseNul(part.filename);
      const chunks: Buffer[] = [];
      for await (const chunk of part.file as AsyncIterable<Buffer>) chunks.push(chunk);
      (part as MultipartFile & { value: Upload }).value = part.file.truncated
        ? { filename, tooLarge: true }
        : { filename, data: Buffer.concat(chunks) };
    },
  });
  if (options.refuseNulInFields)
    app.addHook('preValidation', async (request) => {
      const body = request.body as Record<string, unknown> | undefined;
      if (!request.isMultipart() || !body) return;
      for (const value of Object.values(body)) if (typeof value === 'string') refuseNul(value);
    });
}

/** Why there is no file to check: none chosen, a file of no bytes, or one past the limit. */
export type UploadProblem = 'missing' | 'empty' | 'tooLarge';

/** The uploaded file of a form field, or why there is none. */
export function uploadedFile(
  value: unknown,
): { ok: true; filename: string; data: Buffer } | { ok: false; problem: UploadProblem } {
  if (!isUpload(value)) return { ok: false, problem: 'missing' };
  if (value.tooLarge) return { ok: false, problem: 'tooLarge' };
  if (value.data.length === 0) return { ok: false, problem: value.filename ? 'empty' : 'missing' };
  return { ok: true, filename: value.filename, data: value.data };
}

/**
 * What a file really is, read from its bytes (never its name or the browser's word): one of the
 * accepted media types, or undefined. HEIF is taken as HEIC (a phone's photo says either).
 */
export async function typeFromBytes<T extends string>(
  data: Buffer,
  accepted: readonly T[],
): Promise<T | undefined> {
  const found = await fileTypeFromBuffer(data);
  const type = found?.mime === 'image/heif' ? 'image/heic' : found?.mime;
  return type && (accepted as readonly string[]).includes(type) ? (type as T) : undefined;
}

/**
 * The uploaded file of a form field with its type read from its bytes, or the problem with it:
 * missing (none chosen, or no bytes), too large, or not of an accepted type.
 */
export async function checkUpload<T extends string>(
  value: unknown,
  accepted: readonly T[],
): Promise<
  | { ok: true; filename: string; data: Buffer; type: T }
  | { ok: false; problem: 'missing' | 'tooLarge' | 'type' }
> {
  const file = uploadedFile(value);
  if (!file.ok) return { ok: false, problem: file.problem === 'empty' ? 'missing' : file.problem };
  const type = await typeFromBytes(file.data, accepted);
  return type ? { ...file, type } : { ok: false, problem: 'type' };
}

import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** The content types of the export formats. */
export const exportContentTypes = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** Part of a file name made from text (a name): nothing a header could trip on. */
export const fileSlug = (text: string, fallback = 'organisation') =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40) || fallback;

/**
 * A stream an export writes to as it reads its rows: `write` returns a promise when the stream
 * asks it to wait (back-pressure), so rows are read no faster than the client takes them.
 */
export function exportStream() {
  const stream = new PassThrough();
  const write = (chunk: string) =>
    stream.write(chunk) ? undefined : new Promise<void>((done) => stream.once('drain', done));
  return { stream, write };
}

/**
 * Sends a file to download: an attachment with its name (made of slugs, dates and numbers only:
 * no personal data), never cached, never sniffed. Register the route with `compress: false`.
 */
export function sendDownload(
  reply: FastifyReply,
  file: { name: string; contentType: string; body: unknown },
) {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.name}"`)
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(file.body);
}

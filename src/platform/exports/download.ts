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
 * asks it to wait (back-pressure), so rows are read no faster than the client takes them. When
 * the client goes away (the stream is destroyed), `write` rejects, so the export stops reading.
 */
export function exportStream() {
  const stream = new PassThrough();
  const closed = () => new Error('The download was closed before the export ended');
  const write = (chunk: string): Promise<void> | undefined => {
    if (stream.destroyed) return Promise.reject(closed());
    if (stream.write(chunk)) return undefined;
    return new Promise<void>((resolve, reject) => {
      const drained = () => {
        stream.off('close', gone);
        resolve();
      };
      const gone = () => {
        stream.off('drain', drained);
        reject(closed());
      };
      stream.once('drain', drained);
      stream.once('close', gone);
    });
  };
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

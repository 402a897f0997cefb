import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { MeetingKind } from '#app/features/meetings/tables.ts';
import { buildDocx, buildOdt, buildZip } from './paper-files.ts';
import { insertMeeting } from '#app/features/meetings/fixtures.ts';

/** For the papers tests: meetings inserted directly, files built in the test, multipart posts. */

/** A meeting of the organisation starting `days` from now (two hours long), inserted directly. */
export const insertTestMeeting = (
  db: Kysely<DB>,
  organisationId: string,
  options: { days?: number; kind?: MeetingKind; titleEn?: string } = {},
) =>
  insertMeeting(db, organisationId, {
    startsInHours: (options.days ?? 10) * 24,
    kind: options.kind ?? 'forum',
    title_en: options.titleEn ?? 'Service user forum',
  });

export { insertPaper, PDF } from '#app/features/meetings/fixtures.ts';

/** A Windows executable's first bytes ("MZ" and a PE header), as if renamed to .pdf. */
export function executable() {
  const data = Buffer.alloc(1024);
  data.write('MZ', 0, 'latin1');
  data.writeUInt32LE(0x80, 0x3c);
  data.write('PE\0\0', 0x80, 'latin1');
  data.writeUInt16LE(0x14c, 0x84);
  return data;
}

/** A zip archive (any file, a bomb included). */
export const zip = buildZip;

/** A minimal real DOCX; with `bomb`, one more entry of that many zero bytes (tiny when packed). */
export const docx = (text = 'Agenda', bomb = 0) =>
  buildDocx([text], bomb > 0 ? [{ name: 'word/media/padding.bin', data: Buffer.alloc(bomb) }] : []);

/** A minimal real ODT (the mimetype entry first and stored, as the format requires). */
export const odt = () => buildOdt([]);

/** The parts of a multipart body around a file: framing before and after it. */
export function multipartFraming(
  fields: Record<string, string>,
  file: { name: string; type?: string } | undefined,
) {
  const boundary = `----cyd${crypto.randomBytes(8).toString('hex')}`;
  const field = (key: string, value: string) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`,
    );
  const head = Buffer.concat([
    ...Object.entries(fields).map(([key, value]) => field(key, value)),
    file
      ? Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
        )
      : Buffer.alloc(0),
  ]);
  const tail = Buffer.from(`${file ? '\r\n' : ''}--${boundary}--\r\n`);
  return { boundary, head, tail, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The part of a test browser an upload needs (test/support/app.ts's Agent fits). */
interface Browser {
  cookies: Map<string, string>;
  csrf(): string;
  get(url: string): Promise<unknown>;
}

export const cookieOf = (agent: Browser) =>
  [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

/** Posts an upload form as a browser would (multipart), with the CSRF token of `page`. */
export async function postUpload(
  app: FastifyInstance,
  agent: Browser,
  page: string,
  url: string,
  fields: Record<string, string>,
  file?: { name: string; data: Buffer },
) {
  await agent.get(page);
  const framing = multipartFraming({ _csrf: agent.csrf(), ...fields }, file);
  return app.inject({
    method: 'POST',
    url,
    payload: Buffer.concat([framing.head, file?.data ?? Buffer.alloc(0), framing.tail]),
    headers: { cookie: cookieOf(agent), 'content-type': framing.contentType },
  });
}

/** The fields of a complete upload form. */
export const paperFields = (overrides: Record<string, string> = {}) => ({
  kind: 'agenda_paper',
  titleEn: 'Budget for next year',
  titleCy: 'Cyllideb y flwyddyn nesaf',
  language: 'en',
  format: 'standard',
  summaryEn: 'How the money will be spent.',
  summaryCy: 'Sut y bydd yr arian yn cael ei wario.',
  ...overrides,
});

import crypto from 'node:crypto';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { MeetingKind } from '#app/features/meetings/tables.ts';

/** For the papers tests: meetings inserted directly, files built in the test, multipart posts. */

/** A meeting of the organisation starting `days` from now (two hours long), inserted directly. */
export async function insertTestMeeting(
  db: Kysely<DB>,
  organisationId: string,
  options: { days?: number; kind?: MeetingKind; titleEn?: string } = {},
) {
  const starts = new Date(Date.now() + (options.days ?? 10) * 86_400_000);
  const row = await db
    .insertInto('meetings')
    .values({
      organisation_id: organisationId,
      kind: options.kind ?? 'forum',
      title_en: options.titleEn ?? 'Service user forum',
      title_cy: 'Fforwm defnyddwyr gwasanaeth',
      attendance_mode: 'online',
      starts_at: starts,
      ends_at: new Date(starts.getTime() + 2 * 3_600_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A small but real PDF. */
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

/** A Windows executable's first bytes ("MZ" and a PE header), as if renamed to .pdf. */
export function executable() {
  const data = Buffer.alloc(1024);
  data.write('MZ', 0, 'latin1');
  data.writeUInt32LE(0x80, 0x3c);
  data.write('PE\0\0', 0x80, 'latin1');
  data.writeUInt16LE(0x14c, 0x84);
  return data;
}

interface ZipEntry {
  name: string;
  data: Buffer;
  /** Store instead of deflating. */
  stored?: boolean;
}

/** A zip archive, written here so the tests can build any file (a bomb included). */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const packed = entry.stored ? entry.data : zlib.deflateRawSync(entry.data);
    const crc = zlib.crc32(entry.data);
    const method = entry.stored ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;
const DOCUMENT = (text: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`;

/** A minimal real DOCX; with `bomb`, one more entry of that many zero bytes (tiny when packed). */
export function docx(text = 'Agenda', bomb = 0) {
  const entries: ZipEntry[] = [
    { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
    { name: '_rels/.rels', data: Buffer.from(RELS) },
    { name: 'word/document.xml', data: Buffer.from(DOCUMENT(text)) },
  ];
  if (bomb > 0) entries.push({ name: 'word/media/padding.bin', data: Buffer.alloc(bomb) });
  return zip(entries);
}

/** A minimal real ODT (the mimetype entry first and stored, as the format requires). */
export function odt() {
  return zip([
    {
      name: 'mimetype',
      data: Buffer.from('application/vnd.oasis.opendocument.text'),
      stored: true,
    },
    {
      name: 'content.xml',
      data: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
      ),
    },
  ]);
}

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

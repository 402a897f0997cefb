import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { redirectPath } from './app.ts';

/** For tests: uploading a file as a browser would, and waiting for the background work. */

/** The part of a test browser an upload needs (test/support/app.ts's Agent fits). */
interface Browser<Page = unknown> {
  cookies: Map<string, string>;
  csrf(): string;
  get(url: string): Promise<Page>;
  post(
    url: string,
    form: Record<string, string>,
  ): Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>;
}

export const csv = (lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
export const HEADER =
  'Display name,Kind,Legal name,Date of birth,Phone,Email,Address,Postcode,Preferred language,Access needs,Consent to contact';

/** Posts the upload form as a browser would (multipart), with the page's CSRF token. */
export async function upload(
  app: FastifyInstance,
  agent: Browser,
  organisationId: string,
  name: string,
  data: Buffer,
) {
  await agent.get('/people/import');
  const boundary = `----cyd${crypto.randomBytes(8).toString('hex')}`;
  const field = (key: string, value: string) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`,
    );
  const payload = Buffer.concat([
    field('_csrf', agent.csrf()),
    field('organisation', organisationId),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return app.inject({
    method: 'POST',
    url: '/people/import',
    payload,
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

async function waitWhile(db: Kysely<DB>, id: string, status: 'parsing' | 'importing') {
  for (;;) {
    const row = await db
      .selectFrom('person_imports')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    if (row.status !== status) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits for the background check of an upload; returns the import id. */
export async function uploaded(
  db: Kysely<DB>,
  response: { statusCode: number; body: string; headers: Record<string, unknown> },
) {
  assert.equal(response.statusCode, 303, response.body.slice(0, 500));
  const id = /\/people\/import\/([0-9a-f-]+)$/.exec(redirectPath(response))![1]!;
  await waitWhile(db, id, 'parsing');
  return id;
}

/** Confirms an import (303 to its page), waits for the background import, then reads the page. */
export async function decided<Page>(
  db: Kysely<DB>,
  agent: Browser<Page>,
  id: string,
  form: Record<string, string>,
) {
  const posted = await agent.post(`/people/import/${id}`, form);
  assert.equal(posted.statusCode, 303, posted.body.slice(0, 500));
  assert.equal(redirectPath(posted), `/people/import/${id}`);
  await waitWhile(db, id, 'importing');
  return agent.get(`/people/import/${id}`);
}

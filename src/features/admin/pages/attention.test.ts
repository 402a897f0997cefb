import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { modules } from '#app/modules.ts';
import type { AttentionProvider, Module } from '#platform/modules/contract.ts';
import { logCapture, startTestApp, type TestApp } from '#test/support/app.ts';
import { signedInAccount } from '#test/support/fixture.ts';

/** A provider counting a constant, linking to `href`. */
const constant = (name: string, count: number, href: string): AttentionProvider<{ n: number }> => ({
  name,
  counts: () => ({ n: sql<number>`${sql.lit(count)}::int` }),
  items: ({ n }) => [{ text: 'pages:cookies.title', count: n, href }],
});

/**
 * The home page's "needs your attention" asks every module's providers in one statement, so the
 * page's queries do not grow with the providers; a provider whose count fails in PostgreSQL, or
 * whose counts or items fail in JavaScript, is left out (and logged without personal data)
 * while the others are still shown.
 */
describe('home page: needs your attention', () => {
  let t: TestApp;
  let broken: TestApp;
  const { lines, stream: logStream } = logCapture();
  const example = (attention: AttentionProvider[]): Module => ({
    name: 'meetings/attention-example',
    capability: 'meetings',
    attention,
  });

  before(async () => {
    t = await startTestApp(
      { EXPOSE_QUERY_COUNT: 'true' },
      { modules: [...modules, example([constant('example.first', 3, '/example-first')])] },
    );
    broken = await startTestApp(
      { LOG_LEVEL: 'warn' },
      {
        logStream,
        modules: [
          ...modules,
          example([
            constant('example.first', 3, '/example-first'),
            {
              // fails in PostgreSQL, so the statement of every provider's counts fails
              name: 'example.division',
              counts: () => ({ n: sql<number>`select 1 / (count(*) - count(*)) from accounts` }),
              items: () => [{ text: 'pages:cookies.title', count: 1, href: '/example-division' }],
            },
            {
              name: 'example.throws',
              counts: () => {
                throw new TypeError('not built');
              },
              items: () => [],
            },
            {
              name: 'example.unreadable',
              counts: () => ({ n: sql<number>`1` }),
              items: () => {
                throw new RangeError('not read');
              },
            },
            constant('example.second', 2, '/example-second'),
          ]),
        ],
      },
    );
  });
  after(async () => {
    await t.close();
    await broken.close();
  });

  it('asks every provider in one statement, whatever their number', async () => {
    assert.ok(t.services.modules.attention.length >= 13);
    const { agent } = await signedInAccount(t, {
      email: 'attention-admin@test.example',
      name: 'Attention admin',
      platformAdmin: true,
    });
    const home = await agent.get('/dashboard');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /href="\/example-first"/);
    // the session (and, once a minute, its last-seen time), and one statement for every count
    // (in a transaction that sets how it is planned: begin, set, the statement, commit)
    const queries = Number(home.headers['x-query-count']);
    assert.ok(queries <= 6, `${String(home.headers['x-query-count'])} queries`);
  });

  it('leaves out a provider that fails, asking the others one by one', async () => {
    const { agent } = await signedInAccount(broken, {
      email: 'attention-admin@test.example',
      name: 'Attention admin',
      platformAdmin: true,
    });
    lines.length = 0;
    const home = await agent.get('/dashboard');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /href="\/example-first"/);
    assert.match(home.body, /href="\/example-second"/);
    assert.doesNotMatch(home.body, /example-division/);
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const failed = logged.filter((entry) => entry.msg === 'attention provider failed');
    assert.deepEqual(failed.map((entry) => entry.provider).sort(), [
      'example.division',
      'example.throws',
      'example.unreadable',
    ]);
    assert.ok(
      logged.some(
        (entry) => entry.msg === 'attention statement failed: asking each provider alone',
      ),
    );
    // the provider's name and the error without the data involved: nobody's name or address
    assert.deepEqual(failed.map((entry) => (entry.err as { type: string }).type).sort(), [
      'RangeError',
      'TypeError',
      'error',
    ]);
    assert.doesNotMatch(lines.join('\n'), /attention-admin@test\.example|Attention admin/);
  });
});

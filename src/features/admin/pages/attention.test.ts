import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { modules } from '#app/modules.ts';
import type { AttentionProvider, Module } from '#platform/modules/contract.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import { roles } from '#platform/db/schema.ts';
import {
  attentionStatement,
  freshStatement,
  shapesMade,
  type Asking,
  type AttentionStatement,
} from '#platform/modules/attention-statement.ts';
import { logCapture, startTestApp, type TestApp } from '#test/support/app.ts';
import { signedInAccount } from '#test/support/fixture.ts';

/** What PostgreSQL is sent of a statement, and the names of each provider's values. */
const sent = ({ query: { sql, parameters }, names }: AttentionStatement) => ({
  sql,
  parameters,
  names,
});

/** A provider counting a constant, linking to `href`. */
const constant = (name: string, count: number, href: string): AttentionProvider<{ n: number }> => ({
  name,
  inputs: () => ({}),
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
              inputs: () => ({}),
              counts: () => ({ n: sql<number>`select 1 / (count(*) - count(*)) from accounts` }),
              items: () => [{ text: 'pages:cookies.title', count: 1, href: '/example-division' }],
            },
            {
              name: 'example.throws',
              inputs: () => ({}),
              counts: () => {
                throw new TypeError('not built');
              },
              items: () => [],
            },
            {
              name: 'example.unreadable',
              inputs: () => ({}),
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

  it('makes the statement once for each shape of inputs, as building it afresh would', async () => {
    let n = 0;
    const uuid = () => `00000000-0000-4000-8000-${String((n += 1)).padStart(12, '0')}`;
    /** An actor holding each role at an organisation of its own (two, one, none, or everywhere). */
    const actor = (held: readonly (typeof roles)[number][], platformAdmin = false): Actor => ({
      id: uuid(),
      name: 'Stand-in tester',
      email: 'stand-in@test.example',
      language: 'en',
      platformAdmin,
      mfaEnabled: false,
      memberships: held.map((role) => {
        const organisationId = uuid();
        return { organisationId, role, ancestors: [uuid(), organisationId] };
      }),
    });
    const shapes = [
      ...roles.map((role) => [role]),
      ...roles.flatMap((first) => roles.map((second) => [first, second])),
      [],
    ];
    const askedBy = (someone: Actor): Asking[] =>
      t.services.modules.attention.flatMap((provider) => {
        const inputs = provider.inputs(someone);
        return inputs ? [{ provider, inputs }] : [];
      });
    const never = (provider: string) => assert.fail(`${provider} failed`);
    const db = t.services.database.keptPlans;
    // two actors of each shape, the second given the statement made for the first
    for (const [held, platformAdmin] of [
      ...shapes.map((roles) => [roles, false] as const),
      [[], true] as const,
    ]) {
      for (const someone of [actor(held, platformAdmin), actor(held, platformAdmin)]) {
        const asked = askedBy(someone);
        const reused = sent(attentionStatement(db, t.services, asked, never));
        const fresh = sent(freshStatement(db, t.services, asked, never));
        assert.deepEqual(reused, fresh, `${held.join('+') || 'no role'} ${String(platformAdmin)}`);
        assert.doesNotMatch(JSON.stringify(reused.parameters), /\\u0000/);
      }
    }
    // every shape's statement is reused (none built afresh on each page)
    const { reused, afresh } = shapesMade(t.services);
    assert.equal(afresh, 0);
    assert.ok(reused >= 3, `${String(reused)} shapes`);
    // and each runs: the platform administrator's counts everything
    const admin = askedBy(actor([], true));
    const { query } = attentionStatement(db, t.services, admin, never);
    assert.equal((await db.executeQuery(query)).rows.length, 1);
  });

  it('builds afresh on each page a statement that puts an input anywhere but a parameter', () => {
    const literal: AttentionProvider<{ n: string }, { word: string; words: string[] }> = {
      name: 'example.literal',
      inputs: (someone) => ({ word: someone.id, words: [someone.id, someone.email] }),
      // an input in the text, and a list spread into parameters of its own
      counts: ({ db }, { word, words }) => ({
        n: db
          .selectNoFrom(sql<string>`${sql.lit(word)}`.as('n'))
          .where(sql.lit(words.length), '=', 2)
          .$asScalar(),
      }),
      items: () => [],
    };
    const lists: AttentionProvider<{ n: string }, { words: string[] }> = {
      name: 'example.list',
      inputs: (someone) => ({ words: [someone.id, someone.email] }),
      counts: ({ db }, { words }) => ({
        n: db
          .selectFrom('accounts')
          .select(sql<string>`count(*)::text`.as('n'))
          .where('id', 'in', words)
          .$asScalar(),
      }),
      items: () => [],
    };
    const db = t.services.database.keptPlans;
    const never = (provider: string) => assert.fail(`${provider} failed`);
    const before = shapesMade(t.services).afresh;
    for (const provider of [literal, lists] as AttentionProvider[]) {
      for (const id of ['first', 'second']) {
        const someone = { id, email: `${id}@test.example` } as Actor;
        const asked = [{ provider, inputs: provider.inputs(someone)! }];
        const statement = sent(attentionStatement(db, t.services, asked, never));
        assert.deepEqual(statement, sent(freshStatement(db, t.services, asked, never)));
        assert.ok(!statement.sql.includes('\u0000'));
      }
    }
    assert.equal(shapesMade(t.services).afresh, before + 2);
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

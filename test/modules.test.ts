import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { modules } from '#app/modules.ts';
import { collect, type Module } from '#platform/modules/contract.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { staffOfNewProvider } from '#test/support/fixture.ts';

/**
 * The module contract: a capability plugs in by being listed, and nothing else. An example
 * module (standing for a later capability) brings a route, a navigation link in its own group, an
 * item on the home page's "needs your attention", a service, a job, an evidence provider and a
 * figure; the app picks each up from the list.
 */
const example: Module = {
  name: 'meetings/example',
  services: ({ db }) => ({ example: { ping: () => db !== undefined } }) as never,
  routes: [
    async (app) => {
      app.get('/example', async (request, reply) =>
        reply.render('admin/pages/views/cookies.njk', { pageTitle: 'Example' }),
      );
    },
  ],
  navigation: [{ href: '/example', text: 'pages:cookies.title', visible: () => true }],
  attention: [
    {
      name: 'example.waiting',
      inputs: () => ({}),
      counts: () => ({ count: sql<number>`3` }),
      items: ({ count }) => [
        { text: 'pages:cookies.title', count: Number(count), href: '/example' },
      ],
    },
  ],
  jobs: () => [{ name: 'example.tidy', handler: async () => undefined, schedule: '0 3 * * *' }],
  evidence: [
    {
      id: 'example.evidence',
      criteria: ['WF 3.1'],
      text: 'pages:cookies.title',
      answer: async () => ({ met: 1, of: 2, records: [] }),
    },
  ],
  figures: [{ id: 'example.figure', text: 'pages:cookies.title', count: async () => 7 }],
};

describe('module contract', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({}, { modules: [...modules, example] });
  });
  after(() => t.close());

  it('collects what every module declares, once', () => {
    const registry = t.services.modules;
    assert.ok(registry.modules.includes(example));
    assert.deepEqual(
      registry.navigation.map((group) => group.capability),
      ['register', 'involvement', 'meetings', 'money', 'feedback', 'admin'],
    );
    assert.ok(registry.evidence.some((e) => e.id === 'example.evidence'));
    assert.ok(registry.figures.some((f) => f.id === 'example.figure'));
    assert.ok((t.services as unknown as { example: { ping(): boolean } }).example.ping());
    assert.throws(() => collect([example, example]), /Two modules are called meetings\/example/);
  });

  it('serves its routes, shows its navigation group and its items on the home page', async () => {
    const { agent } = await staffOfNewProvider(t, 'viewer', 'Example');
    const page = await agent.get('/example');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<summary[^>]*>(<strong[^>]*>)?Meetings(<\/strong>)?<\/summary>/);
    assert.match(page.body, /href="\/example" aria-current="page"/);
    const home = await agent.get('/dashboard');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Needs your attention/);
    assert.match(home.body, /<a class="govuk-link govuk-!-font-weight-bold" href="\/example">/);
  });

  it('lists every demo seed and national seed in module order', () => {
    const registry = collect(modules);
    assert.equal(registry.demoSeeds.length, 11);
    assert.deepEqual(
      registry.nationalSeeds.map((seed) => seed.name),
      ['people', 'involvement', 'meetings', 'money claims', 'feedback items'],
    );
  });
});

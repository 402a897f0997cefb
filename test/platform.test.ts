import crypto from 'node:crypto';
import zlib from 'node:zlib';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent, startTestApp, type TestApp } from './support/app.ts';

describe('platform', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('serves the start page in English and Welsh, remembering the choice', async () => {
    const agent = new Agent(t.app);
    const en = await agent.get('/');
    assert.equal(en.statusCode, 200);
    assert.match(en.body, /<html lang="en"/);
    const cy = await agent.get('/?lang=cy');
    assert.match(cy.body, /<html lang="cy"/);
    const again = await agent.get('/accessibility');
    assert.match(again.body, /<html lang="cy"/);
    assert.match(again.body, /Datganiad hygyrchedd/);
  });

  it('sends the security headers of quality.md; inline scripts are allowed only by their hash', async () => {
    const a = await t.app.inject({ url: '/' });
    const b = await t.app.inject({ url: '/' });
    const csp = String(a.headers['content-security-policy']);
    for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) {
      assert.ok(csp.includes(directive), directive);
    }
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.doesNotMatch(csp, /nonce-/);
    assert.equal(csp, b.headers['content-security-policy']);
    const inline = [...a.body.matchAll(/<script>([^<]+)<\/script>/g)].map((m) => m[1]!);
    assert.ok(inline.length > 0);
    for (const script of inline) {
      const hash = crypto.createHash('sha256').update(script).digest('base64');
      assert.ok(csp.includes(`'sha256-${hash}'`), `inline script allowed by hash: ${script}`);
    }
    assert.match(String(a.headers['strict-transport-security']), /max-age=\d+/);
    assert.equal(a.headers['x-content-type-options'], 'nosniff');
    assert.equal(a.headers['referrer-policy'], 'no-referrer');
  });

  it('answers unknown routes, bad input and missing CSRF tokens with clear pages', async () => {
    const notFound = await t.app.inject({ url: '/no-such-page?lang=cy' });
    assert.equal(notFound.statusCode, 404);
    assert.match(notFound.body, /Heb ddod o hyd i&#39;r dudalen/);
    const badQuery = await t.app.inject({ url: '/?q=%FF' });
    const signOutWith = (payload: string) =>
      t.app.inject({
        method: 'POST',
        url: '/sign-out',
        payload,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    assert.equal(badQuery.statusCode, 400);
    const badBody = await signOutWith('a=%C3%28');
    assert.equal(badBody.statusCode, 400);
    const noCsrf = await signOutWith('a=1');
    assert.equal(noCsrf.statusCode, 403);
    const tooBig = await signOutWith(`a=${'x'.repeat(1_100_000)}`);
    assert.equal(tooBig.statusCode, 413);
    for (const response of [notFound, badQuery, badBody, noCsrf, tooBig]) {
      assert.doesNotMatch(response.body, /at .*\.ts:\d+/);
      assert.match(String(response.headers['content-type']), /text\/html/);
    }
  });

  it('reports health and readiness', async () => {
    assert.equal((await t.app.inject({ url: '/healthz' })).statusCode, 200);
    assert.equal((await t.app.inject({ url: '/readyz' })).statusCode, 200);
  });

  it('serves fingerprinted assets with immutable caching, compressed', async () => {
    const page = await t.app.inject({ url: '/' });
    const css = /href="(\/assets\/application\.[0-9a-f]+\.css)"/.exec(page.body)?.[1];
    assert.ok(css);
    const asset = await t.app.inject({ url: css, headers: { 'accept-encoding': 'gzip' } });
    assert.equal(asset.statusCode, 200);
    assert.match(String(asset.headers['cache-control']), /immutable/);
    assert.equal(asset.headers['content-encoding'], 'gzip');
  });

  it('compresses pages with brotli or gzip, as the browser asks, to the same HTML', async () => {
    const plain = await t.app.inject({ url: '/accessibility' });
    const html = plain.body.replace(/name="_csrf" value="[^"]*"/g, '');
    for (const [encoding, decompress] of [
      ['br', zlib.brotliDecompressSync],
      ['gzip', zlib.gunzipSync],
    ] as const) {
      const page = await t.app.inject({
        url: '/accessibility',
        headers: { 'accept-encoding': encoding },
      });
      assert.equal(page.headers['content-encoding'], encoding);
      assert.ok(
        page.rawPayload.length < plain.rawPayload.length / 2,
        `${encoding} makes it smaller`,
      );
      const text = decompress(page.rawPayload).toString('utf8');
      assert.equal(text.replace(/name="_csrf" value="[^"]*"/g, ''), html);
    }
  });
});

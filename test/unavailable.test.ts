import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SESSION_COOKIE } from '#platform/auth/sessions.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { signedInAccount } from './support/fixture.ts';

describe('when the database is unreachable', () => {
  let t: TestApp;
  let cookie: string;
  before(async () => {
    t = await startTestApp();
    const { session } = await signedInAccount(t, { email: 'down@test.example', name: 'Down' });
    cookie = `${SESSION_COOKIE}=${session.id}`;
    assert.equal((await t.app.inject({ url: '/dashboard', headers: { cookie } })).statusCode, 200);
    await t.services.database.close();
  });
  after(async () => {
    await t.app.close();
  });

  it('fails /readyz but keeps /healthz up', async () => {
    assert.equal((await t.app.inject({ url: '/healthz' })).statusCode, 200);
    const ready = await t.app.inject({ url: '/readyz' });
    assert.equal(ready.statusCode, 503);
  });

  it('shows a clear 503 page in the visitor language, never a stack trace', async () => {
    const response = await t.app.inject({ url: '/dashboard?lang=cy', headers: { cookie } });
    assert.equal(response.statusCode, 503);
    assert.match(response.body, /nid yw&#39;r gwasanaeth ar gael/);
    assert.doesNotMatch(response.body, /at .*\.ts:\d+|Error:/);
  });
});

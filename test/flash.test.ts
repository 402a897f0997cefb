import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SESSION_COOKIE } from '#platform/auth/sessions.ts';
import { insertTestPerson } from '#features/register';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { staffOfNewProvider } from '#test/support/fixture.ts';

/**
 * Issue 13 item 3: a flash message belongs to the request that made it. Two tabs of one session
 * post at once to two features (the account's language, a person's status); each redirected
 * page shows only its own message, once, and a page loaded without the message's id shows none.
 */
describe('flash messages in two tabs', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('shows each tab only its own message, once', async () => {
    const { agent, organisation } = await staffOfNewProvider(t, 'involvement_lead', 'Two tabs');
    const personId = await insertTestPerson(t.services.db, t.config.encryptionKey, {
      organisationId: organisation.id,
      displayName: 'Tab Person',
    });
    await agent.get('/account');
    const csrf = agent.csrf();
    const cookie = `${SESSION_COOKIE}=${agent.cookies.get(SESSION_COOKIE)!}`;
    const post = (url: string, form: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
      });
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

    const [language, status] = await Promise.all([
      post('/account/language', { language: 'en' }),
      post(`/people/${personId}/status`, { status: 'paused', reason: '' }),
    ]);
    assert.equal(language.statusCode, 303);
    assert.equal(status.statusCode, 303);
    const languageUrl = String(language.headers.location);
    const statusUrl = String(status.headers.location);
    assert.match(languageUrl, /^\/account\?done=[\w-]{16}$/);
    assert.match(statusUrl, new RegExp(`^/people/${personId}\\?done=[\\w-]{16}$`));

    const LANGUAGE_SAVED = /Your language choice has been saved\./;
    const STATUS_CHANGED = /Their status is changed\./;
    const plain = await get('/account');
    assert.doesNotMatch(plain.body, LANGUAGE_SAVED, 'a page without the id shows no message');
    const person = await get(statusUrl);
    assert.match(person.body, STATUS_CHANGED);
    assert.doesNotMatch(person.body, LANGUAGE_SAVED, 'not the other tab’s message');
    const account = await get(languageUrl);
    assert.match(account.body, LANGUAGE_SAVED);
    assert.doesNotMatch(account.body, STATUS_CHANGED);
    assert.doesNotMatch((await get(languageUrl)).body, LANGUAGE_SAVED, 'shown once');
    // someone else's id shows nothing and takes nothing
    const other = await staffOfNewProvider(t, 'involvement_lead', 'Another');
    await other.agent.get('/account');
    const done = new URL(statusUrl, 'http://x').searchParams.get('done');
    assert.doesNotMatch((await other.agent.get(`/account?done=${done!}`)).body, STATUS_CHANGED);
  });
});

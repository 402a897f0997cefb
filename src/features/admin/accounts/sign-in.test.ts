import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generate } from 'otplib';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { SESSION_COOKIE } from '#platform/auth/sessions.ts';
import {
  agentFor,
  auditActions,
  createAccount,
  createOrganisation,
  currentCode,
  PASSWORD,
  sessionCookie,
  signIn,
} from '#test/support/accounts.ts';

describe('signing in and out', () => {
  let t: TestApp;
  let region: { id: string; ancestors: string[] };
  before(async () => {
    t = await startTestApp();
    region = await createOrganisation(t, 'Gwent');
  });
  after(() => t.close());

  it('signs in with the right password, in a new session with a new cookie', async () => {
    const { id, email } = await createAccount(t, {
      roles: [{ organisationId: region.id, role: 'staff' }],
    });
    const agent = agentFor(t);
    await agent.get('/sign-in');
    const before = sessionCookie(agent);
    assert.ok(before, 'the sign-in page gives a visitor session for its CSRF token');
    const response = await agent.post('/sign-in', {
      email: email.toUpperCase(),
      password: PASSWORD,
    });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/dashboard');
    const after = sessionCookie(agent);
    assert.ok(after);
    assert.notEqual(after, before, 'the session id changes at sign-in');
    // the visitor session has been destroyed, not just replaced
    const old = await t.app.inject({
      url: '/dashboard',
      headers: { cookie: `${SESSION_COOKIE}=${before}` },
    });
    assert.equal(old.statusCode, 303);
    assert.equal((await agent.get('/dashboard')).statusCode, 200);
    const audit = await auditActions(t, id);
    assert.equal(audit.at(-1)?.action, 'account.signed_in');
    assert.equal(audit.at(-1)?.actor_account_id, id);
  });

  it('gives the same message for a wrong password and an unknown e-mail, and audits no e-mail', async () => {
    const { id, email } = await createAccount(t);
    const agent = agentFor(t);
    await agent.get('/sign-in');
    const wrong = await agent.post('/sign-in', { email, password: 'not the password at all' });
    const unknownStart = performance.now();
    const unknown = await agent.post('/sign-in', {
      email: 'nobody-here@test.example',
      password: 'not the password at all',
    });
    const unknownMs = performance.now() - unknownStart;
    assert.equal(wrong.statusCode, 200);
    assert.equal(unknown.statusCode, 200);
    const message = (body: string) =>
      /govuk-error-summary__list[\s\S]*?<a[^>]*>([^<]+)</.exec(body)?.[1];
    assert.equal(message(wrong.body), 'Enter a correct email address and password');
    assert.equal(message(unknown.body), message(wrong.body));
    // the form comes back with the e-mail, never the password
    assert.match(unknown.body, /value="nobody-here@test.example"/);
    assert.doesNotMatch(unknown.body, /not the password at all/);
    // an unknown address still pays for a password check (argon2id: well over a millisecond)
    assert.ok(unknownMs > 5, `unknown e-mail answered in ${unknownMs} ms`);
    const failures = await t.services.db
      .selectFrom('audit_log')
      .select(['subject_id', 'details'])
      .where('action', '=', 'account.sign_in_failed')
      .execute();
    assert.ok(failures.some((f) => f.subject_id === id));
    assert.ok(failures.some((f) => f.subject_id === null));
    assert.ok(!JSON.stringify(failures).includes('nobody-here'));
  });

  it('locks the account for 15 minutes after five failures in a row', async () => {
    const { id, email } = await createAccount(t);
    const agent = agentFor(t);
    await agent.get('/sign-in');
    for (let i = 1; i <= 4; i += 1) {
      const response = await agent.post('/sign-in', { email, password: `wrong password ${i}` });
      assert.match(response.body, /Enter a correct email address and password/);
    }
    const fifth = await agent.post('/sign-in', { email, password: 'wrong password 5' });
    assert.match(fifth.body, /locked for 15 minutes/);
    // even the right password is refused while locked
    const right = await agent.post('/sign-in', { email, password: PASSWORD });
    assert.equal(right.statusCode, 200);
    assert.match(right.body, /locked for 15 minutes/);
    const row = await t.services.db
      .selectFrom('accounts')
      .select('locked_until')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const minutes = (row.locked_until!.getTime() - Date.now()) / 60_000;
    assert.ok(minutes > 14 && minutes <= 15, `locked for ${minutes} minutes`);
    const actions = (await auditActions(t, id)).map((a) => a.action);
    assert.ok(actions.includes('account.locked'));
    // once the lock has passed, the right password works and the count starts again
    await t.services.db
      .updateTable('accounts')
      .set({ locked_until: new Date(Date.now() - 1000) })
      .where('id', '=', id)
      .execute();
    assert.equal((await agent.post('/sign-in', { email, password: PASSWORD })).statusCode, 303);
  });

  it('refuses a disabled account with a clear message', async () => {
    const { id, email } = await createAccount(t);
    await t.services.db
      .updateTable('accounts')
      .set({ disabled_at: new Date() })
      .where('id', '=', id)
      .execute();
    const agent = agentFor(t);
    await agent.get('/sign-in');
    const response = await agent.post('/sign-in', { email, password: PASSWORD });
    assert.match(response.body, /This account has been disabled/);
  });

  it('gives errors for bad input and keeps what was typed', async () => {
    const agent = agentFor(t);
    await agent.get('/sign-in');
    const response = await agent.post('/sign-in', { email: 'not-an-email', password: '' });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /govuk-error-summary/);
    assert.match(response.body, /Enter an email address in the correct format/);
    assert.match(response.body, /Enter your password/);
    assert.match(response.body, /value="not-an-email"/);
    assert.match(response.body, /<title>Error: Sign in/);
  });

  it('answers too many sign-in attempts from one address with the 429 page', async () => {
    const agent = agentFor(t, '192.0.2.99');
    await agent.get('/sign-in');
    const statuses: number[] = [];
    for (let i = 0; i < 22; i += 1) {
      const response = await agent.post('/sign-in', { email: 'x@test.example', password: 'y' });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) {
        assert.match(response.body, /Too many attempts/);
        break;
      }
    }
    assert.equal(statuses.at(-1), 429);
    assert.equal(statuses.length, 21);
    // another address is not affected
    const other = agentFor(t);
    await other.get('/sign-in');
    assert.equal(
      (await other.post('/sign-in', { email: 'x@test.example', password: 'y' })).statusCode,
      200,
    );
  });

  it('signs out on POST only, ending the session', async () => {
    const { id, email } = await createAccount(t);
    const agent = await signIn(t, email);
    const cookie = sessionCookie(agent)!;
    assert.equal((await agent.get('/sign-out')).statusCode, 404);
    await agent.get('/dashboard');
    const response = await agent.post('/sign-out');
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/sign-in');
    const page = await agent.get('/sign-in');
    assert.match(page.body, /You have signed out/);
    const replay = await t.app.inject({
      url: '/dashboard',
      headers: { cookie: `${SESSION_COOKIE}=${cookie}` },
    });
    assert.equal(replay.statusCode, 303);
    assert.equal(replay.headers.location, '/sign-in');
    assert.ok((await auditActions(t, id)).some((a) => a.action === 'account.signed_out'));
  });

  it('lets a demo-style account (no MFA required) straight in', async () => {
    const admin = await createAccount(t, { platformAdmin: true, mfaRequired: false });
    const agent = await signIn(t, admin.email);
    assert.equal((await agent.get('/dashboard')).statusCode, 200);
    const orgAdmin = await createAccount(t, {
      roles: [{ organisationId: region.id, role: 'organisation_admin' }],
    });
    const second = agentFor(t);
    await second.get('/sign-in');
    const response = await second.post('/sign-in', { email: orgAdmin.email, password: PASSWORD });
    assert.equal(response.headers.location, '/dashboard');
  });

  it('renders the sign-in pages in Welsh', async () => {
    const agent = agentFor(t);
    const page = await agent.get('/sign-in?lang=cy');
    assert.match(page.body, /<html lang="cy"/);
    assert.match(page.body, /Mewngofnodi/);
    assert.match(page.body, /Cyfeiriad e-bost/);
    const error = await agent.post('/sign-in', { email: '', password: '' });
    assert.match(error.body, /Rhowch gyfeiriad e-bost/);
    const forgot = await agent.get('/password/forgot');
    assert.match(forgot.body, /Ailosod eich cyfrinair/);
  });
});

describe('two-factor authentication', () => {
  let t: TestApp;
  let secure: { id: string; ancestors: string[] };
  before(async () => {
    t = await startTestApp();
    secure = await createOrganisation(t, 'Dyfed', undefined, true);
  });
  after(() => t.close());

  /** Reads the secret shown as text on the set-up page and makes a code with otplib. */
  const secretOn = (body: string) => {
    const text = /<code class="cyd-secret">([A-Z2-7 ]+)<\/code>/.exec(body)?.[1];
    assert.ok(text, 'the secret is shown for manual entry');
    return text.replace(/ /g, '');
  };

  it('makes an administrator of an organisation that requires MFA set it up first', async () => {
    const { id, email } = await createAccount(t, {
      roles: [{ organisationId: secure.id, role: 'organisation_admin' }],
    });
    const agent = agentFor(t);
    await agent.get('/sign-in');
    const response = await agent.post('/sign-in', { email, password: PASSWORD });
    assert.equal(response.headers.location, '/account/mfa/set-up');
    // every other page sends them back to set-up
    const elsewhere = await agent.get('/dashboard');
    assert.equal(elsewhere.statusCode, 303);
    assert.equal(elsewhere.headers.location, '/account/mfa/set-up');

    const setUp = await agent.get('/account/mfa/set-up');
    assert.equal(setUp.statusCode, 200);
    assert.match(setUp.body, /<svg class="cyd-qr-code"/);
    assert.match(setUp.body, /Your role needs two-factor authentication/);
    const secret = secretOn(setUp.body);

    const wrong = await agent.post('/account/mfa/set-up', {
      secret: /name="secret" value="([^"]+)"/.exec(setUp.body)![1]!,
      code: '000000',
    });
    assert.match(wrong.body, /The security code is not right/);
    assert.equal(secretOn(wrong.body), secret, 'the same secret is kept while they retry');

    const code = await generate({ secret });
    const done = await agent.post('/account/mfa/set-up', {
      secret: /name="secret" value="([^"]+)"/.exec(wrong.body)![1]!,
      code,
    });
    assert.equal(done.statusCode, 303);
    assert.equal((await agent.get('/dashboard')).statusCode, 200, 'the set-up flag is cleared');

    const row = await t.services.db
      .selectFrom('accounts')
      .select(['totp_secret', 'mfa_enabled_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.ok(row.mfa_enabled_at);
    assert.ok(row.totp_secret?.startsWith('v1.'), 'stored encrypted');
    assert.ok(!row.totp_secret?.includes(secret));

    // next sign-in: password, then a code; the set-up code cannot be used again
    await agent.post('/sign-out');
    await agent.get('/sign-in');
    const password = await agent.post('/sign-in', { email, password: PASSWORD });
    assert.equal(password.headers.location, '/sign-in/mfa');
    const pendingCookie = sessionCookie(agent);
    assert.equal((await agent.get('/dashboard')).headers.location, '/sign-in', 'not signed in yet');
    await agent.get('/sign-in/mfa');
    const reused = await agent.post('/sign-in/mfa', { code });
    assert.match(reused.body, /That code has already been used/);
    const bad = await agent.post('/sign-in/mfa', { code: '12ab' });
    assert.match(bad.body, /Enter the 6-digit security code/);
    const next = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    const ok = await agent.post('/sign-in/mfa', { code: next });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/dashboard');
    assert.notEqual(sessionCookie(agent), pendingCookie, 'rotated after the second step');
    assert.equal((await agent.get('/dashboard')).statusCode, 200);

    // the same code a second time, from another browser, is refused
    const other = agentFor(t);
    await other.get('/sign-in');
    await other.post('/sign-in', { email, password: PASSWORD });
    await other.get('/sign-in/mfa');
    assert.match((await other.post('/sign-in/mfa', { code: next })).body, /already been used/);
    const audit = (await auditActions(t, id)).map((a) => a.action);
    assert.ok(audit.includes('account.mfa_enabled'));
  });

  it('counts wrong codes towards the lockout', async () => {
    const { id, email } = await createAccount(t, {
      roles: [{ organisationId: secure.id, role: 'organisation_admin' }],
    });
    const agent = agentFor(t);
    await agent.get('/sign-in');
    await agent.post('/sign-in', { email, password: PASSWORD });
    const setUp = await agent.get('/account/mfa/set-up');
    await agent.post('/account/mfa/set-up', {
      secret: /name="secret" value="([^"]+)"/.exec(setUp.body)![1]!,
      code: await generate({ secret: secretOn(setUp.body) }),
    });
    await agent.get('/account');
    await agent.post('/sign-out');
    await agent.get('/sign-in');
    await agent.post('/sign-in', { email, password: PASSWORD });
    await agent.get('/sign-in/mfa');
    const good = await currentCode(t, id, 1);
    const wrongCode = good === '111111' ? '222222' : '111111';
    let last = await agent.post('/sign-in/mfa', { code: wrongCode });
    for (let i = 0; i < 4 && last.statusCode === 200; i += 1)
      last = await agent.post('/sign-in/mfa', { code: wrongCode });
    assert.equal(last.statusCode, 303);
    assert.equal(last.headers.location, '/sign-in');
    assert.match((await agent.get('/sign-in')).body, /locked for 15 minutes/);
  });

  it('lets someone who is not required turn MFA on and off from their account', async () => {
    const { id, email } = await createAccount(t);
    const agent = await signIn(t, email);
    const account = await agent.get('/account');
    assert.match(account.body, /We recommend it/);
    const setUp = await agent.get('/account/mfa/set-up');
    assert.doesNotMatch(setUp.body, /Your role needs two-factor authentication/);
    await agent.post('/account/mfa/set-up', {
      secret: /name="secret" value="([^"]+)"/.exec(setUp.body)![1]!,
      code: await generate({ secret: secretOn(setUp.body) }),
    });
    assert.match((await agent.get('/account')).body, /On since/);
    await agent.get('/account/mfa/turn-off');
    const wrong = await agent.post('/account/mfa/turn-off', { currentPassword: 'wrong one' });
    assert.match(wrong.body, /Your current password is not right/);
    const off = await agent.post('/account/mfa/turn-off', { currentPassword: PASSWORD });
    assert.equal(off.statusCode, 303);
    const actions = (await auditActions(t, id)).map((a) => a.action);
    assert.ok(actions.includes('account.mfa_disabled'));
  });

  it('requires MFA for platform administrators unless exempted', async () => {
    const admin = await createAccount(t, { platformAdmin: true, mfaRequired: true });
    const agent = agentFor(t);
    await agent.get('/sign-in');
    const response = await agent.post('/sign-in', { email: admin.email, password: PASSWORD });
    assert.equal(response.headers.location, '/account/mfa/set-up');
    const turnOff = await agent.get('/account/mfa/turn-off');
    assert.match(turnOff.body, /cannot be turned off/);
  });
});

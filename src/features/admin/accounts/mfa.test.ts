import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generate } from 'otplib';
import { startTestApp, type TestApp, redirectPath } from '#test/support/app.ts';
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

/** Two-factor authentication for staff: setting it up, codes at sign-in, lock-outs, resets. */
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
    assert.equal(redirectPath(response), '/account/mfa/set-up');
    // every other page sends them back to set-up
    const elsewhere = await agent.get('/dashboard');
    assert.equal(elsewhere.statusCode, 303);
    assert.equal(redirectPath(elsewhere), '/account/mfa/set-up');

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
    assert.equal(redirectPath(password), '/sign-in/mfa');
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
    assert.equal(redirectPath(ok), '/dashboard');
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
    assert.equal(redirectPath(last), '/sign-in');
    assert.match((await agent.follow(last)).body, /locked for 15 minutes/);
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
    assert.equal(redirectPath(response), '/account/mfa/set-up');
    const turnOff = await agent.get('/account/mfa/turn-off');
    assert.match(turnOff.body, /cannot be turned off/);
  });
});

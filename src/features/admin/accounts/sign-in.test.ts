import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp, redirectPath } from '#test/support/app.ts';
import { SESSION_COOKIE } from '#platform/auth/sessions.ts';
import {
  agentFor,
  auditActions,
  createAccount,
  createOrganisation,
  lastMessageTo,
  linkIn,
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
    assert.equal(redirectPath(response), '/dashboard');
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

  /** The page without what differs on every page (CSRF token, CSP nonce) and the typed e-mail. */
  const comparable = (body: string, email: string) =>
    body
      .replace(/name="_csrf" value="[^"]+"/g, '')
      .replace(/nonce="[^"]+"/g, '')
      .replaceAll(email, 'EMAIL');
  /** Response headers but the cookie (a new session) and the clock's, with the CSP nonce out. */
  const headersOf = (response: { headers: Record<string, unknown> }) =>
    Object.fromEntries(
      Object.entries(response.headers)
        // the date and the seconds until the rate limit's window ends move with the clock (a
        // second can turn between the two answers), not with the address
        .filter(([name]) => !['set-cookie', 'date', 'x-ratelimit-reset'].includes(name))
        .map(([name, value]) => [name, String(value).replace(/'nonce-[^']+'/g, '')]),
    );
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  /** The newest pair throttle row (tests in this file run one at a time). */
  const newestPair = () =>
    t.services.db
      .selectFrom('sign_in_throttles')
      .selectAll()
      .where('key', 'like', 'pair:%')
      .orderBy('updated_at', 'desc')
      .executeTakeFirstOrThrow();

  it('answers a known and an unknown address byte for byte alike, and pauses both after five failures', async () => {
    const { id, email } = await createAccount(t);
    const unknownEmail = email.replace(/^[^@]+/, (local) => 'z'.repeat(local.length));
    const known = agentFor(t);
    const unknown = agentFor(t);
    await known.get('/sign-in');
    await unknown.get('/sign-in');
    for (let i = 1; i <= 7; i += 1) {
      const a = await known.post('/sign-in', { email, password: `wrong password ${i}` });
      const b = await unknown.post('/sign-in', {
        email: unknownEmail,
        password: `wrong password ${i}`,
      });
      assert.equal(a.statusCode, i < 5 ? 200 : 429, `attempt ${i}`);
      assert.equal(b.statusCode, a.statusCode, `attempt ${i}`);
      assert.equal(comparable(b.body, unknownEmail), comparable(a.body, email), `attempt ${i}`);
      assert.deepEqual(headersOf(b), headersOf(a), `attempt ${i}: the same headers`);
      assert.match(
        a.body,
        i < 5 ? /Enter a correct email address and password/ : /too many attempts to sign in/,
      );
    }
    // while paused, even the right password from that address gets the same answer
    const right = await known.post('/sign-in', { email, password: PASSWORD });
    assert.equal(right.statusCode, 429);
    assert.match(right.body, /too many attempts to sign in/);
    // the account itself is not locked
    const row = await t.services.db
      .selectFrom('accounts')
      .select(['locked_until', 'failed_sign_ins'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.locked_until, null);
    const actions = (await auditActions(t, id)).map((a) => a.action);
    assert.ok(actions.includes('account.sign_in_paused'));
    // no e-mail or network address is stored, only keyed hashes
    const keys = await t.services.db.selectFrom('sign_in_throttles').select('key').execute();
    for (const { key } of keys) assert.doesNotMatch(key, /@|test\.example|10\.0\./);
  });

  it('takes as long for an unknown address as for a wrong password', async () => {
    const { email } = await createAccount(t);
    const knownMs: number[] = [];
    const unknownMs: number[] = [];
    const timed = async (address: string, into: number[]) => {
      const agent = agentFor(t);
      await agent.get('/sign-in');
      const start = performance.now();
      const response = await agent.post('/sign-in', {
        email: address,
        password: 'a wrong password',
      });
      into.push(performance.now() - start);
      assert.equal(response.statusCode, 200);
    };
    for (let i = 0; i < 9; i += 1) {
      await timed(email, knownMs);
      await timed(`unknown-${i}@test.example`, unknownMs);
    }
    const k = median(knownMs);
    const u = median(unknownMs);
    console.log(`staff sign-in medians: known ${k.toFixed(1)} ms, unknown ${u.toFixed(1)} ms`);
    assert.ok(u >= 0.6 * k && k >= 0.6 * u, `known ${k.toFixed(1)} ms, unknown ${u.toFixed(1)} ms`);
  });

  it('lets the owner sign in from their own address while someone guesses from another', async () => {
    const { email } = await createAccount(t);
    const attacker = agentFor(t);
    await attacker.get('/sign-in');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1)
      statuses.push(
        (await attacker.post('/sign-in', { email, password: `guess ${i}` })).statusCode,
      );
    assert.deepEqual(statuses, [200, 200, 200, 200, ...Array<number>(8).fill(429)]);
    const owner = agentFor(t);
    await owner.get('/sign-in');
    const response = await owner.post('/sign-in', { email, password: PASSWORD });
    assert.equal(response.statusCode, 303);
    assert.equal(redirectPath(response), '/dashboard');
  });

  it('checks no more than five passwords when guesses from one address arrive at once', async () => {
    const { id, email } = await createAccount(t);
    const agent = agentFor(t);
    await agent.get('/sign-in');
    const form = (i: number) => ({ email, password: `guess ${i}`, _csrf: agent.csrf() });
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => agent.post('/sign-in', form(i))),
    );
    const statuses = responses.map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [200, 200, 200, 200, ...Array<number>(8).fill(429)]);
    const audit = await t.services.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('subject_id', '=', id)
      .execute();
    const checked = audit.filter((a) => a.details.reason === 'password');
    assert.equal(checked.length, 5, 'five passwords checked, the rest refused unchecked');
  });

  it('makes the pauses from one address longer each time, and clears them on the right password', async () => {
    const { email } = await createAccount(t);
    const agent = agentFor(t);
    await agent.get('/sign-in');
    const pauseMinutes = async () => {
      const row = await newestPair();
      return Math.round((row.blocked_until!.getTime() - Date.now()) / 60_000);
    };
    const endPause = () =>
      t.services.db
        .updateTable('sign_in_throttles')
        .set({ blocked_until: new Date(Date.now() - 1000) })
        .where('key', 'like', 'pair:%')
        .execute();
    for (let i = 0; i < 5; i += 1) await agent.post('/sign-in', { email, password: `guess ${i}` });
    assert.equal(await pauseMinutes(), 1);
    const pauses = [];
    for (let round = 0; round < 5; round += 1) {
      await endPause();
      const response = await agent.post('/sign-in', { email, password: `again ${round}` });
      assert.equal(response.statusCode, 429);
      pauses.push(await pauseMinutes());
    }
    assert.deepEqual(pauses, [2, 4, 8, 15, 15]);
    await endPause();
    assert.equal((await agent.post('/sign-in', { email, password: PASSWORD })).statusCode, 303);
    const row = await newestPair();
    assert.equal(row.failures, 0);
    assert.equal(row.blocked_until, null);
    assert.ok(row.trusted_until! > new Date());
  });

  it('pauses guesses spread over many addresses, but not the owner at an address they used before or a reset link', async () => {
    const { email } = await createAccount(t);
    const usual = agentFor(t, '198.51.100.7');
    await usual.get('/sign-in');
    assert.equal((await usual.post('/sign-in', { email, password: PASSWORD })).statusCode, 303);
    for (let i = 0; i < 20; i += 1) {
      const bot = agentFor(t);
      await bot.get('/sign-in');
      assert.equal(
        (await bot.post('/sign-in', { email, password: `guess ${i}` })).statusCode,
        i < 19 ? 200 : 429,
      );
    }
    // a new address is paused, even with the right password...
    const newPlace = agentFor(t, '198.51.100.8');
    await newPlace.get('/sign-in');
    assert.equal((await newPlace.post('/sign-in', { email, password: PASSWORD })).statusCode, 429);
    // ...and so is an unknown address under the same attack (the answers never say which)
    // while the owner's usual address is not
    const again = agentFor(t, '198.51.100.7');
    await again.get('/sign-in');
    assert.equal((await again.post('/sign-in', { email, password: PASSWORD })).statusCode, 303);
    // a reset link proves the address is theirs: used at the new address, it lets them in there
    await newPlace.get('/password/forgot');
    await newPlace.post('/password/forgot', { email });
    const link = linkIn((await lastMessageTo(t, email))?.body ?? '', t.config.publicUrl);
    await newPlace.get(link);
    const newPassword = 'a new and longer passphrase';
    assert.equal(
      (await newPlace.post(link, { password: newPassword, confirmPassword: newPassword }))
        .statusCode,
      303,
    );
    await newPlace.get('/sign-in');
    assert.equal(
      (await newPlace.post('/sign-in', { email, password: newPassword })).statusCode,
      303,
    );
  });

  it('prunes throttle rows nobody has needed for a day', async () => {
    await t.services.db
      .insertInto('sign_in_throttles')
      .values([
        { key: 'pair:old', failures: 3, updated_at: new Date(Date.now() - 2 * 86_400_000) },
        {
          key: 'pair:old-but-trusted',
          failures: 0,
          trusted_until: new Date(Date.now() + 86_400_000),
          updated_at: new Date(Date.now() - 2 * 86_400_000),
        },
      ])
      .execute();
    assert.ok((await t.services.accounts.pruneThrottles()) >= 1);
    const left = await t.services.db
      .selectFrom('sign_in_throttles')
      .select('key')
      .where('key', 'like', 'pair:old%')
      .execute();
    assert.deepEqual(
      left.map((r) => r.key),
      ['pair:old-but-trusted'],
    );
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
      // a different address each time: one address trying many accounts
      const response = await agent.post('/sign-in', { email: `x${i}@test.example`, password: 'y' });
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
    assert.equal(redirectPath(response), '/sign-in');
    const page = await agent.follow(response);
    assert.match(page.body, /You have signed out/);
    const replay = await t.app.inject({
      url: '/dashboard',
      headers: { cookie: `${SESSION_COOKIE}=${cookie}` },
    });
    assert.equal(replay.statusCode, 303);
    assert.equal(redirectPath(replay), '/sign-in');
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
    assert.equal(redirectPath(response), '/dashboard');
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

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

describe('invitations and password resets', () => {
  let t: TestApp;
  let region: { id: string; ancestors: string[] };
  let admin: { id: string; email: string };
  before(async () => {
    t = await startTestApp();
    region = await createOrganisation(t, 'Powys');
    admin = await createAccount(t, {
      name: 'Siân Admin',
      roles: [{ organisationId: region.id, role: 'organisation_admin' }],
    });
  });
  after(() => t.close());

  /** Invites through the pages: form, check your answers, send. */
  async function invite(
    agent: Awaited<ReturnType<typeof signIn>>,
    fields: {
      name: string;
      email: string;
      role?: string;
      language?: string;
      organisationId?: string;
    },
  ) {
    await agent.get('/staff/invite');
    const form = await agent.post('/staff/invite', {
      organisationId: region.id,
      role: 'involvement_lead',
      language: 'en',
      ...fields,
    });
    assert.equal(form.statusCode, 303, form.body.slice(0, 200));
    assert.equal(redirectPath(form), '/staff/invite/check');
    const check = await agent.get('/staff/invite/check');
    assert.match(check.body, /Check the invitation before sending it/);
    return agent.post('/staff/invite/check');
  }

  it('invites a person who sets a password and is signed in', async () => {
    const agent = await signIn(t, admin.email);
    const sent = await invite(agent, {
      name: 'Gareth Lloyd',
      email: 'Gareth.Lloyd@Test.Example',
      language: 'cy',
    });
    assert.equal(sent.statusCode, 303);
    const recordUrl = redirectPath(sent);
    assert.match(recordUrl, /^\/staff\/[0-9a-f-]{36}$/);
    const record = await agent.follow(sent);
    assert.match(record.body, /Invitation sent/);
    assert.match(record.body, /Gareth Lloyd/);
    assert.match(record.body, /Involvement lead/);

    // a double submit sends nothing more
    const again = await agent.post('/staff/invite/check', { _csrf: agent.csrf() });
    assert.equal(redirectPath(again), '/staff');

    const message = await lastMessageTo(t, 'gareth.lloyd@test.example');
    assert.ok(message);
    assert.equal(message.language, 'cy');
    assert.equal(message.template, 'invitation');
    assert.match(message.body, /Siân Admin/);
    assert.match(message.body, /Powys \(cy\)/);
    assert.ok(!message.reference.includes('gareth'), 'no personal data in the reference');
    const link = linkIn(message.body, t.config.publicUrl);
    assert.match(link, /^\/invitations\/[\w-]{40,}$/);
    const token = link.split('/').at(-1)!;
    const stored = await t.services.db.selectFrom('account_tokens').select('token_hash').execute();
    assert.ok(
      stored.every((row) => row.token_hash !== token),
      'only the hash is stored',
    );

    const invitee = agentFor(t);
    const page = await invitee.get(link);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /gareth.lloyd@test.example/);
    const weak = await invitee.post(link, {
      password: 'password123',
      confirmPassword: 'password123',
    });
    assert.match(weak.body, /too common/);
    const short = await invitee.post(link, { password: 'short', confirmPassword: 'short' });
    assert.match(short.body, /10 characters or more/);
    const mismatch = await invitee.post(link, {
      password: PASSWORD,
      confirmPassword: `${PASSWORD}!`,
    });
    assert.match(mismatch.body, /The passwords do not match/);
    assert.doesNotMatch(mismatch.body, new RegExp(PASSWORD), 'passwords are never sent back');
    const before = sessionCookie(invitee);
    const accepted = await invitee.post(link, { password: PASSWORD, confirmPassword: PASSWORD });
    assert.equal(accepted.statusCode, 303);
    assert.equal(redirectPath(accepted), '/dashboard');
    assert.notEqual(sessionCookie(invitee), before);
    const dashboard = await invitee.get('/dashboard');
    assert.equal(dashboard.statusCode, 200);
    assert.match(dashboard.body, /<html lang="cy"/, 'their chosen language is used');

    // the link is spent
    const reuse = await agentFor(t).get(link);
    assert.equal(reuse.statusCode, 404);
    assert.match(reuse.body, /expired or has been used/);
    const id = recordUrl.split('/').at(-1)!;
    const actions = (await auditActions(t, id)).map((a) => a.action);
    for (const action of [
      'account.role_granted',
      'account.invitation_sent',
      'account.invitation_accepted',
      'account.signed_in',
    ])
      assert.ok(actions.includes(action), action);
  });

  it('adds a role to an existing account instead of inviting again, and tells the admin', async () => {
    const other = await createOrganisation(t, 'Powys North', region);
    const existing = await createAccount(t, {
      roles: [{ organisationId: region.id, role: 'viewer' }],
    });
    const agent = await signIn(t, admin.email);
    const sent = await invite(agent, {
      name: 'Someone Else',
      email: existing.email,
      organisationId: other.id,
      role: 'staff',
    });
    const record = await agent.get(sent.headers.location as string);
    assert.match(record.body, /already had an account, so we added the role/);
    assert.equal(await lastMessageTo(t, existing.email), undefined, 'no invitation e-mail');
    const roles = await t.services.db
      .selectFrom('memberships')
      .select(['organisation_id', 'role'])
      .where('account_id', '=', existing.id)
      .execute();
    assert.equal(roles.length, 2);
    const same = await invite(agent, {
      name: 'Someone Else',
      email: existing.email,
      organisationId: other.id,
      role: 'staff',
    });
    assert.match((await agent.get(same.headers.location as string)).body, /already have this role/);
  });

  it('gives errors for bad input on the invite form and keeps what was typed', async () => {
    const agent = await signIn(t, admin.email);
    await agent.get('/staff/invite');
    const response = await agent.post('/staff/invite', {
      name: 'x'.repeat(201),
      email: 'not an email',
      organisationId: '',
      language: 'en',
    });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /Name must be 200 characters or fewer/);
    assert.match(response.body, /Enter an email address in the correct format/);
    assert.match(response.body, /Choose an organisation/);
    assert.match(response.body, /Choose a role/);
    assert.match(response.body, new RegExp(`value="${'x'.repeat(201)}"`));
    assert.match(response.body, /value="not an email"/);
    assert.match(response.body, /href="#role"/);
  });

  it('resets a forgotten password with a single-use, one-hour link', async () => {
    const person = await createAccount(t, {
      roles: [{ organisationId: region.id, role: 'staff' }],
    });
    const signedIn = await signIn(t, person.email);
    const oldCookie = sessionCookie(signedIn)!;

    const visitor = agentFor(t);
    await visitor.get('/password/forgot');
    const asked = await visitor.post('/password/forgot', { email: person.email });
    assert.match(asked.body, /If an account exists for that email address/);
    await visitor.get('/password/forgot');
    const unknown = await visitor.post('/password/forgot', { email: 'nobody@test.example' });
    assert.match(unknown.body, /If an account exists for that email address/);
    assert.equal(await lastMessageTo(t, 'nobody@test.example'), undefined);

    const message = await lastMessageTo(t, person.email);
    assert.equal(message?.template, 'passwordReset');
    const link = linkIn(message?.body ?? '', t.config.publicUrl);
    assert.match(link, /^\/password\/reset\//);
    const form = await visitor.get(link);
    assert.equal(form.statusCode, 200);
    const weak = await visitor.post(link, {
      password: 'qwertyuiop',
      confirmPassword: 'qwertyuiop',
    });
    assert.match(weak.body, /too common/);
    const newPassword = 'a new and longer passphrase';
    const done = await visitor.post(link, { password: newPassword, confirmPassword: newPassword });
    assert.equal(done.statusCode, 303);
    assert.equal(redirectPath(done), '/sign-in');
    assert.match((await visitor.follow(done)).body, /Your password has been changed/);

    // every session of the account has ended
    const replay = await t.app.inject({
      url: '/dashboard',
      headers: { cookie: `${SESSION_COOKIE}=${oldCookie}` },
    });
    assert.equal(redirectPath(replay), '/sign-in');
    // single use
    assert.equal((await agentFor(t).get(link)).statusCode, 404);
    // the new password works, the old one does not
    await visitor.get('/sign-in');
    assert.equal(
      (await visitor.post('/sign-in', { email: person.email, password: PASSWORD })).statusCode,
      200,
    );
    assert.equal(
      (await visitor.post('/sign-in', { email: person.email, password: newPassword })).statusCode,
      303,
    );

    // an expired link is refused
    const again = agentFor(t);
    await again.get('/password/forgot');
    await again.post('/password/forgot', { email: person.email });
    const second = linkIn((await lastMessageTo(t, person.email))!.body, t.config.publicUrl);
    await t.services.db
      .updateTable('account_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('account_id', '=', person.id)
      .where('used_at', 'is', null)
      .execute();
    const expired = await again.get(second);
    assert.equal(expired.statusCode, 404);
    assert.match(expired.body, /Ask for a new link/);
    const actions = (await auditActions(t, person.id)).map((a) => a.action);
    assert.ok(actions.includes('account.password_reset_requested'));
    assert.ok(actions.includes('account.password_reset'));
  });

  it('limits password reset requests per address', async () => {
    const visitor = agentFor(t);
    await visitor.get('/password/forgot');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      await visitor.get('/password/forgot');
      statuses.push(
        (await visitor.post('/password/forgot', { email: 'a@test.example' })).statusCode,
      );
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
  });

  it('refuses links that never existed, without a database look-up for junk', async () => {
    const visitor = agentFor(t);
    assert.equal((await visitor.get('/invitations/not-a-token')).statusCode, 404);
    assert.equal((await visitor.get(`/invitations/${'a'.repeat(43)}`)).statusCode, 404);
    assert.equal((await visitor.get(`/password/reset/${'b'.repeat(43)}`)).statusCode, 404);
    const cy = await visitor.get(`/password/reset/${'b'.repeat(43)}?lang=cy`);
    assert.match(cy.body, /wedi dod i ben/);
  });

  it('changes the password from the account page, ending other sessions', async () => {
    const person = await createAccount(t);
    const first = await signIn(t, person.email);
    const second = await signIn(t, person.email);
    const secondCookie = sessionCookie(second)!;
    await first.get('/account/password');
    const wrong = await first.post('/account/password', {
      currentPassword: 'not it',
      password: 'another good passphrase',
      confirmPassword: 'another good passphrase',
    });
    assert.match(wrong.body, /Your current password is not right/);
    const ok = await first.post('/account/password', {
      currentPassword: PASSWORD,
      password: 'another good passphrase',
      confirmPassword: 'another good passphrase',
    });
    assert.equal(ok.statusCode, 303);
    assert.match((await first.follow(ok)).body, /Your password has been changed/);
    const replay = await t.app.inject({
      url: '/account',
      headers: { cookie: `${SESSION_COOKIE}=${secondCookie}` },
    });
    assert.equal(redirectPath(replay), '/sign-in');
  });

  it('creates the first platform administrator with a one-time link, then requires MFA', async () => {
    const result = await t.services.accounts.createPlatformAdmin({
      email: 'first.admin@test.example',
      name: 'Ffion First',
      language: 'cy',
    });
    assert.ok(result.created);
    assert.ok(result.link?.startsWith(`${t.config.publicUrl}/invitations/`));
    const link = (result.link ?? '').slice(t.config.publicUrl.length);
    const agent = agentFor(t);
    await agent.get(link);
    const accepted = await agent.post(link, { password: PASSWORD, confirmPassword: PASSWORD });
    assert.equal(redirectPath(accepted), '/account/mfa/set-up');
    const row = await t.services.db
      .selectFrom('accounts')
      .select(['platform_admin', 'mfa_required', 'language'])
      .where('id', '=', result.accountId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { platform_admin: true, mfa_required: true, language: 'cy' });
    const again = await t.services.accounts.createPlatformAdmin({
      email: 'first.admin@test.example',
      name: 'Ffion First',
      language: 'cy',
    });
    assert.equal(again.created, false);
    assert.equal(again.link, null, 'an account with a password gets no new link');
  });

  it('saves the language preference and uses it for pages', async () => {
    const person = await createAccount(t);
    const agent = await signIn(t, person.email);
    await agent.get('/account');
    const saved = await agent.post('/account/language', { language: 'cy' });
    assert.equal(saved.statusCode, 303);
    const page = await agent.follow(saved);
    assert.match(page.body, /<html lang="cy"/);
    assert.match(page.body, /Mae eich dewis iaith wedi&#39;i gadw/);
    const row = await t.services.db
      .selectFrom('accounts')
      .select('language')
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.language, 'cy');
    const bad = await agent.post('/account/language', { language: 'fr' });
    assert.match(bad.body, /Dewiswch Gymraeg neu Saesneg/);
  });
});

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
  PASSWORD,
  sessionCookie,
  signIn,
} from '#test/support/accounts.ts';

type Org = { id: string; ancestors: string[] };

describe('staff management', () => {
  let t: TestApp;
  let north: Org;
  let northProvider: Org;
  let south: Org;
  let northAdmin: { id: string; email: string };
  let southStaff: { id: string; email: string };
  before(async () => {
    t = await startTestApp({ EXPOSE_QUERY_COUNT: 'true' });
    north = await createOrganisation(t, 'North Wales');
    northProvider = await createOrganisation(t, 'Bangor Recovery', north);
    south = await createOrganisation(t, 'South Wales');
    northAdmin = await createAccount(t, {
      name: 'Nia North',
      roles: [{ organisationId: north.id, role: 'organisation_admin' }],
    });
    southStaff = await createAccount(t, {
      name: 'Sam South',
      email: 'sam.south@test.example',
      roles: [{ organisationId: south.id, role: 'staff' }],
    });
    for (let i = 1; i <= 30; i += 1)
      await createAccount(t, {
        name: `Worker ${String(i).padStart(2, '0')}`,
        email: `worker-${i}@north.example`,
        roles: [
          { organisationId: northProvider.id, role: i % 3 === 0 ? 'involvement_lead' : 'staff' },
        ],
      });
  });
  after(() => t.close());

  it('lists only the staff of the organisations in scope, 25 a page, in few queries', async () => {
    const agent = await signIn(t, northAdmin.email);
    const page1 = await agent.get('/staff');
    assert.equal(page1.statusCode, 200);
    assert.match(page1.body, /31 people/);
    assert.match(page1.body, /Worker 01/);
    assert.doesNotMatch(page1.body, /Sam South/);
    assert.equal((page1.body.match(/href="\/staff\/[0-9a-f-]{36}"/g) ?? []).length, 25);
    assert.ok(
      Number(page1.headers['x-query-count']) <= 10,
      `${String(page1.headers['x-query-count'])} queries`,
    );
    const page2 = await agent.get('/staff?page=2');
    assert.equal((page2.body.match(/href="\/staff\/[0-9a-f-]{36}"/g) ?? []).length, 6);
    assert.match(page2.body, /Worker 30/);
  });

  it('searches by name or e-mail and filters by organisation, role and status', async () => {
    const agent = await signIn(t, northAdmin.email);
    const byName = await agent.get('/staff?q=worker%2007');
    assert.match(byName.body, /1 person/);
    const byEmail = await agent.get('/staff?q=worker-1%40');
    assert.match(byEmail.body, /1 person/);
    const wildcard = await agent.get('/staff?q=%25');
    assert.match(wildcard.body, /0 people/, 'LIKE wildcards are searched for literally');
    const byRole = await agent.get('/staff?role=involvement_lead');
    assert.match(byRole.body, /10 people/);
    const byOrganisation = await agent.get(`/staff?organisation=${northProvider.id}`);
    assert.match(byOrganisation.body, /30 people/);
    const invited = await agent.get('/staff?status=invited');
    assert.match(invited.body, /0 people/);
    const junk = await agent.get('/staff?page=-4&role=king&status=x');
    assert.equal(junk.statusCode, 200);
  });

  it('answers 404 for staff and organisations outside the actor’s scope', async () => {
    const agent = await signIn(t, northAdmin.email);
    assert.equal((await agent.get(`/staff/${southStaff.id}`)).statusCode, 404);
    assert.equal((await agent.get(`/staff?organisation=${south.id}`)).statusCode, 404);
    assert.equal((await agent.get(`/staff/${southStaff.id}/disable`)).statusCode, 404);
    assert.equal((await agent.get('/staff/not-a-uuid')).statusCode, 404);
    await agent.get('/staff');
    const post = await agent.post(`/staff/${southStaff.id}/disable`);
    assert.equal(post.statusCode, 404);
    const row = await t.services.db
      .selectFrom('accounts')
      .select('disabled_at')
      .where('id', '=', southStaff.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.disabled_at, null);
    // people without staff.view do not get the staff pages at all
    const worker = await signIn(t, 'worker-1@north.example');
    assert.equal((await worker.get('/staff')).statusCode, 403);
    // a platform administrator sees everyone
    const admin = await createAccount(t, { platformAdmin: true });
    const platform = await signIn(t, admin.email);
    assert.equal((await platform.get(`/staff/${southStaff.id}`)).statusCode, 200);
  });

  it('shows a staff record and audits the read', async () => {
    const agent = await signIn(t, northAdmin.email);
    const worker = await createAccount(t, {
      name: 'Rhys Record',
      roles: [{ organisationId: northProvider.id, role: 'staff' }],
    });
    const page = await agent.get(`/staff/${worker.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Rhys Record/);
    assert.match(page.body, /Staff member/);
    assert.match(page.body, /Bangor Recovery/);
    assert.ok(
      Number(page.headers['x-query-count']) <= 10,
      `${String(page.headers['x-query-count'])} queries`,
    );
    const audit = await auditActions(t, worker.id);
    assert.equal(audit.at(-1)?.action, 'account.viewed');
    assert.equal(audit.at(-1)?.actor_account_id, northAdmin.id);
    assert.equal(audit.at(-1)?.organisation_id, northProvider.id);
  });

  it('adds and removes roles, audited, and keeps an admin from removing their own last admin role', async () => {
    const agent = await signIn(t, northAdmin.email);
    const worker = await createAccount(t, {
      roles: [{ organisationId: northProvider.id, role: 'staff' }],
    });
    await agent.get(`/staff/${worker.id}`);
    const bad = await agent.post(`/staff/${worker.id}/roles`, {
      organisationId: '',
      role: 'viewer',
    });
    assert.match(bad.body, /Choose an organisation/);
    const added = await agent.post(`/staff/${worker.id}/roles`, {
      organisationId: north.id,
      role: 'commissioner',
    });
    assert.equal(added.statusCode, 303);
    assert.match((await agent.follow(added)).body, /Role added/);
    const outside = await agent.post(`/staff/${worker.id}/roles`, {
      organisationId: south.id,
      role: 'viewer',
    });
    assert.equal(outside.statusCode, 404);
    await agent.get(`/staff/${worker.id}`);
    const removed = await agent.post(`/staff/${worker.id}/roles/remove`, {
      organisationId: north.id,
      role: 'commissioner',
    });
    assert.equal(removed.statusCode, 303);
    const actions = await auditActions(t, worker.id);
    const granted = actions.find((a) => a.action === 'account.role_granted');
    assert.deepEqual(granted?.details, { role: 'commissioner' });
    assert.equal(granted?.organisation_id, north.id);
    assert.ok(actions.some((a) => a.action === 'account.role_revoked'));

    // their own last admin role
    await agent.get(`/staff/${northAdmin.id}`);
    const own = await agent.post(`/staff/${northAdmin.id}/roles/remove`, {
      organisationId: north.id,
      role: 'organisation_admin',
    });
    assert.equal(own.statusCode, 303);
    assert.match((await agent.follow(own)).body, /cannot remove your own last administrator role/);
    const still = await t.services.db
      .selectFrom('memberships')
      .select('role')
      .where('account_id', '=', northAdmin.id)
      .execute();
    assert.deepEqual(still, [{ role: 'organisation_admin' }]);
  });

  it('disables an account after a confirmation, ending its sessions at once', async () => {
    const worker = await createAccount(t, {
      roles: [{ organisationId: northProvider.id, role: 'staff' }],
    });
    const workerAgent = await signIn(t, worker.email);
    const workerCookie = sessionCookie(workerAgent)!;
    assert.equal((await workerAgent.get('/dashboard')).statusCode, 200);

    const agent = await signIn(t, northAdmin.email);
    const confirm = await agent.get(`/staff/${worker.id}/disable`);
    assert.match(confirm.body, /will be signed out everywhere straight away/);
    const disabled = await agent.post(`/staff/${worker.id}/disable`);
    assert.equal(disabled.statusCode, 303);
    assert.match((await agent.follow(disabled)).body, /Account disabled/);

    const sessions = await t.services.db
      .selectFrom('sessions')
      .select('id_hash')
      .where('account_id', '=', worker.id)
      .execute();
    assert.equal(sessions.length, 0, 'sessions.destroyForAccount ended them');
    const replay = await t.app.inject({
      url: '/dashboard',
      headers: { cookie: `${SESSION_COOKIE}=${workerCookie}` },
    });
    assert.equal(replay.statusCode, 303);
    assert.equal(redirectPath(replay), '/sign-in');
    const again = agentFor(t);
    await again.get('/sign-in');
    assert.match(
      (await again.post('/sign-in', { email: worker.email, password: PASSWORD })).body,
      /has been disabled/,
    );

    await agent.get(`/staff/${worker.id}/enable`);
    assert.equal((await agent.post(`/staff/${worker.id}/enable`)).statusCode, 303);
    await again.get('/sign-in');
    assert.equal(
      (await again.post('/sign-in', { email: worker.email, password: PASSWORD })).statusCode,
      303,
    );
    const actions = (await auditActions(t, worker.id)).map((a) => a.action);
    assert.ok(actions.includes('account.disabled'));
    assert.ok(actions.includes('account.enabled'));
  });

  it('does not let anyone disable themselves', async () => {
    const agent = await signIn(t, northAdmin.email);
    const page = await agent.get(`/staff/${northAdmin.id}/disable`);
    assert.match(page.body, /cannot disable your own account/);
    assert.doesNotMatch(page.body, /action="\/staff\/[^"]+\/disable"/);
    await agent.get(`/staff/${northAdmin.id}`);
    await agent.post(`/staff/${northAdmin.id}/disable`);
    assert.equal((await agent.get('/dashboard')).statusCode, 200, 'still signed in');
  });

  it('leaves accounts with roles elsewhere to a platform administrator', async () => {
    const shared = await createAccount(t, {
      roles: [
        { organisationId: northProvider.id, role: 'staff' },
        { organisationId: south.id, role: 'staff' },
      ],
    });
    const agent = await signIn(t, northAdmin.email);
    const record = await agent.get(`/staff/${shared.id}`);
    assert.match(record.body, /roles at organisations you do not manage/);
    assert.doesNotMatch(record.body, /South Wales/, 'roles outside scope are not shown');
    assert.equal((await agent.get(`/staff/${shared.id}/disable`)).statusCode, 403);
  });

  it('resets a person’s MFA and resends an invitation', async () => {
    const agent = await signIn(t, northAdmin.email);
    const withMfa = await createAccount(t, {
      roles: [{ organisationId: northProvider.id, role: 'staff' }],
    });
    await t.services.db
      .updateTable('accounts')
      .set({ totp_secret: 'v1.x.y', mfa_enabled_at: new Date() })
      .where('id', '=', withMfa.id)
      .execute();
    await agent.get(`/staff/${withMfa.id}/mfa/reset`);
    assert.equal((await agent.post(`/staff/${withMfa.id}/mfa/reset`)).statusCode, 303);
    const row = await t.services.db
      .selectFrom('accounts')
      .select(['totp_secret', 'mfa_enabled_at'])
      .where('id', '=', withMfa.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { totp_secret: null, mfa_enabled_at: null });

    const invited = await createAccount(t, {
      password: null,
      roles: [{ organisationId: northProvider.id, role: 'viewer' }],
    });
    const record = await agent.get(`/staff/${invited.id}`);
    assert.match(record.body, /Invited/);
    const resent = await agent.post(`/staff/${invited.id}/invitation`);
    assert.equal(resent.statusCode, 303);
    assert.match((await agent.follow(resent)).body, /Invitation sent again/);
    assert.equal((await lastMessageTo(t, invited.email))?.template, 'invitation');
  });

  it('renders the staff pages in Welsh', async () => {
    const agent = await signIn(t, northAdmin.email);
    const list = await agent.get('/staff?lang=cy');
    assert.match(list.body, /<html lang="cy"/);
    assert.match(list.body, /\d+ o unigolion/);
    assert.match(list.body, /Aelod o staff yn Bangor Recovery \(cy\)/);
    const invite = await agent.get('/staff/invite');
    assert.match(invite.body, /Gwahodd rhywun/);
    const account = await agent.get('/account');
    assert.match(account.body, /Eich cyfrif/);
    assert.match(account.body, /Gweinyddwr sefydliad/);
  });
});

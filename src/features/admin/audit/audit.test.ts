import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type Agent, type TestApp, redirectPath } from '#test/support/app.ts';
import { testEngine } from '#test/support/database.ts';
import {
  auditedDuring,
  insertTestOrganisation,
  signedInAccount,
  type TestOrganisation,
} from '#test/support/fixture.ts';
import type { OrganisationKind, Role } from '#platform/db/schema.ts';
import { appendAudit } from '#platform/audit/audit-log.ts';

describe(`audit log viewer (${testEngine})`, () => {
  let t: TestApp;
  const orgs: Record<string, TestOrganisation> = {};
  const accounts: Record<string, string> = {};
  const agents: Record<string, Agent> = {};

  const entryIds = (body: string) =>
    [...body.matchAll(/href="\/audit\/(\d+)"/g)].map((m) => Number(m[1]));

  before(async () => {
    t = await startTestApp({ EXPOSE_QUERY_COUNT: 'true' });
    const org = (kind: OrganisationKind, nameEn: string, parent?: TestOrganisation) =>
      insertTestOrganisation(t.services.db, { kind, nameEn, parent });
    orgs.nation = await org('nation', 'Nation');
    orgs.region = await org('region', 'West Region', orgs.nation);
    orgs.area = await org('area', 'Coast Area', orgs.region);
    orgs.provider = await org('provider', 'Harbour Provider', orgs.area);
    orgs.other = await org('provider', 'Other Provider', orgs.region);

    const area = orgs.area;
    const account = async (key: string, role: Role | 'platform_admin', at = area) => {
      const signedIn = await signedInAccount(t, {
        email: `${key}@audit.test`,
        name: `Person ${key}`,
        platformAdmin: role === 'platform_admin',
        roles: role === 'platform_admin' ? [] : [{ organisationId: at.id, role }],
      });
      accounts[key] = signedIn.accountId;
      agents[key] = signedIn.agent;
    };
    await account('admin', 'platform_admin');
    await account('orgadmin', 'organisation_admin');
    await account('staff', 'staff');
    await account('elsewhere', 'staff', orgs.other);

    const { audit } = t.services;
    await audit.record({
      actorAccountId: accounts.staff!,
      action: 'account.signed_in',
      subjectType: 'account',
      subjectId: accounts.staff!,
      organisationId: orgs.area.id,
    });
    await audit.record({
      actorAccountId: accounts.staff!,
      action: 'custom.unknown_thing',
      organisationId: orgs.provider.id,
      details: { field: 'name' },
    });
    await audit.record({
      actorAccountId: accounts.elsewhere!,
      action: 'organisation.updated',
      organisationId: orgs.other.id,
    });
    await audit.record({ actorAccountId: null, action: 'account.signed_out' });
  });
  after(() => t.close());

  it('shows platform administrators every entry, newest first, in plain words', async () => {
    const response = await agents.admin!.get('/audit');
    assert.equal(response.statusCode, 200);
    assert.ok(
      Number(response.headers['x-query-count']) <= 10,
      `queries: ${String(response.headers['x-query-count'])}`,
    );
    const ids = entryIds(response.body);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => b - a),
    );
    assert.match(response.body, /Signed in/);
    assert.match(response.body, /<code>custom\.unknown_thing<\/code>/);
    assert.match(response.body, /Other Provider/);
    assert.match(response.body, /Not linked to an organisation/);
    assert.match(response.body, /Cyd \(automatic\)/);
    assert.match(
      response.body,
      /<time datetime="[^"]+">\d{1,2} \w+ \d{4}, \d{2}:\d{2}:\d{2}<\/time>/,
    );
    assert.match(response.body, /href="\/audit\/verify"/);
  });

  it('shows an organisation administrator only entries in their subtree', async () => {
    const response = await agents.orgadmin!.get('/audit');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /Signed in/);
    assert.match(response.body, /custom\.unknown_thing/);
    assert.doesNotMatch(response.body, /Other Provider/);
    assert.doesNotMatch(response.body, /Signed out\s*<\/td>/);
    assert.doesNotMatch(response.body, /href="\/audit\/verify"/);
    for (const outside of [orgs.other!, orgs.region!]) {
      const filtered = await agents.orgadmin!.get(`/audit?organisation=${outside.id}`);
      assert.equal(filtered.statusCode, 404);
    }
    assert.equal((await agents.orgadmin!.get('/audit?organisation=not-an-id')).statusCode, 404);
    const provider = await agents.orgadmin!.get(`/audit?organisation=${orgs.provider!.id}`);
    assert.equal(provider.statusCode, 200);
    assert.match(provider.body, /custom\.unknown_thing/);
    assert.doesNotMatch(provider.body, /Signed in\s*<\/td>/);
  });

  it('refuses staff without audit.view', async () => {
    assert.equal((await agents.staff!.get('/audit')).statusCode, 403);
    assert.equal((await agents.staff!.get(`/audit?organisation=${orgs.area!.id}`)).statusCode, 403);
    assert.equal(
      (await agents.staff!.get(`/audit?organisation=${orgs.other!.id}`)).statusCode,
      404,
    );
    assert.equal((await agents.staff!.get('/audit/verify')).statusCode, 403);
  });

  it('filters by action, actor, subject and dates, and explains bad input', async () => {
    const admin = agents.admin!;
    const byAction = await admin.get('/audit?action=organisation.updated');
    assert.match(byAction.body, /Changed an organisation/);
    assert.doesNotMatch(byAction.body, /custom\.unknown_thing<\/code>\s*<\/td>/);
    assert.match(byAction.body, /<option value="organisation.updated" selected>/);

    const byActor = await admin.get(`/audit?actor=${accounts.elsewhere!}`);
    assert.equal(entryIds(byActor.body).length, 1);

    const bySubject = await admin.get(`/audit?subjectType=account&subjectId=${accounts.staff!}`);
    assert.equal(entryIds(bySubject.body).length, 1);
    assert.match(bySubject.body, /Signed in/);

    const now = new Date();
    const [y, m, d] = [now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate()];
    const today = await admin.get(
      `/audit?from-day=${d - 1 || 1}&from-month=${m}&from-year=${y}&to-day=${d}&to-month=${m}&to-year=${y + 1}`,
    );
    assert.equal(today.statusCode, 200);
    assert.ok(entryIds(today.body).length >= 4);
    const future = await admin.get(`/audit?from-day=1&from-month=1&from-year=${y + 1}`);
    assert.equal(entryIds(future.body).length, 0);
    assert.match(future.body, /No entries match these filters/);

    const bad = await admin.get(
      '/audit?from-day=31&from-month=2&from-year=2026&to-day=1&to-month=&to-year=2026&actor=bob',
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /There is a problem/);
    assert.match(bad.body, /The date entries are from must be a real date/);
    assert.match(bad.body, /The date entries are to must include a day, month and year/);
    assert.match(bad.body, /Enter an account ID in the right format/);
    assert.match(bad.body, /href="#from-day"/);
    assert.match(bad.body, /name="from-day"[^>]*value="31"|value="31"[^>]*name="from-day"/);
    const reversed = await admin.get(
      '/audit?from-day=2&from-month=3&from-year=2026&to-day=1&to-month=3&to-year=2026',
    );
    assert.match(reversed.body, /must be the same as or after/);
  });

  it('finds an account by e-mail address without putting the address in a URL', async () => {
    const admin = agents.admin!;
    const page = await admin.get('/audit');
    assert.equal(page.statusCode, 200, page.body.slice(0, 300));
    const found = await admin.post('/audit/actor', { email: 'Elsewhere@Audit.Test' });
    assert.equal(found.statusCode, 303);
    assert.equal(redirectPath(found), `/audit?actor=${accounts.elsewhere!}`);
    await admin.get(redirectPath(found));

    const unknown = await admin.post('/audit/actor', { email: 'nobody@audit.test' });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /There is no account with that e-mail address that you can see/);
    const invalid = await admin.post('/audit/actor', { email: 'not an address' });
    assert.match(invalid.body, /Enter an e-mail address in the right format/);

    // an organisation administrator cannot learn of accounts outside their subtree
    const orgadmin = agents.orgadmin!;
    await orgadmin.get('/audit');
    const outside = await orgadmin.post('/audit/actor', { email: 'elsewhere@audit.test' });
    assert.equal(outside.statusCode, 400);
    const inside = await orgadmin.post('/audit/actor', { email: 'staff@audit.test' });
    assert.equal(redirectPath(inside), `/audit?actor=${accounts.staff!}`);
  });

  it('pages through a large log with keyset links that keep the filters', async () => {
    const { audit } = t.services;
    for (let i = 0; i < 30; i += 1)
      await audit.record({
        actorAccountId: null,
        action: 'page.test',
        subjectType: 'page',
        subjectId: String(i),
        organisationId: orgs.provider!.id,
      });
    const admin = agents.admin!;
    const first = await admin.get('/audit?action=page.test');
    const firstIds = entryIds(first.body);
    assert.equal(firstIds.length, 25);
    const older = /href="(\/audit\?[^"]*before=\d+)"/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(older);
    assert.match(older, /action=page.test/);
    assert.doesNotMatch(first.body, /Newer entries/);
    const second = await admin.get(older);
    const secondIds = entryIds(second.body);
    assert.equal(secondIds.length, 5);
    assert.ok(Math.max(...secondIds) < Math.min(...firstIds));
    assert.doesNotMatch(second.body, /Older entries/);
    const newer = /href="(\/audit\?[^"]*after=\d+)"/.exec(second.body)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(newer);
    assert.deepEqual(entryIds((await admin.get(newer)).body), firstIds);
  });

  it('shows one entry with its hashes, to those who may see it', async () => {
    const { audit } = t.services;
    // Sealers (the timer after any request's audit entry, the sweep) wait while this holds the
    // chain head's lock, so the entry below stays unsealed until the test lets go.
    let letGo!: () => void;
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const holder = t.services.db.transaction().execute(async (trx) => {
      await trx.selectFrom('audit_chain_head').select('hash').forUpdate().execute();
      holding();
      await new Promise<void>((resolve) => (letGo = resolve));
    });
    await held;
    // appended as any request appends: committed, not yet sealed
    const { id } = await appendAudit(t.services.db, {
      actorAccountId: accounts.staff!,
      action: 'account.viewed',
      subjectType: 'account',
      subjectId: accounts.admin!,
      organisationId: orgs.provider!.id,
      details: { fields: ['name', 'email'] },
    });
    // appended, not yet sealed into the chain: the page says so instead of showing hashes
    const waiting = await agents.orgadmin!.get(`/audit/${String(id)}`);
    assert.match(waiting.body, /not in the chain yet/);
    assert.doesNotMatch(waiting.body, /does not match its hash/);
    letGo();
    await holder;
    await audit.seal();
    const response = await agents.orgadmin!.get(`/audit/${String(id)}`);
    assert.equal(response.statusCode, 200);
    assert.ok(Number(response.headers['x-query-count']) <= 10);
    assert.match(response.body, /Audit log entry \d+/);
    assert.match(response.body, /This entry matches its hash and links to the entry before it/);
    assert.match(response.body, /Harbour Provider/);
    assert.match(response.body, /\[&quot;name&quot;,&quot;email&quot;\]/);
    assert.match(response.body, /Person staff/);

    const elsewhere = await t.services.audit.record({
      actorAccountId: null,
      action: 'x.y',
      organisationId: orgs.other!.id,
    });
    const none = await t.services.audit.record({ actorAccountId: null, action: 'x.y' });
    assert.equal((await agents.orgadmin!.get(`/audit/${String(elsewhere.id)}`)).statusCode, 404);
    assert.equal((await agents.orgadmin!.get(`/audit/${String(none.id)}`)).statusCode, 404);
    assert.equal((await agents.admin!.get(`/audit/${String(none.id)}`)).statusCode, 200);
    assert.equal((await agents.admin!.get('/audit/999999999')).statusCode, 404);
    assert.equal((await agents.admin!.get('/audit/abc')).statusCode, 404);
  });

  it('records every look at the log in the log', async () => {
    const viewed = await auditedDuring(t.services.db, () =>
      agents.orgadmin!.get(`/audit?organisation=${orgs.provider!.id}&action=page.test`),
    );
    assert.equal(viewed.length, 1);
    assert.equal(viewed[0]!.action, 'audit.viewed');
    assert.equal(viewed[0]!.actor_account_id, accounts.orgadmin);
    assert.equal(viewed[0]!.organisation_id, orgs.provider!.id);
    assert.deepEqual((viewed[0]!.details as { filters: unknown }).filters, {
      organisationId: orgs.provider!.id,
      action: 'page.test',
    });
  });

  it('speaks Welsh', async () => {
    const response = await agents.admin!.get('/audit?lang=cy');
    assert.match(response.body, /<html lang="cy"/);
    assert.match(response.body, /Log archwilio/);
    assert.match(response.body, /Wedi mewngofnodi/);
    await agents.admin!.get('/audit?lang=en');
  });

  it('lets platform administrators verify the log, and shows what was tampered with', async () => {
    const admin = agents.admin!;
    const page = await admin.get('/audit/verify');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Latest entry/);
    const ok = await admin.post('/audit/verify');
    assert.equal(ok.statusCode, 200);
    assert.match(ok.body, /The audit log is intact/);

    const { id } = await t.services.audit.record({
      actorAccountId: null,
      action: 'tamper.me',
      organisationId: orgs.area!.id,
    });
    await t.services.audit.seal(); // tampering comes after sealing
    await t.services.db.connection().execute(async (conn) => {
      await sql`alter table audit_log disable trigger audit_log_no_update`.execute(conn);
      await sql`update audit_log set action = 'tampered.with' where id = ${id}`.execute(conn);
      await sql`alter table audit_log enable trigger audit_log_no_update`.execute(conn);
    });
    const failed = await admin.post('/audit/verify');
    assert.match(failed.body, /The audit log has been tampered with/);
    assert.match(
      failed.body,
      new RegExp(`href="/audit/${String(id)}">Entry ${String(id)} no longer matches its hash`),
    );
    const entry = await admin.get(`/audit/${String(id)}`);
    assert.match(entry.body, /This entry does not match its hash: someone has changed it/);
    assert.equal((await agents.orgadmin!.post('/audit/verify')).statusCode, 403);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Actor } from '#platform/auth/sessions.ts';
import type { OrganisationKind, Role } from '#platform/db/schema.ts';
import { startTestApp, type TestApp, redirectPath } from '#test/support/app.ts';
import { signedInAccount } from '#test/support/fixture.ts';

/**
 * The organisations feature through its routes, on the engine under test: scope, search,
 * pagination, the create/edit/archive journeys with CSRF tokens, Welsh pages and audit rows.
 */
describe('organisations', () => {
  let t: TestApp;
  let admin: Actor;
  const ids: Record<string, string> = {};
  let accounts = 0;

  /** An organisation made through the service, as the platform administrator. */
  async function organisation(
    key: string,
    kind: OrganisationKind,
    nameEn: string,
    nameCy: string,
    parent?: string,
  ) {
    const { organisations } = t.services;
    const draft = await organisations.draftOrganisation(admin, parent ? ids[parent]! : null, {
      kind,
      nameEn,
      nameCy,
    });
    assert.ok(draft.ok, JSON.stringify(draft));
    const created = await organisations.createOrganisation(admin, draft.value);
    assert.ok(created.ok);
    ids[key] = created.value.id;
    return created.value.id;
  }

  /** A signed-in browser for a new account holding `role` at the organisation. */
  async function signedIn(role: Role | 'platform_admin', at?: string, language?: 'en' | 'cy') {
    accounts += 1;
    return signedInAccount(t, {
      email: `organisations-${accounts}@test.example`,
      name: `Tester ${accounts}`,
      platformAdmin: role === 'platform_admin',
      ...(language ? { language } : {}),
      roles: role === 'platform_admin' ? [] : [{ organisationId: ids[at!]!, role }],
    });
  }

  const auditRows = (subjectId: string) =>
    t.services.db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_type', '=', 'organisation')
      .where('subject_id', '=', subjectId)
      .orderBy('id')
      .execute();

  const linkedNames = (html: string) =>
    [
      ...html.matchAll(/<a class="govuk-link" href="\/organisations\/[0-9a-f-]{36}">([^<]+)<\/a>/g),
    ].map((m) => m[1]);

  before(async () => {
    t = await startTestApp({ EXPOSE_QUERY_COUNT: 'true' });
    const signedInAdmin = await signedInAccount(t, {
      email: 'organisations-admin@test.example',
      name: 'Admin',
      platformAdmin: true,
    });
    admin = signedInAdmin.actor;

    await organisation('nation', 'nation', 'Testland', 'Tirprawf');
    await organisation(
      'region',
      'region',
      'Cwm Prawf Area Planning Board',
      'Bwrdd Cynllunio Ardal Cwm Prawf',
      'nation',
    );
    await organisation('area', 'area', 'Aberprawf Partnership', 'Partneriaeth Aberprawf', 'region');
    await organisation('providerA', 'provider', 'Harbour Recovery', 'Adferiad yr Harbwr', 'area');
    await organisation('providerB', 'provider', 'Hillside Support', 'Cymorth Ochr y Bryn', 'area');
    await organisation(
      'serviceA',
      'service',
      'Harbour Drop-in',
      'Sesiwn Galw Heibio yr Harbwr',
      'providerA',
    );
    await organisation('forum', 'group', 'Valley Voices Forum', 'Fforwm Lleisiau’r Cwm', 'region');
    await organisation('otherRegion', 'region', 'Elsewhere Board', 'Bwrdd Rhywle Arall', 'nation');
  });
  after(() => t.close());

  it('shows staff their own subtree only: a sibling provider is not found', async () => {
    const { agent } = await signedIn('staff', 'providerA');
    const list = await agent.get('/organisations');
    assert.equal(list.statusCode, 200);
    assert.deepEqual(linkedNames(list.body), ['Harbour Recovery', 'Harbour Drop-in']);
    // the path above is shown as a breadcrumb, without disclosing anything else
    assert.match(list.body, /Testland › Cwm Prawf Area Planning Board › Aberprawf Partnership/);
    assert.equal((await agent.get(`/organisations/${ids.providerA}`)).statusCode, 200);
    assert.equal((await agent.get(`/organisations/${ids.providerB}`)).statusCode, 404);
    assert.equal((await agent.get(`/organisations/${ids.area}`)).statusCode, 404);
    assert.equal((await agent.get('/organisations/not-a-uuid')).statusCode, 404);
    assert.equal((await agent.get(`/organisations/${ids.providerA}/edit`)).statusCode, 403);
    assert.equal((await agent.get(`/organisations/${ids.providerB}/edit`)).statusCode, 404);
  });

  it('lets a commissioner read the subtree below, never above', async () => {
    const { agent } = await signedIn('commissioner', 'region');
    const list = await agent.get('/organisations');
    assert.deepEqual(linkedNames(list.body).sort(), [
      'Aberprawf Partnership',
      'Cwm Prawf Area Planning Board',
      'Harbour Drop-in',
      'Harbour Recovery',
      'Hillside Support',
      'Valley Voices Forum',
    ]);
    assert.equal((await agent.get(`/organisations/${ids.serviceA}`)).statusCode, 200);
    assert.equal((await agent.get(`/organisations/${ids.nation}`)).statusCode, 404);
    assert.equal((await agent.get(`/organisations/${ids.otherRegion}`)).statusCode, 404);
  });

  it('shows details: kind, names, parent, MFA, children and staff counts', async () => {
    const { agent } = await signedIn('viewer', 'area');
    await signedIn('staff', 'providerA');
    const page = await agent.get(`/organisations/${ids.area}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-l">Aberprawf Partnership/);
    assert.match(page.body, /<span lang="cy">Partneriaeth Aberprawf<\/span>/);
    // the parent is named; the viewer cannot see it, so it is not a link
    assert.match(page.body, /Cwm Prawf Area Planning Board/);
    assert.doesNotMatch(page.body, new RegExp(`href="/organisations/${ids.region}"`));
    assert.deepEqual(linkedNames(page.body), ['Harbour Recovery', 'Hillside Support']);
    assert.match(page.body, /Staff member/);
    // no management actions for a viewer
    assert.doesNotMatch(page.body, /\/archive"/);
    assert.ok(Number(page.headers['x-query-count']) <= 10, String(page.headers['x-query-count']));
  });

  it('searches names in English or Welsh by the start of any word, with kind and archived filters', async () => {
    const { agent } = await signedIn('organisation_admin', 'region');
    const search = async (query: string) =>
      linkedNames((await agent.get(`/organisations?${query}`)).body).sort();
    assert.deepEqual(await search('q=harb'), ['Harbour Drop-in', 'Harbour Recovery']);
    assert.deepEqual(await search('q=adferiad'), ['Harbour Recovery']);
    assert.deepEqual(await search('q=lleisiau'), ['Valley Voices Forum']);
    assert.deepEqual(await search('q=HARBOUR+drop'), ['Harbour Drop-in']);
    assert.deepEqual(await search('q=harb&kind=service'), ['Harbour Drop-in']);
    assert.deepEqual(await search('q=%27%29%3A*+%7C+%21'), [
      'Aberprawf Partnership',
      'Cwm Prawf Area Planning Board',
      'Harbour Drop-in',
      'Harbour Recovery',
      'Hillside Support',
      'Valley Voices Forum',
    ]);
    assert.deepEqual(await search('q=nothing-like-this'), []);
    // nonsense filters fall back to the defaults rather than failing
    assert.equal((await agent.get('/organisations?kind=castle&page=-3')).statusCode, 200);
  });

  it('pages long lists 25 at a time within the query budget', async () => {
    const { db } = t.services;
    const provider = await organisation(
      'bigProvider',
      'provider',
      'Big Provider',
      'Darparwr Mawr',
      'otherRegion',
    );
    const rows = Array.from({ length: 30 }, (_, i) => {
      const id = crypto.randomUUID();
      return {
        id,
        parent_id: provider,
        ancestors: [ids.nation!, ids.otherRegion!, provider, id],
        kind: 'service' as const,
        name_en: `Site ${String(i + 1).padStart(2, '0')}`,
        name_cy: `Safle ${String(i + 1).padStart(2, '0')}`,
      };
    });
    await db.insertInto('organisations').values(rows).execute();
    const { agent } = await signedIn('involvement_lead', 'bigProvider');
    const first = await agent.get('/organisations');
    assert.match(first.body, /31 organisations/);
    assert.equal(linkedNames(first.body).length, 25);
    assert.ok(Number(first.headers['x-query-count']) <= 10, String(first.headers['x-query-count']));
    const second = await agent.get('/organisations?page=2');
    assert.deepEqual(linkedNames(second.body), [
      'Site 25',
      'Site 26',
      'Site 27',
      'Site 28',
      'Site 29',
      'Site 30',
    ]);
    assert.match(first.body, /href="\/organisations\?page=2"/);
    const details = await agent.get(`/organisations/${provider}`);
    assert.equal(linkedNames(details.body).length, 25);
    assert.match(details.body, new RegExp(`href="/organisations/${provider}\\?page=2"`));
    assert.ok(Number(details.headers['x-query-count']) <= 10);
  });

  it('adds an organisation below another: errors, check answers, create once, audited', async () => {
    const { agent, accountId } = await signedIn('organisation_admin', 'area');
    const path = `/organisations/${ids.area}/children/new`;
    const form = await agent.get(path);
    assert.equal(form.statusCode, 200);
    // only the kinds allowed under an area are offered; there is no MFA question for them
    assert.match(form.body, /value="provider"/);
    assert.match(form.body, /value="group"/);
    assert.doesNotMatch(form.body, /value="service"/);
    assert.doesNotMatch(form.body, /name="requiresMfa"/);

    const empty = await agent.post(path, { kind: 'provider', nameEn: '  ', nameCy: 'Enw' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /govuk-error-summary/);
    assert.match(empty.body, /Enter the name in English/);
    assert.match(empty.body, /value="Enw"/);
    assert.match(empty.body, /value="provider" checked/);

    const wrongKind = await agent.post(path, { kind: 'region', nameEn: 'X', nameCy: 'Y' });
    assert.equal(wrongKind.statusCode, 400);
    assert.match(wrongKind.body, /That kind of organisation cannot be added here/);

    const taken = await agent.post(path, {
      kind: 'provider',
      nameEn: 'harbour recovery',
      nameCy: 'Newydd',
    });
    assert.equal(taken.statusCode, 400);
    assert.match(taken.body, /already has this name in English/);

    const sneakyMfa = await agent.post(path, {
      kind: 'provider',
      nameEn: 'Quay   Street Project',
      nameCy: 'Prosiect Stryd y Cei',
      requiresMfa: 'no',
    });
    assert.equal(sneakyMfa.statusCode, 303);
    assert.equal(redirectPath(sneakyMfa), `${path}/check`);
    const check = await agent.get(`${path}/check`);
    assert.match(check.body, /Quay Street Project/);
    assert.match(check.body, /Prosiect Stryd y Cei/);

    const token = agent.csrf();
    const created = await agent.post(`${path}/check`);
    assert.equal(created.statusCode, 303);
    const location = String(created.headers.location);
    assert.match(redirectPath(created), /^\/organisations\/[0-9a-f-]{36}$/);
    const again = await agent.post(`${path}/check`, { _csrf: token });
    assert.equal(again.statusCode, 303);

    const rows = await t.services.db
      .selectFrom('organisations')
      .selectAll()
      .where('name_en', '=', 'Quay Street Project')
      .execute();
    assert.equal(rows.length, 1);
    const row = rows[0]!;
    assert.equal(`/organisations/${row.id}`, redirectPath(created));
    assert.equal(row.requires_mfa, true, 'only platform administrators may turn MFA off');
    assert.deepEqual(row.ancestors, [ids.nation, ids.region, ids.area, row.id]);

    const page = await agent.get(location);
    assert.match(page.body, /Quay Street Project has been added/);
    assert.doesNotMatch((await agent.get(location)).body, /has been added/);

    const audit = await auditRows(row.id);
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.action, 'organisation.created');
    assert.equal(audit[0]!.actor_account_id, accountId);
    assert.deepEqual(audit[0]!.details, {
      kind: 'provider',
      parentId: ids.area,
      requiresMfa: true,
    });
    assert.doesNotMatch(JSON.stringify(audit[0]!.details), /Quay/);
  });

  it('lets only platform administrators add nations and turn MFA off', async () => {
    const orgAdmin = await signedIn('organisation_admin', 'region');
    assert.equal((await orgAdmin.agent.get('/organisations/new')).statusCode, 403);

    const { agent } = await signedIn('platform_admin');
    const list = await agent.get('/organisations');
    assert.match(list.body, /href="\/organisations\/new"/);
    const form = await agent.get('/organisations/new');
    assert.match(form.body, /name="requiresMfa"/);
    const missing = await agent.post('/organisations/new', {
      nameEn: 'Demoland',
      nameCy: 'Tirdemo',
    });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /Select whether its administrators must use MFA/);
    const ok = await agent.post('/organisations/new', {
      nameEn: 'Demoland',
      nameCy: 'Tirdemo',
      requiresMfa: 'no',
    });
    assert.equal(redirectPath(ok), '/organisations/new/check');
    await agent.get('/organisations/new/check');
    const created = await agent.post('/organisations/new/check');
    assert.equal(created.statusCode, 303);
    const nation = await t.services.db
      .selectFrom('organisations')
      .selectAll()
      .where('name_en', '=', 'Demoland')
      .executeTakeFirstOrThrow();
    assert.equal(nation.kind, 'nation');
    assert.equal(nation.parent_id, null);
    assert.equal(nation.requires_mfa, false);
  });

  it('edits names (kind stays), audits the changed fields, refuses a sibling’s name', async () => {
    const { agent } = await signedIn('organisation_admin', 'area');
    const path = `/organisations/${ids.providerB}/edit`;
    const form = await agent.get(path);
    assert.match(form.body, /value="Hillside Support"/);
    const clash = await agent.post(path, {
      nameEn: 'Hillside Support',
      nameCy: 'Adferiad yr Harbwr',
    });
    assert.equal(clash.statusCode, 400);
    assert.match(clash.body, /already has this name in Welsh/);
    assert.match(clash.body, /value="Adferiad yr Harbwr"/);
    const tooLong = await agent.post(path, { nameEn: 'x'.repeat(201), nameCy: 'Iawn' });
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.body, /200 characters or fewer/);

    const saved = await agent.post(path, {
      nameEn: 'Hillside Recovery',
      nameCy: 'Cymorth Ochr y Bryn',
      kind: 'group',
    });
    assert.equal(saved.statusCode, 303);
    const noToken = await agent.post(
      path,
      { nameEn: 'Hillside Recovery', nameCy: 'Cymorth Ochr y Bryn' },
      { csrf: false },
    );
    assert.equal(noToken.statusCode, 403, 'a form without its CSRF token is refused');
    await agent.get(path);
    await agent.post(path, { nameEn: 'Hillside Recovery', nameCy: 'Cymorth Ochr y Bryn' });

    const row = await t.services.db
      .selectFrom('organisations')
      .selectAll()
      .where('id', '=', ids.providerB!)
      .executeTakeFirstOrThrow();
    assert.equal(row.name_en, 'Hillside Recovery');
    assert.equal(row.kind, 'provider');
    const audit = (await auditRows(ids.providerB!)).filter(
      (r) => r.action === 'organisation.updated',
    );
    assert.equal(audit.length, 1, 'saving without changes records nothing');
    assert.deepEqual(audit[0]!.details, { fields: ['name_en'] });
  });

  it('archives only organisations without active children, hides them, and restores them', async () => {
    const { agent } = await signedIn('organisation_admin', 'region');
    const blocked = await agent.get(`/organisations/${ids.providerA}/archive`);
    assert.match(blocked.body, /while it has 1 active organisation below it/);
    assert.doesNotMatch(blocked.body, /govuk-button--warning/);
    const refused = await agent.post(`/organisations/${ids.providerA}/archive`);
    assert.equal(refused.statusCode, 400);

    await agent.get(`/organisations/${ids.serviceA}/archive`);
    const token = agent.csrf();
    const archived = await agent.post(`/organisations/${ids.serviceA}/archive`);
    assert.equal(archived.statusCode, 303);
    assert.equal(redirectPath(archived), `/organisations/${ids.serviceA}`);
    const page = await agent.follow(archived);
    assert.match(page.body, /has been archived/);
    assert.match(page.body, /\/restore"/);
    const twice = await agent.post(`/organisations/${ids.serviceA}/archive`, { _csrf: token });
    assert.equal(twice.statusCode, 303);

    const list = await agent.get('/organisations?q=harbour');
    assert.deepEqual(linkedNames(list.body), ['Harbour Recovery']);
    const withArchived = await agent.get('/organisations?q=harbour&archived=1');
    assert.deepEqual(linkedNames(withArchived.body), ['Harbour Recovery', 'Harbour Drop-in']);
    assert.equal(
      (await agent.get(`/organisations/${ids.serviceA}/edit`)).headers.location,
      `/organisations/${ids.serviceA}`,
    );

    // staff of an archived organisation lose its roles: it disappears from their sessions
    const staff = await signedIn('staff', 'serviceA');
    assert.deepEqual(staff.actor.memberships, []);

    const restored = await agent.post(`/organisations/${ids.serviceA}/restore`, {
      _csrf: token,
    });
    assert.equal(restored.statusCode, 303);
    const actions = (await auditRows(ids.serviceA!)).map((r) => r.action);
    assert.deepEqual(actions, [
      'organisation.created',
      'organisation.archived',
      'organisation.restored',
    ]);
  });

  it('sends an administrator who archives their own organisation back to the list', async () => {
    const leaf = await organisation('leafForum', 'group', 'Leaf Forum', 'Fforwm Deilen', 'area');
    const { agent } = await signedIn('organisation_admin', 'leafForum');
    await agent.get(`/organisations/${leaf}/archive`);
    const archived = await agent.post(`/organisations/${leaf}/archive`);
    assert.equal(redirectPath(archived), '/organisations');
  });

  it('escapes names everywhere they are shown', async () => {
    const id = await organisation(
      'odd',
      'group',
      'Tom & Jerry <b>forum</b>',
      'Fforwm "<i>"',
      'area',
    );
    const { agent } = await signedIn('organisation_admin', 'area');
    for (const url of [
      '/organisations?q=tom',
      `/organisations/${id}`,
      `/organisations/${id}/edit`,
    ]) {
      const page = await agent.get(url);
      assert.equal(page.statusCode, 200, url);
      assert.doesNotMatch(page.body, /<b>forum<\/b>|<i>/, url);
      assert.match(page.body, /Tom &amp; Jerry &lt;b&gt;forum&lt;\/b&gt;/, url);
    }
  });

  it('shows everything in Welsh: names, kinds and messages', async () => {
    const { agent } = await signedIn('staff', 'providerA', 'cy');
    const list = await agent.get('/organisations');
    assert.match(list.body, /<html lang="cy"/);
    assert.match(list.body, /<h1 class="govuk-heading-l">Sefydliadau<\/h1>/);
    assert.deepEqual(linkedNames(list.body), [
      'Adferiad yr Harbwr',
      'Sesiwn Galw Heibio yr Harbwr',
    ]);
    assert.match(list.body, /Tirprawf › Bwrdd Cynllunio Ardal Cwm Prawf › Partneriaeth Aberprawf/);
    assert.match(list.body, /Darparwr/);
    const english = await agent.get(`/organisations/${ids.providerA}?lang=en`);
    assert.match(english.body, /<h1 class="govuk-heading-l">Harbour Recovery/);
    const welshAdmin = await signedIn('organisation_admin', 'providerA', 'cy');
    await welshAdmin.agent.get(`/organisations/${ids.providerA}/edit`);
    const errors = await welshAdmin.agent.post(`/organisations/${ids.providerA}/edit`, {
      nameEn: '',
      nameCy: '',
    });
    assert.match(errors.body, /Rhowch yr enw yn Saesneg/);
    assert.match(errors.body, /Mae problem wedi codi/);
  });
});

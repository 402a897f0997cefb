import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  actorKinds,
  relationships,
  type ActorKind,
  type MatrixFixture,
  type MatrixRow,
  type Relationship,
} from '#platform/permissions/matrix.ts';
import { SESSION_COOKIE } from '#platform/auth/sessions.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { insertTestOrganisation, type TestOrganisation } from '#test/support/fixture.ts';
import { insertTestPerson } from '#app/features/register/people/fixtures.ts';
import { matrix } from './rows.ts';

/**
 * Runs every route x actor kind x relationship of the declarative matrix against the
 * running app. Allowed: not 401/403/404 and not sent to the sign-in page. Denied: 404 when
 * the target organisation is invisible to the actor, otherwise 403 or 404.
 */
describe('authorisation matrix', () => {
  let t: TestApp;
  let fixture: MatrixFixture;
  const actors = new Map<ActorKind, { cookie: string; csrf: string }>();
  /** A person on the register signed in to the people's portal. */
  let person: { cookie: string; csrf: string };

  before(async () => {
    t = await startTestApp();
    const { db, sessions } = t.services;
    const org = (
      kind: 'nation' | 'region' | 'area' | 'provider' | 'service',
      name: string,
      parent?: TestOrganisation,
    ) => insertTestOrganisation(db, { kind, nameEn: name, nameCy: name, parent });
    const nation = await org('nation', 'Nation');
    const region = await org('region', 'Region', nation);
    const area = await org('area', 'Area', region);
    const provider = await org('provider', 'Provider', area);
    const otherRegion = await org('region', 'Other region', nation);
    const otherProvider = await org('provider', 'Other provider', otherRegion);
    await org('service', 'Service', provider);

    const setUpActor = db
      .insertInto('accounts')
      .values({ email: 'matrix-set-up@test.example', name: 'Matrix set-up', platform_admin: true })
      .returning('id')
      .executeTakeFirstOrThrow()
      .then(
        async ({ id }) =>
          (await sessions.load((await sessions.create({ accountId: id })).id))!.actor!,
      );
    let n = 0;
    const createStaffAccount = async (
      organisationId: string,
      role: Exclude<ActorKind, 'platform_admin'> = 'staff',
    ) => {
      n += 1;
      const account = await db
        .insertInto('accounts')
        .values({ email: `matrix-${n}@test.example`, name: `Matrix ${n}`, password_hash: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('memberships')
        .values({ account_id: account.id, organisation_id: organisationId, role })
        .execute();
      return account.id;
    };
    fixture = {
      organisations: {
        own: area.id,
        parent: provider.id,
        child: region.id,
        unrelated: otherProvider.id,
      },
      createStaffAccount: (id) => createStaffAccount(id),
      services: t.services,
      setUpActor: () => setUpActor,
    };
    for (const kind of actorKinds) {
      let accountId: string;
      if (kind === 'platform_admin') {
        const account = await db
          .insertInto('accounts')
          .values({ email: 'matrix-admin@test.example', name: 'Admin', platform_admin: true })
          .returning('id')
          .executeTakeFirstOrThrow();
        accountId = account.id;
      } else {
        accountId = await createStaffAccount(area.id, kind);
      }
      const session = await sessions.create({ accountId });
      actors.set(kind, { cookie: `${SESSION_COOKIE}=${session.id}`, csrf: session.csrfToken });
    }
    const personId = await insertTestPerson(db, t.config.encryptionKey, {
      organisationId: area.id,
      phone: '07700 900111',
    });
    const personSession = await sessions.create({ personId });
    person = { cookie: `${SESSION_COOKIE}=${personSession.id}`, csrf: personSession.csrfToken };
  });
  after(() => t.close());

  it('has a row for every registered route, and no row for a route that does not exist', () => {
    const registered = new Set(
      t.routes.flatMap((r) =>
        ([] as string[])
          .concat(r.method)
          .filter((m) => m !== 'HEAD')
          .map((m) => `${m} ${r.url}`),
      ),
    );
    const declared = new Set(matrix.map((row) => row.route));
    const missing = [...registered].filter((route) => !declared.has(route));
    const stale = [...declared].filter((route) => !registered.has(route));
    assert.deepEqual(missing, [], `routes without a matrix row: ${missing.join(', ')}`);
    assert.deepEqual(stale, [], `matrix rows for routes that do not exist: ${stale.join(', ')}`);
  });

  /** A visitor who is not signed in but has loaded a form: a session with a CSRF token. */
  const visitor = async () => {
    const session = await t.services.sessions.create();
    return { cookie: `${SESSION_COOKIE}=${session.id}`, csrf: session.csrfToken };
  };

  const send = async (row: MatrixRow, target: string, actor?: { cookie: string; csrf: string }) => {
    const request = await row.request(fixture, target);
    // anonymous posts come from a visitor session, so public forms (sign-in) get past CSRF
    const who = actor ?? (request.method === 'POST' ? await visitor() : undefined);
    const form = new URLSearchParams();
    if (request.method === 'POST') {
      form.append('_csrf', who?.csrf ?? 'no-session');
      for (const [k, v] of Object.entries(request.form ?? {}))
        for (const x of ([] as string[]).concat(v)) form.append(k, x);
    }
    return t.app.inject({
      method: request.method,
      url: request.url,
      headers: {
        ...(who ? { cookie: who.cookie } : {}),
        ...(request.method === 'POST'
          ? { 'content-type': 'application/x-www-form-urlencoded' }
          : {}),
      },
      ...(request.method === 'POST' ? { payload: form.toString() } : {}),
    });
  };

  /** Where a refused visitor is sent: the staff sign-in, or the portal's for portal pages. */
  const signInPages = new Set<unknown>(['/sign-in', '/portal/sign-in']);

  const allowedFor = (row: MatrixRow, kind: ActorKind, relationship: Relationship) => {
    if (row.access === 'public' || row.access === 'signed-in') return true;
    if (row.access === 'person') return false;
    return row.access[kind]?.includes(relationship) ?? false;
  };

  it('lets each actor do exactly what its row allows', async () => {
    const failures: string[] = [];
    for (const row of matrix) {
      // anonymous visitors
      const anonymous = await send(row, fixture.organisations.own);
      const anonymousAllowed = row.access === 'public';
      const sentToSignIn =
        anonymous.statusCode === 303 && signInPages.has(anonymous.headers.location);
      const anonymousOk = anonymousAllowed
        ? anonymous.statusCode < 400
        : sentToSignIn || anonymous.statusCode === 403 || anonymous.statusCode === 404;
      if (!anonymousOk) failures.push(`${row.route} anonymous → ${anonymous.statusCode}`);
      if (row.access === 'public') continue;

      // a person signed in to the portal: their own pages only, never a staff page
      const asPerson = await send(row, fixture.organisations.own, person);
      const personDenied =
        asPerson.statusCode === 403 ||
        asPerson.statusCode === 404 ||
        (asPerson.statusCode === 303 && signInPages.has(asPerson.headers.location));
      if (row.access === 'person' && (personDenied || asPerson.statusCode >= 500))
        failures.push(`${row.route} person: expected allowed, got ${asPerson.statusCode}`);
      if (row.access !== 'person' && !personDenied)
        failures.push(`${row.route} person: expected denied, got ${asPerson.statusCode}`);

      for (const kind of actorKinds) {
        const targets: Relationship[] = row.organisationScoped === false ? ['own'] : relationships;
        for (const relationship of targets) {
          const response = await send(row, fixture.organisations[relationship], actors.get(kind));
          const allowed = allowedFor(row, kind, relationship);
          const status = response.statusCode;
          const denied =
            status === 403 ||
            status === 404 ||
            (status === 303 && signInPages.has(response.headers.location));
          const invisible =
            kind !== 'platform_admin' &&
            kind !== 'commissioner' &&
            (relationship === 'child' || relationship === 'unrelated');
          if (allowed && (denied || status >= 500))
            failures.push(`${row.route} ${kind}/${relationship}: expected allowed, got ${status}`);
          if (!allowed && !denied)
            failures.push(`${row.route} ${kind}/${relationship}: expected denied, got ${status}`);
          if (!allowed && invisible && row.organisationScoped !== false && status !== 404)
            failures.push(
              `${row.route} ${kind}/${relationship}: another organisation's record must be 404, got ${status}`,
            );
        }
      }
    }
    assert.deepEqual(failures, []);
  });
});

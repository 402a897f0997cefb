import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Role } from '#platform/db/schema.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import {
  insertTestOrganisation,
  signedInStaff,
  type TestOrganisation,
} from '#test/support/fixture.ts';
import type { ConsentPurpose } from '#app/features/register/tables.ts';
import { samplePerson } from '#app/features/register/people/authz.ts';
import type { NewPerson } from '#app/features/register/people/schema.ts';

/**
 * Shared set-up of the register's route tests: an app on the engine under test (with the query
 * count exposed), a platform administrator, an organisation tree (a nation, a region, an area
 * and two providers), signed-in staff and people registered through the service.
 */
export async function startPeopleTest() {
  const t: TestApp = await startTestApp({ EXPOSE_QUERY_COUNT: 'true' });
  const { db, sessions } = t.services;
  const account = await db
    .insertInto('accounts')
    .values({ email: 'people-admin@test.example', name: 'Admin', platform_admin: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  const admin: Actor = (await sessions.load((await sessions.create({ accountId: account.id })).id))!
    .actor!;
  const organisation = (
    nameEn: string,
    kind: 'nation' | 'region' | 'area' | 'provider',
    parent?: TestOrganisation,
  ) => insertTestOrganisation(db, { nameEn, kind, parent });
  const nation = await organisation('Testland', 'nation');
  const region = await organisation('Cwm Prawf APB', 'region', nation);
  const area = await organisation('Aberprawf', 'area', region);
  const providerA = await organisation('Harbour Recovery', 'provider', area);
  const providerB = await organisation('Hillside Support', 'provider', area);
  const ids = {
    nation: nation.id,
    region: region.id,
    area: area.id,
    providerA: providerA.id,
    providerB: providerB.id,
  };
  type Key = keyof typeof ids;
  let accounts = 0;

  /** A member of staff holding `role` at the organisation, signed in. */
  const signedIn = (role: Role, at: Key, language?: 'en' | 'cy') => {
    accounts += 1;
    return signedInStaff(t, role, ids[at], {
      email: `people-${accounts}@test.example`,
      name: `Worker ${accounts}`,
      ...(language ? { language } : {}),
    });
  };

  /** A person registered through the service as the platform administrator. */
  const person = async (
    at: Key,
    changes: Partial<NewPerson> = {},
    purposes: ConsentPurpose[] = ['register', 'contact'],
  ) => {
    const draft = { ...samplePerson(ids[at], purposes), ...changes };
    const result = await t.services.people.registerPerson(admin, draft);
    assert.ok(result.ok, JSON.stringify(result));
    return result.value.id;
  };

  /** The audit entries about a person, oldest first (of one action if given). */
  const auditRows = (subjectId: string, action?: string) =>
    db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_type', '=', 'person')
      .where('subject_id', '=', subjectId)
      .$if(action !== undefined, (qb) => qb.where('action', '=', action!))
      .orderBy('id')
      .execute();

  return { t, admin, ids, signedIn, person, auditRows };
}

/** The names of the people linked from a page (the list, in order). */
export const peopleLinks = (html: string) =>
  [...html.matchAll(/<a class="govuk-link" href="\/people\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map(
    (m) => m[1],
  );

export type PeopleTest = Awaited<ReturnType<typeof startPeopleTest>>;

/** A describe block over the shared set-up: `s` is filled in before its first test. */
export function describePeople(title: string, tests: (s: PeopleTest) => void) {
  void describe(title, () => {
    const s = {} as PeopleTest;
    before(async () => {
      Object.assign(s, await startPeopleTest());
    });
    after(() => s.t.close());
    tests(s);
  });
}

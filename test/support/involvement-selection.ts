import { after, before } from 'node:test';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import {
  insertTestOrganisation,
  signedInPerson,
  signedInStaff,
  type TestOrganisation,
} from '#test/support/fixture.ts';
import { insertTestPerson } from '#features/register';
import type { Role } from '#platform/db/schema.ts';
import { insertOpenOpportunity } from '#app/features/involvement/selection/authz.ts';

/**
 * The selection tests' app, a region with provider A, another region with provider B, staff,
 * people and their portal sessions, opportunities and interest.
 */
export function selectionFixture() {
  const app: { t: TestApp } = { t: undefined as unknown as TestApp };
  let t: TestApp;
  const org: Record<'region' | 'providerA' | 'providerB', string> = {
    region: '',
    providerA: '',
    providerB: '',
  };
  let n = 0;

  const addOrganisation = (name: string, parent?: TestOrganisation) =>
    insertTestOrganisation(t.services.db, {
      nameEn: name,
      kind: parent ? 'provider' : 'region',
      parent,
    });

  const staff = async (role: Role, organisationId: string) => {
    n += 1;
    const { agent, accountId } = await signedInStaff(t, role, organisationId, {
      email: `sel-${String(n)}@test.example`,
      name: `Staff ${String(n)}`,
    });
    return { agent, accountId };
  };

  const person = async (
    name: string,
    fields: Parameters<typeof insertTestPerson>[2]['fields'] = {},
    organisationId = org.providerA,
  ) => {
    n += 1;
    return insertTestPerson(t.services.db, t.config.encryptionKey, {
      organisationId,
      displayName: name,
      phone: `07700 900${String(100 + n)}`,
      fields,
    });
  };

  const portal = (personId: string) => signedInPerson(t, personId);

  const opportunity = (organisationId: string, fields: Record<string, unknown> = {}) =>
    insertOpenOpportunity(t.services, organisationId, {
      title_en: 'Service user forum',
      title_cy: 'Fforwm defnyddwyr gwasanaeth',
      ...fields,
    });

  /** Interest from each person (as from the portal); the ids of their expressions of interest. */
  const interested = async (opportunityId: string, people: string[]) => {
    const rows = await t.services.db
      .insertInto('expressions_of_interest')
      .values(
        people.map((p) => ({
          opportunity_id: opportunityId,
          person_id: p,
          method: 'portal' as const,
        })),
      )
      .returning(['id', 'person_id'])
      .execute();
    return people.map((p) => rows.find((r) => r.person_id === p)!.id);
  };

  const interest = (opportunityId: string, personId: string) =>
    t.services.db
      .selectFrom('expressions_of_interest')
      .selectAll()
      .where('opportunity_id', '=', opportunityId)
      .where('person_id', '=', personId)
      .executeTakeFirst();

  before(async () => {
    t = await startTestApp({ EXPOSE_QUERY_COUNT: 'true' });
    app.t = t;
    const region = await addOrganisation('Region');
    const providerA = await addOrganisation('Provider A', region);
    const otherRegion = await addOrganisation('Other region');
    const providerB = await addOrganisation('Provider B', otherRegion);
    org.region = region.id;
    org.providerA = providerA.id;
    org.providerB = providerB.id;
  });
  after(() => t.close());

  return Object.assign(app, {
    org,
    addOrganisation,
    staff,
    person,
    portal,
    opportunity,
    interested,
    interest,
  });
}

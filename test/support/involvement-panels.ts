import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Role } from '#platform/db/schema.ts';
import { Agent, startTestApp, type TestApp } from '#test/support/app.ts';
import { insertTestPerson } from '#features/register';
import {
  insertTestOrganisation,
  signedInStaff,
  type TestOrganisation,
} from '#test/support/fixture.ts';
import { redirectPath } from './app.ts';

/** The panels tests' app, organisation tree (region, providers A and B) and helpers. */
export function panelsFixture() {
  const app: { t: TestApp } = { t: undefined as unknown as TestApp };
  let t: TestApp;
  const org: Record<string, string> = {};
  let accounts = 0;

  const trees: Record<string, TestOrganisation> = {};
  async function organisation(key: string, kind: 'region' | 'provider', parent?: string) {
    trees[key] = await insertTestOrganisation(t.services.db, {
      nameEn: key,
      kind,
      parent: parent ? trees[parent] : undefined,
    });
    org[key] = trees[key].id;
  }

  async function signedIn(role: Role, at: string) {
    accounts += 1;
    const { agent, accountId, session } = await signedInStaff(t, role, org[at]!, {
      email: `panels-${accounts}@test.example`,
      name: `Tester ${accounts}`,
    });
    tokens.set(agent, session.csrfToken);
    return { agent, accountId };
  }

  /** Posts with the session's CSRF token (the page before may have been a redirect). */
  const tokens = new WeakMap<Agent, string>();
  const post = (agent: Agent, url: string, form: Record<string, string> = {}) =>
    agent.post(url, { _csrf: tokens.get(agent)!, ...form });

  const person = (name: string, trained: boolean, at = 'providerA') =>
    insertTestPerson(t.services.db, t.config.encryptionKey, {
      organisationId: org[at]!,
      displayName: name,
      fields: { training_completed: trained ? ['interview_panel'] : [] },
    });

  /** Sets up a panel through the create journey; answers its id. */
  async function createPanel(agent: Agent, fields: Record<string, string> = {}) {
    await agent.get('/panels/new');
    const form = {
      organisationId: org.providerA!,
      kind: 'interview',
      titleEn: 'Recovery worker interviews',
      titleCy: 'Cyfweliadau gweithiwr adfer',
      opportunityId: '',
      'heldOn-day': '3',
      'heldOn-month': '3',
      'heldOn-year': '2027',
      hours: '3.5',
      scaleMin: '0',
      scaleMax: '5',
      userWeight: '60',
      ...fields,
    };
    const next = await post(agent, '/panels/new', form);
    assert.equal(next.statusCode, 303, next.body.slice(0, 2000));
    assert.equal(redirectPath(next), '/panels/new/check');
    const check = await agent.get('/panels/new/check');
    assert.ok(check.body.includes('Recovery worker interviews'), 'line 171');
    const created = await post(agent, '/panels/new/check');
    assert.equal(created.statusCode, 303);
    return redirectPath(created).split('/').pop()!;
  }

  const csrfOf = async (agent: Agent, url: string) => {
    await agent.get(url);
  };

  before(async () => {
    t = await startTestApp({ EXPOSE_QUERY_COUNT: 'true' });
    app.t = t;
    await organisation('region', 'region');
    await organisation('providerA', 'provider', 'region');
    await organisation('providerB', 'provider', 'region');
  });
  after(() => t.close());

  return Object.assign(app, { org, trees, signedIn, post, person, createPanel, csrfOf });
}

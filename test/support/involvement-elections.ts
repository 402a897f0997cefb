import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { insertTestPerson } from '#features/register';
import { londonToday } from '#app/features/involvement/elections/service.ts';
import { organisationTree, signedInPerson } from '#test/support/fixture.ts';
import { redirectPath } from './app.ts';

/** The elections tests' app, a region with providers A and B, staff, members and an election set up through the pages. */
export function electionsFixture() {
  const app: { t: TestApp } = { t: undefined as unknown as TestApp };
  let t: TestApp;
  const tree = organisationTree(() => t, 'elections', 'Election staff');
  const { org, add: organisation, signedIn: staff } = tree;

  let people = 0;
  async function member(at: string, name?: string, language: 'en' | 'cy' = 'en') {
    people += 1;
    const id = await insertTestPerson(t.services.db, t.config.encryptionKey, {
      organisationId: org[at]!.id,
      displayName: name ?? `Member ${String(people)}`,
      phone: `07700 900${String(100 + people)}`,
      fields: { preferred_language: language },
    });
    return { id, agent: await signedInPerson(t, id) };
  }

  const inDays = (days: number) => {
    const date = new Date(`${londonToday()}T12:00:00Z`);
    date.setUTCDate(date.getUTCDate() + days);
    const [y, m, d] = date.toISOString().slice(0, 10).split('-');
    return { y: y!, m: m!, d: d! };
  };

  const electionForm = (
    at: string,
    fields: Partial<Record<string, string>> = {},
  ): Record<string, string> => {
    const n = inDays(7);
    const v = inDays(14);
    return {
      organisationId: org[at]!.id,
      roleEn: 'Representative on the area planning board',
      roleCy: 'Cynrychiolydd ar fwrdd cynllunio’r ardal',
      descriptionEn: '',
      descriptionCy: '',
      seats: '1',
      selfNomination: 'yes',
      electorate: 'connected',
      'nominations-day': n.d,
      'nominations-month': n.m,
      'nominations-year': n.y,
      'voting-day': v.d,
      'voting-month': v.m,
      'voting-year': v.y,
      ...(fields as Record<string, string>),
    };
  };

  /** Creates an election through the form and the check-your-answers page. */
  async function startElection(
    lead: Awaited<ReturnType<typeof staff>>,
    at: string,
    fields: Partial<Record<string, string>> = {},
  ) {
    await lead.agent.get('/elections/new');
    const posted = await lead.agent.post('/elections/new', electionForm(at, fields));
    assert.equal(posted.statusCode, 303, posted.body.slice(0, 2000));
    assert.equal(redirectPath(posted), '/elections/new/check');
    const check = await lead.agent.get('/elections/new/check');
    assert.equal(check.statusCode, 200);
    assert.match(check.body, /Representative on the area planning board/);
    const created = await lead.agent.post('/elections/new/check');
    assert.equal(created.statusCode, 303);
    const id = /^\/elections\/([0-9a-f-]{36})(?:\?done=[\w-]+)?$/.exec(redirectPath(created))?.[1];
    assert.ok(id);
    return id;
  }

  const nominationOf = (electionId: string, personId: string) =>
    t.services.db
      .selectFrom('election_nominations')
      .selectAll()
      .where('election_id', '=', electionId)
      .where('person_id', '=', personId)
      .executeTakeFirst();

  /** An election with one candidate standing, voting open, and the members given. */
  async function votingElection(at: string, fields: Partial<Record<string, string>> = {}) {
    const lead = await staff('involvement_lead', at);
    const candidate = await member(at);
    const voters = [await member(at), await member(at)];
    const id = await startElection(lead, at, fields);
    await candidate.agent.get(`/portal/elections/${id}`);
    const self = await candidate.agent.post(`/portal/elections/${id}/nominate-self`);
    assert.equal(self.statusCode, 303);
    await lead.agent.get(`/elections/${id}`);
    const opened = await lead.agent.post(`/elections/${id}/open-voting`);
    assert.equal(opened.statusCode, 303, opened.body.slice(0, 2000));
    const nomination = await nominationOf(id, candidate.id);
    return { id, lead, candidate, voters, nominationId: nomination!.id };
  }

  before(async () => {
    t = await startTestApp({ EXPOSE_QUERY_COUNT: 'true' });
    app.t = t;
    await organisation('Region');
    await organisation('Provider A', 'Region');
    await organisation('Provider B', 'Region');
  });
  after(() => t.close());

  return Object.assign(app, {
    org,
    staff,
    member,
    inDays,
    electionForm,
    startElection,
    nominationOf,
    votingElection,
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { Agent, startTestApp, type TestApp } from '#test/support/app.ts';
import { testEngine } from '#test/support/database.ts';
import { insertTestPerson } from '#features/register';
import { SESSION_COOKIE } from '#platform/auth/sessions.ts';
import type { Role } from '#platform/db/schema.ts';
import { londonToday } from './service.ts';
import { insertTestOrganisation, signedInStaff } from '#test/support/fixture.ts';

/**
 * Peer elections (issue 4 item 7): one vote per member (two tabs at once included), a ballot that
 * cannot be linked to a voter, self-nomination refused where not allowed, paper counts confirmed
 * by a second member of staff, and other organisations' elections answering 404.
 */
describe(`elections (${testEngine})`, () => {
  let t: TestApp;
  const org: Record<string, { id: string; ancestors: string[] }> = {};
  let accounts = 0;

  async function organisation(key: string, parent?: string) {
    org[key] = await insertTestOrganisation(t.services.db, {
      nameEn: key,
      kind: parent ? 'provider' : 'region',
      parent: parent ? org[parent] : undefined,
    });
  }

  async function staff(role: Role, at: string) {
    accounts += 1;
    const { agent, accountId } = await signedInStaff(t, role, org[at]!.id, {
      email: `elections-${accounts}@test.example`,
      name: `Election staff ${accounts}`,
    });
    return { agent, accountId };
  }

  let people = 0;
  async function member(at: string, name?: string, language: 'en' | 'cy' = 'en') {
    people += 1;
    const id = await insertTestPerson(t.services.db, t.config.encryptionKey, {
      organisationId: org[at]!.id,
      displayName: name ?? `Member ${String(people)}`,
      phone: `07700 900${String(100 + people)}`,
      fields: { preferred_language: language },
    });
    const session = await t.services.sessions.create({ personId: id });
    const agent = new Agent(t.app);
    agent.cookies.set(SESSION_COOKIE, session.id);
    return { id, agent };
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
    assert.equal(posted.headers.location, '/elections/new/check');
    const check = await lead.agent.get('/elections/new/check');
    assert.equal(check.statusCode, 200);
    assert.match(check.body, /Representative on the area planning board/);
    const created = await lead.agent.post('/elections/new/check');
    assert.equal(created.statusCode, 303);
    const id = /^\/elections\/([0-9a-f-]{36})$/.exec(String(created.headers.location))?.[1];
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
    await organisation('Region');
    await organisation('Provider A', 'Region');
    await organisation('Provider B', 'Region');
  });
  after(() => t.close());

  it('runs an election from nominations to a published result, in Welsh too', async () => {
    const { db } = t.services;
    const lead = await staff('involvement_lead', 'Provider A');
    const alys = await member('Provider A', 'Alys Nominee');
    const bryn = await member('Provider A', 'Bryn Nominee', 'cy');
    const voter = await member('Provider A');
    const outsider = await member('Provider B');
    const paused = await insertTestPerson(db, t.config.encryptionKey, {
      organisationId: org['Provider A']!.id,
      phone: '07700 900999',
      fields: { status: 'paused' },
    });
    const id = await startElection(lead, 'Provider A');

    // a member nominates themselves in the portal (in Welsh)
    const page = await alys.agent.get(`/portal/elections/${id}?lang=cy`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Fy enwebu fy hun/);
    assert.equal((await alys.agent.post(`/portal/elections/${id}/nominate-self`)).statusCode, 303);
    // another suggests Bryn by name; staff find Bryn and enter the nomination
    await voter.agent.get(`/portal/elections/${id}`);
    const suggested = await voter.agent.post(`/portal/elections/${id}/suggest`, {
      name: 'Bryn Nominee',
    });
    assert.equal(suggested.statusCode, 303);
    const suggestion = await db
      .selectFrom('election_suggestions')
      .select('id')
      .where('election_id', '=', id)
      .executeTakeFirstOrThrow();
    const search = await lead.agent.get(`/elections/${id}/nominate?suggestion=${suggestion.id}`);
    assert.equal(search.statusCode, 200);
    assert.match(search.body, /Bryn Nominee/);
    const nominated = await lead.agent.post(`/elections/${id}/nominate`, {
      personId: bryn.id,
      method: 'staff',
      suggestionId: suggestion.id,
      q: 'Bryn',
    });
    assert.equal(nominated.statusCode, 303, nominated.body.slice(0, 2000));
    assert.equal((await nominationOf(id, bryn.id))?.nominated_by_person_id, voter.id);
    // Bryn is told, in Welsh, through the safe-contact function
    const told = await db
      .selectFrom('person_messages')
      .selectAll()
      .where('person_id', '=', bryn.id)
      .where('template', 'like', 'electionNominated%')
      .executeTakeFirstOrThrow();
    assert.equal(told.status, 'queued');
    assert.equal(told.personalisation.role, 'Cynrychiolydd ar fwrdd cynllunio’r ardal');
    // Bryn accepts in the portal
    const asked = await bryn.agent.get(`/portal/elections/${id}`);
    // the portal speaks Bryn's language
    assert.match(asked.body, /Rydych wedi cael eich enwebu/);
    const accepted = await bryn.agent.post(`/portal/elections/${id}/answer`, { answer: 'accept' });
    assert.equal(accepted.statusCode, 303);
    assert.equal((await nominationOf(id, bryn.id))?.status, 'accepted');

    // the outsider (another provider) is not part of this election
    assert.equal((await outsider.agent.get(`/portal/elections/${id}`)).statusCode, 404);

    await lead.agent.get(`/elections/${id}`);
    assert.equal((await lead.agent.post(`/elections/${id}/open-voting`)).statusCode, 303);
    const electorate = await db
      .selectFrom('election_voters')
      .select('person_id')
      .where('election_id', '=', id)
      .execute();
    const ids = electorate.map((v) => v.person_id);
    assert.ok(ids.includes(voter.id) && ids.includes(alys.id));
    // not another provider's people, nor someone who is paused
    assert.ok(!ids.includes(outsider.id) && !ids.includes(paused));
    // each member of the electorate is told that voting is open; nobody outside it
    const invited = await db
      .selectFrom('person_messages')
      .select('person_id')
      .where('template', 'like', 'electionVotingOpen%')
      .where('person_id', 'in', [voter.id, alys.id, outsider.id, paused])
      .execute();
    assert.deepEqual(invited.map((m) => m.person_id).sort(), [voter.id, alys.id].sort());

    const bryns = (await nominationOf(id, bryn.id))!.id;
    const ballot = await voter.agent.get(`/portal/elections/${id}`);
    assert.match(ballot.body, /Bryn Nominee/);
    assert.equal(
      (await voter.agent.post(`/portal/elections/${id}/vote`, { choice: bryns })).statusCode,
      303,
    );
    await alys.agent.get(`/portal/elections/${id}`);
    assert.equal(
      (await alys.agent.post(`/portal/elections/${id}/vote`, { choice: bryns })).statusCode,
      303,
    );
    const done = await voter.agent.get(`/portal/elections/${id}`);
    assert.match(done.body, /You have voted/);

    await lead.agent.get(`/elections/${id}`);
    assert.equal((await lead.agent.post(`/elections/${id}/close-voting`)).statusCode, 303);
    await lead.agent.get(`/elections/${id}`);
    assert.equal((await lead.agent.post(`/elections/${id}/publish`)).statusCode, 303);
    const results = await db
      .selectFrom('election_results')
      .selectAll()
      .where('election_id', '=', id)
      .orderBy('votes', 'desc')
      .execute();
    assert.deepEqual(
      results.map((r) => [r.nomination_id, r.votes, r.elected]),
      [
        [bryns, 2, true],
        [(await nominationOf(id, alys.id))!.id, 0, false],
      ],
    );
    const published = await voter.agent.get(`/portal/elections/${id}?lang=cy`);
    assert.match(published.body, /Wedi&#39;i ethol|Wedi'i ethol/);
    const list = await voter.agent.get('/portal/elections');
    assert.match(list.body, /The result is out|Mae&#39;r canlyniad/);
    const staffPage = await lead.agent.get(`/elections/${id}`);
    assert.match(staffPage.body, /Bryn Nominee/);
    // staff see portal and paper votes apart; members see the totals
    assert.match(staffPage.body, /Portal votes/);
    assert.doesNotMatch(published.body, /Pleidleisiau yn y porth/);
    // a page is at most 10 SQL statements
    const staffList = await lead.agent.get('/elections');
    for (const response of [staffPage, staffList, published, list])
      assert.ok(
        Number(response.headers['x-query-count']) <= 10,
        `queries: ${String(response.headers['x-query-count'])}`,
      );
    // reading the nominees' names is audited, one entry per person
    const audited = await db
      .selectFrom('audit_log')
      .select('subject_id')
      .where('action', '=', 'election.nominees_viewed')
      .where('subject_id', '=', bryn.id)
      .execute();
    assert.ok(audited.length > 0);
  });

  it('counts one vote per member, even from two tabs at once', async () => {
    const { db } = t.services;
    const { id, voters, nominationId } = await votingElection('Provider A');
    const [voter] = voters;
    await voter!.agent.get(`/portal/elections/${id}`);
    const csrf = voter!.agent.csrf();
    const cookie = `${SESSION_COOKIE}=${voter!.agent.cookies.get(SESSION_COOKIE)!}`;
    const post = () =>
      t.app.inject({
        method: 'POST',
        url: `/portal/elections/${id}/vote`,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, choice: nominationId }).toString(),
      });
    const responses = await Promise.all([post(), post(), post()]);
    const statuses = responses.map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [303, 400, 400]);
    const refused = responses.find((r) => r.statusCode === 400)!;
    assert.match(refused.body, /You have already voted in this election/);
    const ballots = await db
      .selectFrom('election_ballots')
      .select('id')
      .where('election_id', '=', id)
      .execute();
    assert.equal(ballots.length, 1);
    // and again later, one at a time
    await voter!.agent.get(`/portal/elections/${id}`);
    const again = await voter!.agent.post(`/portal/elections/${id}/vote`, { choice: nominationId });
    assert.equal(again.statusCode, 400);
    const after = await db
      .selectFrom('election_ballots')
      .select('id')
      .where('election_id', '=', id)
      .execute();
    assert.equal(after.length, 1);
  });

  it('keeps ballots unlinkable: no person, no time, a random id', async () => {
    const { db } = t.services;
    const columns = await sql<{ column_name: string; data_type: string }>`
      select column_name, data_type from information_schema.columns
      where table_name = 'election_ballots' order by column_name`.execute(db);
    assert.deepEqual(
      columns.rows.map((c) => c.column_name),
      ['choices', 'election_id', 'id'],
    );
    assert.ok(!columns.rows.some((c) => /time|date|serial|integer|bigint/.test(c.data_type)));
    const idDefault = await sql<{ column_default: string }>`
      select column_default from information_schema.columns
      where table_name = 'election_ballots' and column_name = 'id'`.execute(db);
    assert.match(idDefault.rows[0]!.column_default, /gen_random_uuid/);
    const references = await sql<{ target: string }>`
      select c.confrelid::regclass::text as target from pg_constraint c
      where c.conrelid = 'election_ballots'::regclass and c.contype = 'f'`.execute(db);
    assert.deepEqual(
      references.rows.map((r) => r.target),
      ['elections'],
    );
    // the "has voted" flag has no time either
    const voters = await sql<{ column_name: string }>`
      select column_name from information_schema.columns
      where table_name = 'election_voters' order by column_name`.execute(db);
    assert.deepEqual(
      voters.rows.map((c) => c.column_name),
      ['election_id', 'person_id', 'voted_via'],
    );
    // the audit entry of a vote says who voted, never for whom
    const { id, voters: members, nominationId } = await votingElection('Provider A');
    await members[0]!.agent.get(`/portal/elections/${id}`);
    await members[0]!.agent.post(`/portal/elections/${id}/vote`, { choice: nominationId });
    const entry = await db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'election.voted')
      .where('subject_id', '=', members[0]!.id)
      .executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(entry.details).includes(nominationId));
  });

  it('limits a forum electorate to people who took part in a forum in the last 12 months', async () => {
    const { db } = t.services;
    const lead = await staff('involvement_lead', 'Provider A');
    const regular = await member('Provider A');
    const lapsed = await member('Provider A');
    const never = await member('Provider A');
    const record = (personId: string, daysAgo: number, method: 'forum' | 'survey' = 'forum') => {
      const day = new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
      return db
        .insertInto('involvement_records')
        .values({
          organisation_id: org['Provider A']!.id,
          person_id: personId,
          took_part_on: day,
          hours: 2,
          rung: 4,
          level: 'service',
          method,
          role: 'participant',
        })
        .execute();
    };
    await record(regular.id, 30);
    await record(lapsed.id, 400);
    await record(never.id, 10, 'survey');
    const id = await startElection(lead, 'Provider A', { electorate: 'forum' });
    assert.equal((await regular.agent.get(`/portal/elections/${id}`)).statusCode, 200);
    assert.equal((await lapsed.agent.get(`/portal/elections/${id}`)).statusCode, 404);
    assert.equal((await never.agent.get(`/portal/elections/${id}`)).statusCode, 404);
    const list = await regular.agent.get('/portal/elections');
    assert.match(list.body, new RegExp(id));
    await regular.agent.get(`/portal/elections/${id}`);
    await regular.agent.post(`/portal/elections/${id}/nominate-self`);
    await lead.agent.get(`/elections/${id}`);
    assert.equal((await lead.agent.post(`/elections/${id}/open-voting`)).statusCode, 303);
    const voters = await db
      .selectFrom('election_voters')
      .select('person_id')
      .where('election_id', '=', id)
      .execute();
    assert.deepEqual(
      voters.map((v) => v.person_id),
      [regular.id],
    );
  });

  it('marks a tie for the last place instead of electing anyone at random', async () => {
    const { db } = t.services;
    const lead = await staff('involvement_lead', 'Provider B');
    const first = await member('Provider B');
    const second = await member('Provider B');
    const third = await member('Provider B');
    const fourth = await member('Provider B');
    const id = await startElection(lead, 'Provider B', { seats: '2' });
    for (const candidate of [first, second, third]) {
      await candidate.agent.get(`/portal/elections/${id}`);
      await candidate.agent.post(`/portal/elections/${id}/nominate-self`);
    }
    await lead.agent.get(`/elections/${id}`);
    await lead.agent.post(`/elections/${id}/open-voting`);
    const nominations = new Map(
      (
        await db
          .selectFrom('election_nominations')
          .select(['id', 'person_id'])
          .where('election_id', '=', id)
          .execute()
      ).map((n) => [n.person_id, n.id]),
    );
    // two places: first gets 3 votes, second and third 2 each (a tie for the second place)
    const vote = async (voter: { agent: Agent }, choices: string[]) => {
      await voter.agent.get(`/portal/elections/${id}`);
      const response = await voter.agent.post(`/portal/elections/${id}/vote`, { choice: choices });
      assert.equal(response.statusCode, 303);
    };
    await vote(first, [nominations.get(first.id)!, nominations.get(second.id)!]);
    await vote(second, [nominations.get(first.id)!, nominations.get(third.id)!]);
    await third.agent.get(`/portal/elections/${id}`);
    const tooMany = await third.agent.post(`/portal/elections/${id}/vote`, {
      choice: [...nominations.values()],
    });
    assert.equal(tooMany.statusCode, 400);
    assert.match(tooMany.body, /You have chosen too many candidates/);
    const voter = await db
      .selectFrom('election_voters')
      .select('voted_via')
      .where('election_id', '=', id)
      .where('person_id', '=', third.id)
      .executeTakeFirstOrThrow();
    assert.equal(voter.voted_via, null, 'three choices for two places is refused');
    await vote(third, [nominations.get(third.id)!, nominations.get(second.id)!]);
    await vote(fourth, [nominations.get(first.id)!]);
    await lead.agent.get(`/elections/${id}`);
    await lead.agent.post(`/elections/${id}/close-voting`);
    await lead.agent.get(`/elections/${id}`);
    assert.equal((await lead.agent.post(`/elections/${id}/publish`)).statusCode, 303);
    const results = new Map(
      (
        await db.selectFrom('election_results').selectAll().where('election_id', '=', id).execute()
      ).map((r) => [r.nomination_id, r]),
    );
    const of = (person: { id: string }) => results.get(nominations.get(person.id)!)!;
    assert.deepEqual([of(first).votes, of(first).elected, of(first).tied], [3, true, false]);
    assert.deepEqual([of(second).votes, of(second).elected, of(second).tied], [2, false, true]);
    assert.deepEqual([of(third).votes, of(third).elected, of(third).tied], [2, false, true]);
    const page = await lead.agent.get(`/elections/${id}`);
    assert.match(page.body, /the same number of votes for the last place/);
  });

  it('refuses self-nomination where it is not allowed, and saves nothing', async () => {
    const { db } = t.services;
    const lead = await staff('involvement_lead', 'Provider A');
    const person = await member('Provider A', 'Ceri Self');
    const id = await startElection(lead, 'Provider A', { selfNomination: 'no' });
    const page = await person.agent.get(`/portal/elections/${id}`);
    assert.doesNotMatch(page.body, /Nominate myself/);
    const refused = await person.agent.post(`/portal/elections/${id}/nominate-self`);
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Members cannot nominate themselves in this election/);
    assert.equal(await nominationOf(id, person.id), undefined);
    // nor by suggesting their own name for staff to enter
    await person.agent.get(`/portal/elections/${id}`);
    await person.agent.post(`/portal/elections/${id}/suggest`, { name: 'Ceri Self' });
    const suggestion = await db
      .selectFrom('election_suggestions')
      .select('id')
      .where('election_id', '=', id)
      .executeTakeFirstOrThrow();
    await lead.agent.get(`/elections/${id}/nominate?suggestion=${suggestion.id}`);
    const staffRefused = await lead.agent.post(`/elections/${id}/nominate`, {
      personId: person.id,
      method: 'staff',
      suggestionId: suggestion.id,
    });
    assert.equal(staffRefused.statusCode, 400);
    assert.match(staffRefused.body, /Members cannot nominate themselves/);
    assert.equal(await nominationOf(id, person.id), undefined);
  });

  it('refuses an election whose voting closes before nominations, saving nothing', async () => {
    const lead = await staff('involvement_lead', 'Provider A');
    const before = await t.services.db
      .selectFrom('elections')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    await lead.agent.get('/elections/new');
    const early = inDays(3);
    const response = await lead.agent.post(
      '/elections/new',
      electionForm('Provider A', {
        'voting-day': early.d,
        'voting-month': early.m,
        'voting-year': early.y,
      }),
    );
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Voting must close on or after the day nominations close/);
    assert.match(response.body, /Representative on the area planning board/);
    const after = await t.services.db
      .selectFrom('elections')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(after.n, before.n);
  });

  it('needs a different member of staff to confirm the paper count', async () => {
    const { db } = t.services;
    const { id, lead, voters, candidate, nominationId } = await votingElection('Provider A');
    const counter = await staff('staff', 'Provider A');
    const checker = await staff('staff', 'Provider A');
    // one member votes in the portal, then tries to vote on paper too
    await candidate.agent.get(`/portal/elections/${id}`);
    await candidate.agent.post(`/portal/elections/${id}/vote`, { choice: nominationId });
    await counter.agent.get(`/elections/${id}/paper-voters?q=Member`);
    const twice = await counter.agent.post(`/elections/${id}/paper-voters`, {
      personId: candidate.id,
    });
    assert.equal(twice.statusCode, 400);
    assert.match(twice.body, /already voted in the portal/);
    // another votes on paper
    const marked = await counter.agent.post(`/elections/${id}/paper-voters`, {
      personId: voters[0]!.id,
    });
    assert.equal(marked.statusCode, 303);
    // and then cannot vote in the portal
    await voters[0]!.agent.get(`/portal/elections/${id}`);
    const portal = await voters[0]!.agent.post(`/portal/elections/${id}/vote`, {
      choice: nominationId,
    });
    assert.equal(portal.statusCode, 400);

    await lead.agent.get(`/elections/${id}`);
    await lead.agent.post(`/elections/${id}/close-voting`);
    await counter.agent.get(`/elections/${id}/tally`);
    const tooMany = await counter.agent.post(`/elections/${id}/tally`, {
      ballots: '2',
      [`votes-${nominationId}`]: '1',
    });
    assert.equal(tooMany.statusCode, 400);
    assert.match(tooMany.body, /more paper ballots than members marked/);
    const entered = await counter.agent.post(`/elections/${id}/tally`, {
      ballots: '1',
      [`votes-${nominationId}`]: '1',
    });
    assert.equal(entered.statusCode, 303);
    // not published until confirmed
    await lead.agent.get(`/elections/${id}`);
    const early = await lead.agent.post(`/elections/${id}/publish`);
    assert.equal(early.statusCode, 400);
    assert.match(early.body, /confirmed by a second member of staff/);
    // the counter cannot confirm their own count
    const page = await counter.agent.get(`/elections/${id}`);
    assert.match(page.body, /a different member of staff must confirm it/);
    const own = await counter.agent.post(`/elections/${id}/tally/confirm`);
    assert.equal(own.statusCode, 400);
    assert.match(own.body, /You entered this count/);
    const tally = await db
      .selectFrom('election_paper_tallies')
      .selectAll()
      .where('election_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(tally.confirmed_by, null);
    // the database refuses it too
    await assert.rejects(
      db
        .updateTable('election_paper_tallies')
        .set({ confirmed_by: counter.accountId })
        .where('election_id', '=', id)
        .execute(),
    );
    await checker.agent.get(`/elections/${id}`);
    assert.equal((await checker.agent.post(`/elections/${id}/tally/confirm`)).statusCode, 303);
    await lead.agent.get(`/elections/${id}`);
    assert.equal((await lead.agent.post(`/elections/${id}/publish`)).statusCode, 303);
    const result = await db
      .selectFrom('election_results')
      .selectAll()
      .where('nomination_id', '=', nominationId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [result.portal_votes, result.paper_votes, result.votes, result.elected],
      [1, 1, 2, true],
    );
  });

  it("answers 404 for another organisation's election, and 403 to staff who cannot run it", async () => {
    const { id } = await votingElection('Provider A');
    const elsewhere = await staff('involvement_lead', 'Provider B');
    assert.equal((await elsewhere.agent.get(`/elections/${id}`)).statusCode, 404);
    assert.equal((await elsewhere.agent.get(`/elections/${id}/paper-voters`)).statusCode, 404);
    const list = await elsewhere.agent.get('/elections');
    assert.doesNotMatch(list.body, new RegExp(id));
    await elsewhere.agent.get('/elections/new');
    const create = await elsewhere.agent.post('/elections/new', electionForm('Provider A'));
    assert.equal(create.statusCode, 404);
    const viewer = await staff('viewer', 'Provider A');
    assert.equal((await viewer.agent.get(`/elections/${id}`)).statusCode, 403);
    const counter = await staff('staff', 'Provider A');
    await counter.agent.get(`/elections/${id}`);
    assert.equal((await counter.agent.post(`/elections/${id}/close-voting`)).statusCode, 403);
    // a person from another provider sees nothing of it
    const outsider = await member('Provider B');
    assert.equal((await outsider.agent.get(`/portal/elections/${id}`)).statusCode, 404);
  });
});

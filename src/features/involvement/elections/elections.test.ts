import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testEngine } from '#test/support/database.ts';
import { insertTestPerson } from '#features/register';
import { SESSION_COOKIE } from '#platform/auth/sessions.ts';
import { electionsFixture } from '#test/support/involvement-elections.ts';

/**
 * Peer elections (issue 4 item 7): the journey from nominations to a published result, and one
 * vote per member (two tabs at once included).
 */
describe(`elections (${testEngine})`, () => {
  const fixture = electionsFixture();
  const { org, staff, member, startElection, nominationOf, votingElection } = fixture;

  it('runs an election from nominations to a published result, in Welsh too', async () => {
    const { db } = fixture.t.services;
    const lead = await staff('involvement_lead', 'Provider A');
    const alys = await member('Provider A', 'Alys Nominee');
    const bryn = await member('Provider A', 'Bryn Nominee', 'cy');
    const voter = await member('Provider A');
    const outsider = await member('Provider B');
    const paused = await insertTestPerson(db, fixture.t.config.encryptionKey, {
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
    const { db } = fixture.t.services;
    const { id, voters, nominationId } = await votingElection('Provider A');
    const [voter] = voters;
    await voter!.agent.get(`/portal/elections/${id}`);
    const csrf = voter!.agent.csrf();
    const cookie = `${SESSION_COOKIE}=${voter!.agent.cookies.get(SESSION_COOKIE)!}`;
    const post = () =>
      fixture.t.app.inject({
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
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { testEngine } from '#test/support/database.ts';
import { electionsFixture } from '#test/support/involvement-elections.ts';

/**
 * Self-nomination refused where not allowed, dates in the wrong order, paper counts confirmed by a
 * second member of staff, and other organisations' elections answering 404.
 */
describe(`elections: refusals and access (${testEngine})`, () => {
  const fixture = electionsFixture();
  const { staff, member, inDays, electionForm, startElection, nominationOf, votingElection } =
    fixture;

  it('refuses self-nomination where it is not allowed, and saves nothing', async () => {
    const { db } = fixture.t.services;
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
    const before = await fixture.t.services.db
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
    const after = await fixture.t.services.db
      .selectFrom('elections')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(after.n, before.n);
  });

  it('needs a different member of staff to confirm the paper count', async () => {
    const { db } = fixture.t.services;
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

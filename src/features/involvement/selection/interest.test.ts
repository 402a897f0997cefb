import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testEngine } from '#test/support/database.ts';
import { selectionFixture } from '#test/support/involvement-selection.ts';
import { redirectPath } from '#test/support/app.ts';

/** Interest from the portal (in Welsh too) and recorded by staff; what a person is offered. */
describe(`selection: saying you are interested (${testEngine})`, () => {
  const fixture = selectionFixture();
  const { org, staff, person, portal, opportunity, interest } = fixture;

  it('lets a person say they are interested in the portal in Welsh, and withdraw', async () => {
    const id = await opportunity(org.region);
    const personId = await person('Gwen Jones', { preferred_language: 'cy' });
    const agent = await portal(personId);
    const home = await agent.get('/portal?lang=cy');
    assert.match(home.body, /href="\/portal\/opportunities"/);
    const list = await agent.get('/portal/opportunities?lang=cy');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Cyfleoedd agored i chi/);
    assert.match(list.body, /Fforwm defnyddwyr gwasanaeth/);

    const page = await agent.get(`/portal/opportunities/${id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Mae gen i ddiddordeb/);
    const long = await agent.post(`/portal/opportunities/${id}/interest`, {
      note: 'x'.repeat(1001),
    });
    assert.equal(long.statusCode, 200);
    assert.match(long.body, /Defnyddiwch 1,000 o nodau neu lai/);
    assert.equal(await interest(id, personId), undefined, 'nothing saved');

    const done = await agent.post(`/portal/opportunities/${id}/interest`, {
      note: 'Rwyf wedi bod yn y fforwm o’r blaen',
      support: 'Tocyn bws',
    });
    assert.equal(done.statusCode, 303);
    const saved = await interest(id, personId);
    assert.equal(saved?.method, 'portal');
    assert.equal(saved?.status, 'interested');
    assert.equal(saved?.support_needed, 'Tocyn bws');
    const after = await agent.follow(done);
    assert.match(after.body, /Diolch. Mae eich diddordeb gyda ni/);
    assert.match(after.body, /Yn aros am benderfyniad|Fe ddywedoch fod gennych ddiddordeb/);

    // a double submit changes nothing
    await agent.post(`/portal/opportunities/${id}/interest`, { note: '' });
    const count = await fixture.t.services.db
      .selectFrom('expressions_of_interest')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('person_id', '=', personId)
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 1);

    await agent.get(`/portal/opportunities/${id}`);
    const withdrawn = await agent.post(`/portal/opportunities/${id}/withdraw`);
    assert.equal(withdrawn.statusCode, 303);
    assert.equal((await interest(id, personId))?.status, 'withdrawn');

    const audit = await fixture.t.services.db
      .selectFrom('audit_log')
      .select(['action', 'actor_account_id', 'details'])
      .where('subject_id', '=', personId)
      .where('action', 'like', 'interest.%')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['interest.expressed', 'interest.withdrawn'],
    );
    assert.equal(audit[0]?.actor_account_id, null);
    assert.equal(audit[0]?.details.by, 'person');
    assert.doesNotMatch(JSON.stringify(audit), /Gwen|Tocyn/);
  });

  it('offers a paused person nothing and refuses their interest', async () => {
    const id = await opportunity(org.providerA);
    const personId = await person('Paused Person', { status: 'paused' });
    const agent = await portal(personId);
    const list = await agent.get('/portal/opportunities');
    assert.match(list.body, /You asked to take a break/);
    assert.doesNotMatch(list.body, new RegExp(`/portal/opportunities/${id}`));
    const page = await agent.get(`/portal/opportunities/${id}`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /I am interested/);
    const refused = await agent.post(`/portal/opportunities/${id}/interest`, { note: '' });
    assert.equal(refused.statusCode, 200);
    assert.match(refused.body, /you cannot say you are interested at the moment/);
    assert.equal(await interest(id, personId), undefined);
  });

  it('shows a person only opportunities for them: their organisations, their group, still open', async () => {
    const personId = await person('Sam Service');
    const elsewhere = await opportunity(org.providerB);
    const forCarers = await opportunity(org.providerA, { audiences: ['carer'] });
    const closed = await opportunity(org.providerA, { closing_date: '2020-01-01' });
    const draft = await opportunity(org.providerA, { status: 'draft' });
    const agent = await portal(personId);
    const list = await agent.get('/portal/opportunities');
    for (const id of [elsewhere, forCarers, closed, draft]) {
      assert.doesNotMatch(list.body, new RegExp(id));
      assert.equal((await agent.get(`/portal/opportunities/${id}`)).statusCode, 404);
    }
    const page = await agent.get(`/portal/opportunities/${forCarers}`);
    assert.equal(page.statusCode, 404);
  });

  it('lets staff record interest for a person they can see, by phone or on paper', async () => {
    const id = await opportunity(org.providerA);
    const lead = await staff('involvement_lead', org.providerA);
    const personId = await person('Rhys Recorded');
    const search = await lead.agent.get(`/opportunities/${id}/interests/new?q=Rhys`);
    assert.equal(search.statusCode, 200);
    assert.match(search.body, /Rhys Recorded/);
    const missing = await lead.agent.post(`/opportunities/${id}/interests`, {
      q: 'Rhys',
      method: 'paper',
    });
    assert.match(missing.body, /Choose the person who is interested/);
    const done = await lead.agent.post(`/opportunities/${id}/interests`, {
      q: 'Rhys',
      personId,
      method: 'paper',
      support: 'Lift to the venue',
    });
    assert.equal(done.statusCode, 303);
    assert.equal(redirectPath(done), `/opportunities/${id}/selection`);
    const saved = await interest(id, personId);
    assert.equal(saved?.method, 'paper');
    assert.equal(saved?.created_by, lead.accountId);

    // someone in another organisation cannot be put forward (they are not visible at all)
    const stranger = await person('Other Org', {}, org.providerB);
    await lead.agent.get(`/opportunities/${id}/interests/new?q=Other`);
    const refused = await lead.agent.post(`/opportunities/${id}/interests`, {
      personId: stranger,
      method: 'staff',
    });
    assert.match(refused.body, /Choose the person who is interested/);
    assert.equal(await interest(id, stranger), undefined);

    // a paused person cannot be put forward; nor someone the opportunity is not for
    const paused = await person('Rhys Paused', { status: 'paused' });
    await lead.agent.get(`/opportunities/${id}/interests/new?q=Rhys`);
    const pausedRefused = await lead.agent.post(`/opportunities/${id}/interests`, {
      personId: paused,
      method: 'staff',
    });
    assert.match(pausedRefused.body, /taking a break or has moved on/);
    assert.equal(await interest(id, paused), undefined);
    const carersOnly = await opportunity(org.providerA, { audiences: ['carer'] });
    await lead.agent.get(`/opportunities/${carersOnly}/interests/new?q=Rhys`);
    const notForThem = await lead.agent.post(`/opportunities/${carersOnly}/interests`, {
      personId,
      method: 'staff',
    });
    assert.match(notForThem.body, /This opportunity is not for this person/);
  });

  it('sends staff who cannot choose people back to record another', async () => {
    const id = await opportunity(org.providerA);
    const worker = await staff('staff', org.providerA);
    const personId = await person('Sara Staffed');
    await worker.agent.get(`/opportunities/${id}/interests/new?q=Sara`);
    const done = await worker.agent.post(`/opportunities/${id}/interests`, {
      personId,
      method: 'staff',
    });
    assert.equal(redirectPath(done), `/opportunities/${id}/interests/new`);
    const next = await worker.agent.follow(done);
    assert.match(next.body, /Sara Staffed&#39;s interest has been recorded/);
    assert.equal((await worker.agent.get(`/opportunities/${id}/selection`)).statusCode, 403);
  });

  it("answers 404 for another organisation's opportunity", async () => {
    const id = await opportunity(org.providerB);
    const lead = await staff('involvement_lead', org.providerA);
    assert.equal((await lead.agent.get(`/opportunities/${id}/selection`)).statusCode, 404);
    assert.equal((await lead.agent.get(`/opportunities/${id}/interests/new`)).statusCode, 404);
    assert.equal((await lead.agent.get('/opportunities/not-a-uuid/selection')).statusCode, 404);
    const own = await opportunity(org.providerA);
    await lead.agent.get(`/opportunities/${own}/selection`);
    const post = await lead.agent.post(`/opportunities/${id}/selection/tell`);
    assert.equal(post.statusCode, 404);
  });
});

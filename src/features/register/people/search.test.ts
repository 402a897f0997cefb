import assert from 'node:assert/strict';
import { it } from 'node:test';
import { peopleLinks, describePeople } from '#test/support/people-setup.ts';

/**
 * The register's list and who sees whom: search by willingness, training, Welsh and
 * availability; providers kept apart; commissioners only with consent; the query budget.
 */
describePeople('people: finding people', (s) => {
  it('finds people willing to sit on an interview panel, trained, Welsh-speaking, free on Tuesday mornings', async () => {
    const { agent, actor } = await s.signedIn('involvement_lead', 'area');
    const { people } = s.t.services;
    const make = async (
      name: string,
      welsh: boolean,
      trained: boolean,
      times: { weekday: number | null; startsAt: string; endsAt: string }[],
    ) => {
      const id = await s.person('providerA', { displayName: name, speaksWelsh: welsh });
      const interests = await people.updatePersonSection(actor, id, 'interests', {
        willingActivities: ['interview_panels', 'forums'],
        skills: ['interviewing'],
        interests: null,
        trainingCompleted: trained ? ['interview_panel', 'safeguarding'] : ['safeguarding'],
        orientation: null,
        commitmentGroup: 'B',
      });
      assert.ok(interests.ok);
      const availability = await people.updatePersonSection(actor, id, 'availability', {
        travelLimit: null,
        accessNeeds: null,
        venueNeeds: [],
        supportNeeded: null,
        unavailableTimes: times.map((x) => ({ ...x, reason: null })),
        unavailableDates: [],
      });
      assert.ok(availability.ok);
      return id;
    };
    await make('Search Match', true, true, [{ weekday: 2, startsAt: '13:00', endsAt: '15:00' }]);
    await make('Search Late Riser', true, true, [
      { weekday: null, startsAt: '00:00', endsAt: '11:00' },
    ]);
    await make('Search Tuesday Clinic', true, true, [
      { weekday: 2, startsAt: '10:00', endsAt: '11:00' },
    ]);
    await make('Search Untrained', true, false, []);
    await make('Search English', false, true, []);
    const query =
      '/people?q=search&willing=interview_panels&trained=interview_panel&welsh=1&day=2&part=morning';
    const response = await agent.get(query);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(peopleLinks(response.body), ['Search Match']);
    assert.match(response.body, /1 person found/);
    // the same search without the time finds the three trained Welsh speakers
    const anyTime = await agent.get(
      '/people?q=search&willing=interview_panels&trained=interview_panel&welsh=1',
    );
    assert.deepEqual(peopleLinks(anyTime.body).sort(), [
      'Search Late Riser',
      'Search Match',
      'Search Tuesday Clinic',
    ]);
    // Wednesday afternoon: everyone but nobody clashes
    const wednesday = await agent.get('/people?q=search&day=3&part=afternoon');
    assert.equal(peopleLinks(wednesday.body).length, 5);
    // all selected activities must match
    const both = await agent.get('/people?q=search&willing=interview_panels&willing=tender_panels');
    assert.deepEqual(peopleLinks(both.body), []);
  });

  it('keeps providers apart: staff cannot find a person registered only with another provider', async () => {
    const onlyB = await s.person('providerB', { displayName: 'Only At Hillside' });
    const { agent } = await s.signedIn('involvement_lead', 'providerA');
    const list = await agent.get('/people?q=only');
    assert.deepEqual(peopleLinks(list.body), []);
    assert.equal((await agent.get(`/people/${onlyB}`)).statusCode, 404);
    assert.equal((await agent.get(`/people/${onlyB}/contact`)).statusCode, 404);
    assert.equal((await agent.get(`/people/${onlyB}/edit/contact`)).statusCode, 404);
    assert.equal((await agent.get('/people/not-an-id')).statusCode, 404);
    await agent.get('/people');
    const post = await agent.post(`/people/${onlyB}/status`, { status: 'paused' });
    assert.equal(post.statusCode, 404);
    // staff at B see them; connecting them to A makes them visible to A as well
    const b = await s.signedIn('staff', 'providerB');
    assert.deepEqual(peopleLinks((await b.agent.get('/people?q=only')).body), ['Only At Hillside']);
    const connected = await s.t.services.people.connectOrganisation(
      s.admin,
      onlyB,
      s.ids.providerA,
    );
    assert.ok(connected.ok);
    assert.deepEqual(peopleLinks((await agent.get('/people?q=only')).body), ['Only At Hillside']);
    const disconnected = await s.t.services.people.disconnectOrganisation(
      s.admin,
      onlyB,
      s.ids.providerA,
    );
    assert.ok(disconnected.ok);
    assert.equal((await agent.get(`/people/${onlyB}`)).statusCode, 404);
  });

  it('shows commissioners a person only with share_identified consent', async () => {
    const hidden = await s.person('providerA', { displayName: 'Commission Hidden' });
    const shown = await s.person('providerA', { displayName: 'Commission Shown' }, [
      'register',
      'share_identified',
    ]);
    const { agent } = await s.signedIn('commissioner', 'region');
    const list = await agent.get('/people?q=commission');
    assert.equal(list.statusCode, 200);
    assert.deepEqual(peopleLinks(list.body), ['Commission Shown']);
    assert.equal((await agent.get(`/people/${hidden}`)).statusCode, 404);
    const page = await agent.get(`/people/${shown}`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /edit\/details/);
    assert.equal((await agent.get(`/people/${shown}/interests`)).statusCode, 200);
    assert.equal((await agent.get(`/people/${shown}/contact`)).statusCode, 403);
    await agent.get(`/people/${shown}`);
    assert.equal(
      (await agent.post(`/people/${shown}/status`, { status: 'paused' })).statusCode,
      403,
    );
    // withdrawing the consent hides them at once
    const withdrawn = await s.t.services.people.withdrawConsent(
      s.admin,
      shown,
      'share_identified',
      'phone',
    );
    assert.ok(withdrawn.ok);
    assert.equal((await agent.get(`/people/${shown}`)).statusCode, 404);
    // a viewer sees nobody
    const viewer = await s.signedIn('viewer', 'region');
    assert.equal((await viewer.agent.get('/people')).statusCode, 403);
  });

  it('keeps to the query budget on the list and the person page', async () => {
    const id = await s.person('providerA', { displayName: 'Budget Person' });
    for (let i = 0; i < 30; i += 1) await s.person('providerA', { displayName: `Budget ${i}` });
    const { agent } = await s.signedIn('staff', 'providerA');
    const list = await agent.get('/people?q=budget&page=2');
    assert.equal(list.statusCode, 200);
    assert.ok(
      Number(list.headers['x-query-count']) <= 10,
      `list: ${String(list.headers['x-query-count'])}`,
    );
    assert.match(list.body, /31 people found/);
    for (const path of [
      '',
      '/contact',
      '/availability',
      '/interests',
      '/carers',
      '/consent',
      '/history',
    ]) {
      const page = await agent.get(`/people/${id}${path}`);
      assert.equal(page.statusCode, 200);
      assert.ok(
        Number(page.headers['x-query-count']) <= 10,
        `${path}: ${String(page.headers['x-query-count'])}`,
      );
    }
  });
});

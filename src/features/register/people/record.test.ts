import assert from 'node:assert/strict';
import { it } from 'node:test';
import { peopleLinks, describePeople } from '#test/support/people-setup.ts';

/**
 * A person's record: status history, what waits for staff, the named worker, carers, text
 * shown as text, and the pages in Welsh.
 */
describePeople('people: a person’s record', (s) => {
  it('keeps the status history: paused with a review date, then moved on', async () => {
    const id = await s.person('providerA', { displayName: 'Status Person' });
    const { agent } = await s.signedIn('staff', 'providerA');
    await agent.get(`/people/${id}/status`);
    const past = await agent.post(`/people/${id}/status`, {
      status: 'paused',
      reviewDay: '1',
      reviewMonth: '1',
      reviewYear: '2020',
    });
    assert.equal(past.statusCode, 400);
    assert.match(past.body, /today or in the future/);
    const year = String(new Date().getFullYear() + 1);
    const paused = await agent.post(`/people/${id}/status`, {
      status: 'paused',
      reviewDay: '15',
      reviewMonth: '6',
      reviewYear: year,
      reason: 'In hospital',
    });
    assert.equal(paused.statusCode, 303);
    await agent.get(`/people/${id}/status`);
    await agent.post(`/people/${id}/status`, { status: 'moved_on' });
    const history = await s.t.services.db
      .selectFrom('person_status_history')
      .select(['status', 'pause_review_date', 'reason'])
      .where('person_id', '=', id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      history.map((h) => h.status),
      ['active', 'paused', 'moved_on'],
    );
    assert.equal(history[1]!.pause_review_date, `${year}-06-15`);
    const page = await agent.get(`/people/${id}`);
    assert.match(page.body, /Moved on/);
    assert.match(page.body, /In hospital/);
    // moved-on people are still found by staff, marked clearly
    const list = await agent.get('/people?q=status');
    assert.deepEqual(peopleLinks(list.body), ['Status Person']);
    assert.match(list.body, /govuk-tag--grey">Moved on/);
    assert.equal((await s.auditRows(id, 'person.status_changed')).length, 2);
  });

  it('shows on the person page what waits for staff: portal requests and calls to make', async () => {
    const id = await s.person('providerA', { displayName: 'Waiting Person' });
    const { agent } = await s.signedIn('staff', 'providerA');
    const before = await agent.get(`/people/${id}`);
    assert.doesNotMatch(before.body, /Waiting for someone to act/);
    await s.t.services.db
      .insertInto('person_requests')
      .values({ person_id: id, organisation_id: s.ids.providerA, kind: 'pause' })
      .execute();
    await s.t.services.db
      .insertInto('person_messages')
      .values({
        person_id: id,
        organisation_id: s.ids.providerA,
        template: 'opportunity',
        channel: 'phone',
        status: 'blocked',
        reason: 'needs_person',
      })
      .execute();
    const page = await agent.get(`/people/${id}`);
    assert.match(page.body, /Waiting for someone to act/);
    assert.match(page.body, /They asked in the portal to be paused/);
    assert.match(page.body, /A message waits for a worker to phone them/);
    assert.match(page.body, /href="\/contact-tasks"/);
  });

  it('names the worker who gives messages in person, chosen from staff where the person is', async () => {
    const id = await s.person('providerA', { displayName: 'Worker Person' });
    const { agent, actor } = await s.signedIn('staff', 'providerA');
    const other = await s.signedIn('staff', 'providerB');
    const form = await agent.get(`/people/${id}/edit/contact`);
    assert.match(form.body, /name="namedWorker"/);
    assert.match(form.body, new RegExp(`value="${actor.id}"`));
    assert.doesNotMatch(form.body, new RegExp(`value="${other.actor.id}"`));
    const base = { preferredLanguage: 'en', speaksWelsh: 'no', phone: '07700 900123' };
    // in person needs a named worker
    const missing = await agent.post(`/people/${id}/edit/contact`, {
      ...base,
      channel1: 'in_person',
    });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /Choose the named worker who will give them messages in person/);
    // someone from another provider cannot be chosen, even by a crafted form
    const crafted = await agent.post(`/people/${id}/edit/contact`, {
      ...base,
      channel1: 'in_person',
      namedWorker: other.actor.id,
    });
    assert.equal(crafted.statusCode, 400);
    assert.match(crafted.body, /Choose a named worker from the list/);
    const saved = await agent.post(`/people/${id}/edit/contact`, {
      ...base,
      channel1: 'in_person',
      channel2: 'sms',
      namedWorker: actor.id,
    });
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 1500));
    const row = await s.t.services.db
      .selectFrom('people')
      .select(['named_worker_account_id', 'channels'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.named_worker_account_id, actor.id);
    assert.deepEqual(row.channels, ['in_person', 'sms']);
    const contact = await agent.get(`/people/${id}/contact`);
    assert.match(contact.body, new RegExp(actor.name));
  });

  it('shows a carer link on the carer’s page only where the person allows it', async () => {
    const carer = await s.person('providerA', { displayName: 'Carer Person', kind: 'carer' });
    const cared = await s.person('providerA', { displayName: 'Cared For Person' });
    const private_ = await s.person('providerA', { displayName: 'Private Person' });
    const { agent } = await s.signedIn('staff', 'providerA');
    await agent.get(`/people/${cared}/edit/carers`);
    const saved = await agent.post(`/people/${cared}/edit/carers`, {
      'supporter-0-relationship': 'carer',
      'supporter-0-relatedPersonId': carer,
      'supporter-0-mayShare': ['involvement', 'emergency'],
      'supporter-1-name': 'Auntie Gwen',
      'supporter-1-relationship': 'family_member',
      emergencyArrangements: 'Call Gwen',
    });
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 3000));
    await agent.get(`/people/${private_}/edit/carers`);
    await agent.post(`/people/${private_}/edit/carers`, {
      'supporter-0-relationship': 'carer',
      'supporter-0-relatedPersonId': carer,
      'supporter-0-mayShare': 'emergency',
    });
    const carerPage = await agent.get(`/people/${carer}`);
    assert.match(carerPage.body, /Cared For Person/);
    assert.doesNotMatch(carerPage.body, /Private Person/);
    const caredPage = await agent.get(`/people/${cared}/carers`);
    assert.match(caredPage.body, /Carer Person/);
    assert.match(caredPage.body, /Auntie Gwen/);
    const stored = await s.t.services.db
      .selectFrom('person_supporters')
      .select('name')
      .where('person_id', '=', cared)
      .execute();
    assert.ok(stored.every((s) => !s.name?.includes('Gwen')));
    // someone on another provider's register cannot be linked by id
    const elsewhere = await s.person('providerB', { displayName: 'Elsewhere Carer' });
    await agent.get(`/people/${cared}/edit/carers`);
    const refused = await agent.post(`/people/${cared}/edit/carers`, {
      'supporter-0-relationship': 'carer',
      'supporter-0-relatedPersonId': elsewhere,
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /nobody you can see on the register/);
  });

  it('shows what people typed as text, never as markup', async () => {
    const id = await s.person('providerA', {
      displayName: '<b>Bold</b> Person',
      address: { lines: '<script>alert(1)</script>\nTown', postcode: 'CF10 1AA' },
    });
    const { agent } = await s.signedIn('staff', 'providerA');
    const summary = await agent.get(`/people/${id}`);
    assert.doesNotMatch(summary.body, /<b>Bold<\/b>/);
    assert.match(summary.body, /&lt;b&gt;Bold&lt;\/b&gt; Person/);
    const contact = await agent.get(`/people/${id}/contact`);
    assert.doesNotMatch(contact.body, /<script>alert/);
    assert.match(contact.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;<br>Town/);
  });

  it('speaks Welsh', async () => {
    const id = await s.person('providerA', { displayName: 'Welsh Page Person' });
    const { agent } = await s.signedIn('staff', 'providerA', 'cy');
    const list = await agent.get('/people?q=welsh%20page');
    assert.match(list.body, /Cofrestr cyfranogiad/);
    assert.match(list.body, /Cafwyd hyd i 1 person/);
    const page = await agent.get(`/people/${id}`);
    assert.match(page.body, /Crynodeb/);
    assert.match(page.body, /Defnyddiwr gwasanaeth/);
    assert.match(page.body, /<html lang="cy"/);
    await agent.get('/people/new/contact');
    const error = await agent.post('/people/new/contact', { phone: 'abc' });
    assert.match(error.body, /Rhowch rif ffôn yn y DU/);
    const nav = await agent.get('/dashboard');
    assert.match(nav.body, /Cofrestr/);
  });
});

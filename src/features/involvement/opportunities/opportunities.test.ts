import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent, startTestApp, type TestApp, redirectPath } from '#test/support/app.ts';
import { insertTestPerson, type TestPerson } from '#features/register';
import { sampleForm, sampleOpportunity } from './authz.ts';
import { londonMoment } from '#platform/time/london.ts';
import { organisationTree } from '#test/support/fixture.ts';

/**
 * Opportunities through their routes and the matching job, on the engine under test: the
 * question pages and check-your-answers, bad dates refused, scope (404), publishing and who is
 * told — once, in their own language, never when paused or without consent to contact.
 */
describe('opportunities', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'opportunities', 'Tester');
  const { ids: org, signedIn } = tree;
  const organisation = (key: string, kind: 'nation' | 'region' | 'provider', parent?: string) =>
    tree.add(key, parent, { kind, nameEn: `${key} en`, nameCy: `${key} cy`, requiresMfa: true });

  const person = (options: Omit<TestPerson, 'organisationId'> & { at?: string }) =>
    insertTestPerson(t.services.db, t.config.encryptionKey, {
      organisationId: org[options.at ?? 'provider']!,
      phone: '07700 900123',
      ...options,
      fields: { willing_activities: ['focus_groups'], ...options.fields },
    });

  before(async () => {
    t = await startTestApp({ EXPOSE_QUERY_COUNT: 'true' });
    await organisation('nation', 'nation');
    await organisation('region', 'region', 'nation');
    await organisation('provider', 'provider', 'region');
    await organisation('otherRegion', 'region', 'nation');
    await organisation('otherProvider', 'provider', 'otherRegion');
  });
  after(() => t.close());

  it('creates an opportunity through the question pages and check your answers', async () => {
    const { agent } = await signedIn('involvement_lead', 'region');
    let page = await agent.get('/opportunities/new');
    assert.equal(page.statusCode, 303);
    assert.equal(redirectPath(page), '/opportunities/new/about');
    page = await agent.get('/opportunities/new/about');
    assert.equal(page.statusCode, 200);
    // nothing filled in: errors, the form back
    page = await agent.post('/opportunities/new/about', {});
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /There is a problem/);
    assert.match(page.body, /Choose the organisation/);
    assert.match(page.body, /Enter the title in Welsh/);
    page = await agent.post('/opportunities/new/about', {
      organisationId: org.provider!,
      titleEn: 'Choose our new recovery worker',
      titleCy: 'Dewis ein gweithiwr adfer newydd',
      descriptionEn: 'Sit on the interview panel.',
      descriptionCy: 'Eistedd ar y panel cyfweld.',
    });
    assert.equal(redirectPath(page), '/opportunities/new/ladder');
    page = await agent.get('/opportunities/new/ladder');
    // the rung is chosen with its plain-words explanation as the hint
    assert.match(page.body, /People share decisions with staff/);
    await agent.post('/opportunities/new/ladder', {
      rung: 'decision_sharing',
      level: 'service',
      ntaScope: 'collective',
      ntaMode: 'influence',
      method: 'interview_panel',
    });
    await agent.get('/opportunities/new/audience');
    page = await agent.post('/opportunities/new/audience', {
      audiences: ['service_user', 'former_service_user'],
      welshMedium: 'no',
    });
    assert.equal(redirectPath(page), '/opportunities/new/when');
    await agent.get('/opportunities/new/when');
    // closing date before the opening date: refused, nothing kept
    page = await agent.post('/opportunities/new/when', {
      'opensOn-day': '10',
      'opensOn-month': '3',
      'opensOn-year': '2027',
      'closingDate-day': '1',
      'closingDate-month': '3',
      'closingDate-year': '2027',
      attendance: 'online',
    });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /The closing date must be on or after the opening date/);
    assert.match(page.body, /name="closingDate-day"[^>]*value="1"/);
    page = await agent.post('/opportunities/new/when', {
      'opensOn-day': '1',
      'opensOn-month': '3',
      'opensOn-year': '2027',
      'closingDate-day': '10',
      'closingDate-month': '3',
      'closingDate-year': '2027',
      'startsOn-day': '16',
      'startsOn-month': '3',
      'startsOn-year': '2027',
      startsTime: '10:00',
      endsTime: '13:00',
      attendance: 'in_person',
      locationEn: 'The Hub, High Street',
      locationCy: 'Yr Hwb, Stryd Fawr',
    });
    assert.equal(redirectPath(page), '/opportunities/new/commitment');
    await agent.get('/opportunities/new/commitment');
    await agent.post('/opportunities/new/commitment', {
      expectedHours: '3',
      trainingNeeded: ['interview_panel'],
      payment: 'voucher',
    });
    await agent.get('/opportunities/new/places');
    page = await agent.post('/opportunities/new/places', {
      places: '2',
      backups: '1',
      public: 'yes',
    });
    assert.equal(redirectPath(page), '/opportunities/new/check');
    page = await agent.get('/opportunities/new/check');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Choose our new recovery worker/);
    assert.match(page.body, /Dewis ein gweithiwr adfer newydd/);
    page = await agent.post('/opportunities/new/check');
    assert.equal(page.statusCode, 303);
    const created = page;
    const id = /\/opportunities\/([0-9a-f-]{36})$/.exec(redirectPath(created))?.[1];
    assert.ok(id);
    const saved = await t.services.opportunities.find(id);
    assert.equal(saved?.status, 'draft');
    assert.equal(saved?.rung, 5);
    assert.equal(saved?.organisationId, org.provider);
    assert.equal(saved?.closingDate, '2027-03-10');
    assert.equal(saved?.startsAt?.toISOString(), '2027-03-16T10:00:00.000Z');
    assert.equal(saved?.expectedHours, 3);
    page = await agent.follow(created);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /saved as a draft/);
    // in Welsh
    page = await agent.get(`/opportunities/${id}?lang=cy`);
    assert.match(page.body, /Dewis ein gweithiwr adfer newydd/);
    assert.match(page.body, /Rhannu penderfyniadau|Rhannu/);
    const audit = await t.services.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', id)
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['opportunity.created'],
    );
    // the list, filtered by rung
    page = await agent.get('/opportunities?rung=5&lang=en');
    assert.match(page.body, /Choose our new recovery worker/);
    assert.ok(Number(page.headers['x-query-count']) <= 10);
    page = await agent.get('/opportunities?rung=2');
    assert.doesNotMatch(page.body, /Choose our new recovery worker/);
  });

  it('answers 404 for an opportunity of an organisation the actor cannot see', async () => {
    const { actor } = await signedIn('involvement_lead', 'region');
    const id = await t.services.opportunities.createOpportunity(
      actor,
      org.provider!,
      sampleOpportunity(),
    );
    const outsider = await signedIn('involvement_lead', 'otherProvider');
    assert.equal((await outsider.agent.get(`/opportunities/${id}`)).statusCode, 404);
    assert.equal((await outsider.agent.get(`/opportunities/${id}/edit`)).statusCode, 404);
    const list = await outsider.agent.get('/opportunities');
    assert.doesNotMatch(list.body, new RegExp(id));
    // a viewer above it may look but not change it
    const viewer = await signedIn('viewer', 'region');
    assert.equal((await viewer.agent.get(`/opportunities/${id}`)).statusCode, 200);
    assert.equal((await viewer.agent.get(`/opportunities/${id}/edit`)).statusCode, 403);
    // and an organisation outside the actor's reach cannot be chosen when creating
    const lead = await signedIn('involvement_lead', 'region');
    await lead.agent.get('/opportunities/new/about');
    const refused = await lead.agent.post('/opportunities/new/about', {
      ...sampleForm,
      organisationId: org.otherProvider!,
    });
    assert.equal(refused.statusCode, 404);
  });

  it('edits, and refuses to open once the closing date has passed', async () => {
    const { agent, actor } = await signedIn('involvement_lead', 'region');
    const id = await t.services.opportunities.createOpportunity(
      actor,
      org.provider!,
      sampleOpportunity({ opensOn: '2020-01-01', closingDate: '2020-02-01' }),
    );
    let page = await agent.get(`/opportunities/${id}/edit`);
    assert.equal(page.statusCode, 200);
    page = await agent.post(`/opportunities/${id}/status`, { to: 'open' });
    assert.equal(page.statusCode, 409);
    assert.match(page.body, /The closing date has passed/);
    assert.equal((await t.services.opportunities.find(id))?.status, 'draft');
    page = await agent.get(`/opportunities/${id}/edit`);
    assert.equal(page.statusCode, 200, page.body.slice(0, 3000));
    page = await agent.post(`/opportunities/${id}/edit`, {
      ...sampleForm,
      'closingDate-day': '1',
      'closingDate-month': '1',
      'closingDate-year': '2019',
      'opensOn-day': '1',
      'opensOn-month': '1',
      'opensOn-year': '2020',
    });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /The closing date must be on or after the opening date/);
    page = await agent.post(`/opportunities/${id}/edit`, { ...sampleForm, titleEn: 'Renamed' });
    assert.equal(page.statusCode, 303);
    const saved = await t.services.opportunities.find(id);
    assert.equal(saved?.titleEn, 'Renamed');
    assert.equal(saved?.closingDate, null);
    // completed is not reachable from draft
    await agent.get(`/opportunities/${id}`);
    page = await agent.post(`/opportunities/${id}/status`, { to: 'completed' });
    assert.equal(page.statusCode, 409);
  });

  it('tells matching people once, in their language, through the safe-contact rules', async () => {
    const { agent, actor } = await signedIn('involvement_lead', 'region');
    // Tuesday 16 March 2027, 10:00-13:00 UK time
    const startsAt = londonMoment('2027-03-16', '10:00');
    const endsAt = londonMoment('2027-03-16', '13:00');
    const id = await t.services.opportunities.createOpportunity(
      actor,
      org.region!,
      sampleOpportunity({ startsAt, endsAt, public: true, closingDate: '2027-03-10' }),
    );
    const english = await person({});
    const welsh = await person({
      // chose fuller texts: the others get the discreet form (docs/contact.md)
      fields: {
        preferred_language: 'cy',
        willing_activities: ['focus_groups'],
        fuller_messages: true,
      },
    });
    const easyRead = await person({ fields: { formats: ['easy_read'] } });
    const paused = await person({ fields: { status: 'paused' } });
    const noConsent = await person({ consents: ['register'] });
    const elsewhere = await person({ at: 'otherProvider' });
    const unwilling = await person({ fields: { willing_activities: ['surveys'] } });
    const busy = await person({});
    await t.services.db
      .insertInto('person_unavailable_times')
      .values({ person_id: busy, weekday: 2, starts_at: '09:00', ends_at: '12:00' })
      .execute();
    const away = await person({});
    await t.services.db
      .insertInto('person_unavailable_dates')
      .values({ person_id: away, date: '2027-03-16' })
      .execute();

    await agent.get(`/opportunities/${id}`);
    const opened = await agent.post(`/opportunities/${id}/status`, { to: 'open' });
    assert.equal(opened.statusCode, 303);
    // the job was queued with the change; run it as the worker would
    const summary = await t.services.opportunities.matchOpportunity(id, actor.id);
    assert.equal(summary.queued, 3);
    assert.equal(summary.blocked, 1);

    const invitations = await t.services.db
      .selectFrom('opportunity_invitations')
      .select(['person_id', 'status', 'message_id'])
      .where('opportunity_id', '=', id)
      .execute();
    const status = new Map(invitations.map((i) => [i.person_id, i.status]));
    assert.equal(status.get(english), 'queued');
    assert.equal(status.get(welsh), 'queued');
    assert.equal(status.get(easyRead), 'queued');
    for (const someone of [noConsent, paused, elsewhere, unwilling, busy, away])
      assert.equal(status.has(someone), false);

    const messages = await t.services.db
      .selectFrom('person_messages')
      .select(['id', 'person_id', 'status', 'template', 'personalisation', 'reason'])
      .where('person_id', 'in', [english, welsh, easyRead, paused, noConsent])
      .execute();
    const of = (id: string) => messages.filter((m) => m.person_id === id);
    assert.equal(of(paused).length, 0, 'a paused person gets nothing');
    assert.equal(of(noConsent).length, 0, 'no consent to contact: never queued');
    assert.equal(of(english)[0]?.personalisation.title, 'Have your say on the needle exchange');
    assert.equal(of(welsh)[0]?.personalisation.title, 'Dweud eich dweud am y gyfnewidfa nodwyddau');
    assert.equal(of(easyRead)[0]?.template, 'opportunityInvitation.easyRead');

    // running again (a retry) tells nobody twice
    const again = await t.services.opportunities.matchOpportunity(id, actor.id);
    assert.equal(again.queued, 0);

    assert.equal(
      (
        await t.services.db
          .selectFrom('person_messages')
          .select('id')
          .where('person_id', '=', english)
          .execute()
      ).length,
      1,
    );

    // sent: the Welsh speaker's message is in Welsh
    await t.services.contact.dispatchDue();
    const sent = await t.services.db
      .selectFrom('outbox_messages')
      .select(['language', 'subject', 'body', 'reference'])
      .where('reference', 'like', 'person-message-%')
      .execute();
    const welshMessage = sent.find((m) => m.body.includes('Dweud eich dweud am y gyfnewidfa'));
    assert.ok(welshMessage);
    assert.equal(welshMessage.language, 'cy');
    assert.match(welshMessage.body, /Mae gan region cy gyfle newydd/);
    assert.match(welshMessage.body, /16 Mawrth 2027/);
    // the others chose nothing: a discreet text, no service and no title (docs/contact.md)
    const discreet = sent.filter((m) =>
      [of(english)[0], of(easyRead)[0]].some(
        (message) => message && m.reference === `person-message-${message.id}`,
      ),
    );
    assert.equal(discreet.length, 2);
    for (const m of discreet) {
      assert.match(m.body, /There is something new that may interest you/);
      assert.doesNotMatch(m.body, /needle|region|Have your say/i);
    }

    // the details page shows how many were told and not told
    const page = await agent.get(`/opportunities/${id}`);
    assert.match(page.body, /3 people were sent an invitation/);
    assert.match(page.body, /They have not agreed to be contacted: 1/);
    // on the public page, with no personal data
    const visitor = new Agent(t.app);
    const list = await visitor.get('/open-opportunities');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Have your say on the needle exchange/);
    const shown = await visitor.get(`/open-opportunities/${id}?lang=cy`);
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /Dweud eich dweud am y gyfnewidfa nodwyddau/);
    assert.doesNotMatch(shown.body, /Person [0-9a-f]{6}/);
    // closed: gone from the public page
    await agent.post(`/opportunities/${id}/status`, { to: 'closed' });
    assert.equal((await visitor.get(`/open-opportunities/${id}`)).statusCode, 404);

    // re-opened and moved to a Wednesday afternoon: matched again, and only the two who could
    // not come on Tuesday 16 March are told now
    await agent.get(`/opportunities/${id}`);
    await agent.post(`/opportunities/${id}/status`, { to: 'open' });
    const open = (await t.services.opportunities.find(id))!;
    assert.equal(open.status, 'open');
    const moved = await t.services.opportunities.updateOpportunity(actor, open, {
      ...sampleOpportunity({ public: true, closingDate: '2027-03-10' }),
      startsAt: londonMoment('2027-03-17', '14:00'),
      endsAt: londonMoment('2027-03-17', '16:00'),
    });
    assert.deepEqual(moved, { rematch: true });
    const rematched = await t.services.opportunities.matchOpportunity(id, actor.id);
    assert.equal(rematched.queued, 2, 'the Tuesday-busy person and the one away on the 16th');
    const retitled = await t.services.opportunities.updateOpportunity(
      actor,
      (await t.services.opportunities.find(id))!,
      {
        ...sampleOpportunity({ public: true, closingDate: '2027-03-10' }),
        startsAt: londonMoment('2027-03-17', '14:00'),
        endsAt: londonMoment('2027-03-17', '16:00'),
        titleEn: 'A new title',
      },
    );
    assert.deepEqual(retitled, { rematch: false }, 'a new title tells nobody new');
  });

  it('does not tell people about a Welsh-medium opportunity unless they speak or chose Welsh', async () => {
    const { actor } = await signedIn('involvement_lead', 'region');
    const speaker = await person({ fields: { speaks_welsh: true } });
    const nonSpeaker = await person({});
    const id = await t.services.opportunities.createOpportunity(
      actor,
      org.provider!,
      sampleOpportunity({ welshMedium: true, audiences: ['service_user'] }),
    );
    const opportunity = await t.services.opportunities.find(id);
    const opened = await t.services.opportunities.changeStatus(actor, opportunity!, 'open');
    assert.ok(opened.ok);
    await t.services.opportunities.matchOpportunity(id, actor.id);
    const rows = await t.services.db
      .selectFrom('opportunity_invitations')
      .select('person_id')
      .where('opportunity_id', '=', id)
      .execute();
    const told = new Set(rows.map((r) => r.person_id));
    assert.ok(told.has(speaker));
    assert.ok(!told.has(nonSpeaker));
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SESSION_COOKIE, type Actor } from '#platform/auth/sessions.ts';
import type { OrganisationKind, Role } from '#platform/db/schema.ts';
import type { ConsentPurpose } from '../tables.ts';
import { Agent, startTestApp, type TestApp } from '#test/support/app.ts';
import { samplePerson } from './authz.ts';
import type { NewPerson } from './schema.ts';

/**
 * The involvement register through its routes, on the engine under test: registering with
 * question pages and check-your-answers, validation, search by willingness/training/Welsh/
 * availability, scope between providers, commissioners and consent, status history,
 * withdrawal of consent, audit, Welsh pages and the query budget.
 */
describe('people (involvement register)', () => {
  let t: TestApp;
  let admin: Actor;
  const ids: Record<string, string> = {};
  let accounts = 0;

  async function organisation(key: string, kind: OrganisationKind, name: string, parent?: string) {
    const { organisations } = t.services;
    const draft = await organisations.draftOrganisation(admin, parent ? ids[parent]! : null, {
      kind,
      nameEn: name,
      nameCy: `${name} (cy)`,
    });
    assert.ok(draft.ok, JSON.stringify(draft));
    const created = await organisations.createOrganisation(admin, draft.value);
    assert.ok(created.ok);
    ids[key] = created.value.id;
  }

  async function signedIn(role: Role, at: string, language?: 'en' | 'cy') {
    const { db, sessions } = t.services;
    accounts += 1;
    const account = await db
      .insertInto('accounts')
      .values({
        email: `people-${accounts}@test.example`,
        name: `Worker ${accounts}`,
        ...(language ? { language } : {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('memberships')
      .values({ account_id: account.id, organisation_id: ids[at]!, role })
      .execute();
    const session = await sessions.create({ accountId: account.id });
    const agent = new Agent(t.app);
    agent.cookies.set(SESSION_COOKIE, session.id);
    const actor = (await sessions.load(session.id))!.actor!;
    return { agent, actor };
  }

  /** A person registered through the service as the platform administrator. */
  async function person(
    at: string,
    changes: Partial<NewPerson> = {},
    purposes: ConsentPurpose[] = ['register', 'contact'],
  ) {
    const draft = { ...samplePerson(ids[at]!, purposes), ...changes };
    const result = await t.services.people.registerPerson(admin, draft);
    assert.ok(result.ok, JSON.stringify(result));
    return result.value.id;
  }

  const auditRows = (subjectId: string, action?: string) =>
    t.services.db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_type', '=', 'person')
      .where('subject_id', '=', subjectId)
      .$if(action !== undefined, (qb) => qb.where('action', '=', action!))
      .orderBy('id')
      .execute();

  const peopleLinks = (html: string) =>
    [...html.matchAll(/<a class="govuk-link" href="\/people\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map(
      (m) => m[1],
    );

  before(async () => {
    t = await startTestApp({ EXPOSE_QUERY_COUNT: 'true' });
    const { db, sessions } = t.services;
    const account = await db
      .insertInto('accounts')
      .values({ email: 'people-admin@test.example', name: 'Admin', platform_admin: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    admin = (await sessions.load((await sessions.create({ accountId: account.id })).id))!.actor!;
    await organisation('nation', 'nation', 'Testland');
    await organisation('region', 'region', 'Cwm Prawf APB', 'nation');
    await organisation('area', 'area', 'Aberprawf', 'region');
    await organisation('providerA', 'provider', 'Harbour Recovery', 'area');
    await organisation('providerB', 'provider', 'Hillside Support', 'area');
  });
  after(() => t.close());

  it('registers someone who gives no legal name (a pseudonym is enough)', async () => {
    const { agent } = await signedIn('involvement_lead', 'providerA');
    const answers: [string, Record<string, string | string[]>][] = [
      ['kind', { kind: 'service_user' }],
      ['name', { displayName: 'Pseudonym P', legalName: '' }],
      ['age', { ageBand: '25_34' }],
      ['organisation', { organisationId: ids.providerA! }],
      ['language', { preferredLanguage: 'en', speaksWelsh: 'no' }],
      ['contact', { email: 'pseudonym@example.org', channel1: 'email' }],
      ['consent', { purposes: ['register'], method: 'in_person', wordingVersion: '2026-1' }],
    ];
    for (const [step, form] of answers) {
      await agent.get(`/people/new/${step}`);
      const response = await agent.post(`/people/new/${step}`, form);
      assert.equal(response.statusCode, 303, `${step}: ${response.body.slice(0, 2000)}`);
    }
    assert.equal((await agent.get('/people/new/check')).statusCode, 200);
    const registered = await agent.post('/people/new/check');
    assert.equal(registered.statusCode, 303);
    assert.match(String(registered.headers.location), /^\/people\/[0-9a-f-]{36}$/);
  });

  it('registers someone through the question pages and check your answers, once', async () => {
    const { agent } = await signedIn('involvement_lead', 'providerA');
    const start = await agent.get('/people/new');
    assert.equal(start.statusCode, 303);
    assert.equal(start.headers.location, '/people/new/kind');
    assert.equal((await agent.get('/people/new/kind')).statusCode, 200);
    const answers: [string, Record<string, string | string[]>][] = [
      ['kind', { kind: 'carer' }],
      ['name', { displayName: 'Rhiannon Q', legalName: 'Rhiannon Quested' }],
      ['age', { dobDay: '3', dobMonth: '4', dobYear: '1980' }],
      ['organisation', { organisationId: ids.providerA! }],
      ['language', { preferredLanguage: 'cy', speaksWelsh: 'yes', formats: 'large_print' }],
      [
        'contact',
        {
          phone: '07700 900456',
          email: 'Rhiannon@Example.com',
          addressLines: '1 Stryd y Prawf\nAberprawf',
          postcode: 'cf10 1aa',
          channel1: 'sms',
          channel2: 'letter',
          safe: ['noVoicemail', 'plainEnvelope'],
          quietFrom: '21:00',
          quietTo: '9:00',
        },
      ],
      ['consent', { purposes: ['register', 'contact'], method: 'phone', wordingVersion: '2026-1' }],
    ];
    for (const [step, form] of answers) {
      await agent.get(`/people/new/${step}`);
      const response = await agent.post(`/people/new/${step}`, form);
      assert.equal(response.statusCode, 303, `${step}: ${response.body.slice(0, 2000)}`);
    }
    const check = await agent.get('/people/new/check');
    assert.equal(check.statusCode, 200);
    assert.match(check.body, /Rhiannon Q/);
    assert.match(check.body, /07700 900456|\+447700900456/);
    assert.match(check.body, /CF10 1AA/);
    const token = agent.csrf();
    const registered = await agent.post('/people/new/check');
    assert.equal(registered.statusCode, 303);
    const location = registered.headers.location as string;
    assert.match(location, /^\/people\/[0-9a-f-]{36}$/);
    // a double submit registers nobody new
    const again = await agent.post('/people/new/check', { _csrf: token });
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, location);
    const id = location.split('/').pop()!;
    const rows = await t.services.db
      .selectFrom('people')
      .selectAll()
      .where('display_name', '=', 'Rhiannon Q')
      .execute();
    assert.equal(rows.length, 1);
    const row = rows[0]!;
    assert.equal(row.id, id);
    // contact details are encrypted at rest
    assert.doesNotMatch(
      `${row.phone}${row.email}${row.address}${row.legal_name}`,
      /7700|xample|Stryd|Quested/i,
    );
    assert.deepEqual(row.channels, ['sms', 'letter']);
    assert.equal(row.preferred_language, 'cy');
    assert.equal(row.age_band, '45_54');
    assert.ok(row.scope_ids.includes(ids.area!));
    const consents = await t.services.db
      .selectFrom('consents')
      .select(['purpose', 'method'])
      .where('person_id', '=', id)
      .execute();
    assert.deepEqual(consents.map((c) => c.purpose).sort(), ['contact', 'register']);
    assert.equal((await auditRows(id, 'person.registered')).length, 1);
    const page = await agent.get(location);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Rhiannon Q/);
    assert.match(page.body, /They are on the register/);
    const contact = await agent.get(`${location}/contact`);
    assert.match(contact.body, /rhiannon@example.com/);
    assert.match(contact.body, /Do not leave voicemail/);
  });

  it('sends bad answers back with clear errors, the form filled in, and writes nothing', async () => {
    const { agent } = await signedIn('staff', 'providerA');
    const before = await t.services.db
      .selectFrom('people')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    await agent.get('/people/new/contact');
    const contact = await agent.post('/people/new/contact', {
      phone: '12345',
      email: 'not-an-email',
      addressLines: '1 High Street',
      postcode: 'XYZ 123',
      channel1: 'email',
    });
    assert.equal(contact.statusCode, 400);
    assert.match(contact.body, /There is a problem/);
    assert.match(contact.body, /Enter a UK phone number/);
    assert.match(contact.body, /Enter an e-mail address in the right format/);
    assert.match(contact.body, /Enter a real UK postcode/);
    assert.match(contact.body, /value="12345"/);
    assert.match(contact.body, /value="not-an-email"/);
    assert.match(contact.body, /href="#phone"/);

    await agent.get('/people/new/age');
    const age = await agent.post('/people/new/age', {
      dobDay: '31',
      dobMonth: '2',
      dobYear: '1990',
    });
    assert.equal(age.statusCode, 400);
    assert.match(age.body, /Date of birth must be a real date/);
    assert.match(age.body, /href="#dateOfBirth-day"/);
    const future = await agent.post('/people/new/age', {
      dobDay: '1',
      dobMonth: '1',
      dobYear: String(new Date().getFullYear() + 1),
    });
    assert.equal(future.statusCode, 400);
    assert.match(future.body, /must be in the past/);

    await agent.get('/people/new/name');
    const name = await agent.post('/people/new/name', { displayName: 'x'.repeat(101) });
    assert.equal(name.statusCode, 400);
    assert.match(name.body, /100 characters or fewer/);

    // a check page with nothing answered goes back to the first question
    assert.equal((await agent.get('/people/new/check')).headers.location, '/people/new/kind');

    // editing: an over-long answer changes nothing
    const id = await person('providerA', { displayName: 'Edit Target' });
    await agent.get(`/people/${id}/edit/interests`);
    const tooLong = await agent.post(`/people/${id}/edit/interests`, {
      willingActivities: 'forums',
      interests: 'y'.repeat(2001),
    });
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.body, /2,000 characters or fewer/);
    assert.match(tooLong.body, /value="forums" checked/);
    await agent.get(`/people/${id}/edit/availability`);
    const badTime = await agent.post(`/people/${id}/edit/availability`, {
      'time-0-weekday': '2',
      'time-0-startsAt': '25:00',
      'time-0-endsAt': '10:00',
      'date-0-date': '30/02/2027',
    });
    assert.equal(badTime.statusCode, 400);
    assert.match(badTime.body, /Enter a time on the 24-hour clock/);
    assert.match(badTime.body, /Enter a real date/);
    assert.match(badTime.body, /value="25:00"/);
    const row = await t.services.db
      .selectFrom('people')
      .select(['willing_activities', 'interests'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row.willing_activities, []);
    assert.equal(row.interests, null);
    assert.equal((await auditRows(id, 'person.updated')).length, 0);
    const after = await t.services.db
      .selectFrom('people')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n) + 1);
  });

  it('finds people willing to sit on an interview panel, trained, Welsh-speaking, free on Tuesday mornings', async () => {
    const { agent, actor } = await signedIn('involvement_lead', 'area');
    const { people } = t.services;
    const make = async (
      name: string,
      welsh: boolean,
      trained: boolean,
      times: { weekday: number | null; startsAt: string; endsAt: string }[],
    ) => {
      const id = await person('providerA', { displayName: name, speaksWelsh: welsh });
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
    const onlyB = await person('providerB', { displayName: 'Only At Hillside' });
    const { agent } = await signedIn('involvement_lead', 'providerA');
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
    const b = await signedIn('staff', 'providerB');
    assert.deepEqual(peopleLinks((await b.agent.get('/people?q=only')).body), ['Only At Hillside']);
    const connected = await t.services.people.connectOrganisation(admin, onlyB, ids.providerA!);
    assert.ok(connected.ok);
    assert.deepEqual(peopleLinks((await agent.get('/people?q=only')).body), ['Only At Hillside']);
    const disconnected = await t.services.people.disconnectOrganisation(
      admin,
      onlyB,
      ids.providerA!,
    );
    assert.ok(disconnected.ok);
    assert.equal((await agent.get(`/people/${onlyB}`)).statusCode, 404);
  });

  it('shows commissioners a person only with share_identified consent', async () => {
    const hidden = await person('providerA', { displayName: 'Commission Hidden' });
    const shown = await person('providerA', { displayName: 'Commission Shown' }, [
      'register',
      'share_identified',
    ]);
    const { agent } = await signedIn('commissioner', 'region');
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
    const withdrawn = await t.services.people.withdrawConsent(
      admin,
      shown,
      'share_identified',
      'phone',
    );
    assert.ok(withdrawn.ok);
    assert.equal((await agent.get(`/people/${shown}`)).statusCode, 404);
    // a viewer sees nobody
    const viewer = await signedIn('viewer', 'region');
    assert.equal((await viewer.agent.get('/people')).statusCode, 403);
  });

  it('keeps the status history: paused with a review date, then moved on', async () => {
    const id = await person('providerA', { displayName: 'Status Person' });
    const { agent } = await signedIn('staff', 'providerA');
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
    const history = await t.services.db
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
    assert.equal((await auditRows(id, 'person.status_changed')).length, 2);
  });

  it('withdraws consent for contact everywhere at once: queued messages are cancelled', async () => {
    const id = await person('providerA', { displayName: 'Consent Person' });
    await t.services.db
      .insertInto('person_messages')
      .values({ person_id: id, organisation_id: ids.providerA!, template: 'opportunity' })
      .execute();
    const { agent } = await signedIn('staff', 'providerA');
    const consentTab = await agent.get(`/people/${id}/consent`);
    assert.match(consentTab.body, /consent\/contact\/withdraw/);
    await agent.get(`/people/${id}/consent/contact/withdraw`);
    const missing = await agent.post(`/people/${id}/consent/contact/withdraw`, {});
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /Select how they gave consent/);
    const response = await agent.post(`/people/${id}/consent/contact/withdraw`, {
      method: 'phone',
    });
    assert.equal(response.statusCode, 303);
    const consent = await t.services.db
      .selectFrom('consents')
      .select(['withdrawn_at', 'withdrawal_method'])
      .where('person_id', '=', id)
      .where('purpose', '=', 'contact')
      .executeTakeFirstOrThrow();
    assert.ok(consent.withdrawn_at);
    assert.equal(consent.withdrawal_method, 'phone');
    const message = await t.services.db
      .selectFrom('person_messages')
      .select('status')
      .where('person_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(message.status, 'cancelled');
    assert.equal((await auditRows(id, 'person.consent_withdrawn')).length, 1);
    // consent given again is a new row; the old one stays as history
    await agent.get(`/people/${id}/consent/new`);
    const again = await agent.post(`/people/${id}/consent/new`, {
      purposes: 'contact',
      method: 'paper',
      wordingVersion: '2026-1',
    });
    assert.equal(again.statusCode, 303);
    const rows = await t.services.db
      .selectFrom('consents')
      .select('withdrawn_at')
      .where('person_id', '=', id)
      .where('purpose', '=', 'contact')
      .execute();
    assert.equal(rows.length, 2);
  });

  it('shows on the person page what waits for staff: portal requests and calls to make', async () => {
    const id = await person('providerA', { displayName: 'Waiting Person' });
    const { agent } = await signedIn('staff', 'providerA');
    const before = await agent.get(`/people/${id}`);
    assert.doesNotMatch(before.body, /Waiting for someone to act/);
    await t.services.db
      .insertInto('person_requests')
      .values({ person_id: id, organisation_id: ids.providerA!, kind: 'pause' })
      .execute();
    await t.services.db
      .insertInto('person_messages')
      .values({
        person_id: id,
        organisation_id: ids.providerA!,
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
    const id = await person('providerA', { displayName: 'Worker Person' });
    const { agent, actor } = await signedIn('staff', 'providerA');
    const other = await signedIn('staff', 'providerB');
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
    const row = await t.services.db
      .selectFrom('people')
      .select(['named_worker_account_id', 'channels'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.named_worker_account_id, actor.id);
    assert.deepEqual(row.channels, ['in_person', 'sms']);
    const contact = await agent.get(`/people/${id}/contact`);
    assert.match(contact.body, new RegExp(actor.name));
  });

  it('registers someone with no phone or e-mail, reached in person through a named worker', async () => {
    const { agent, actor } = await signedIn('staff', 'providerA');
    const steps: [string, Record<string, string | string[]>][] = [
      ['kind', { kind: 'service_user' }],
      ['name', { displayName: 'In Person Only' }],
      ['age', { ageBand: '45_54' }],
      ['organisation', { organisationId: ids.providerA! }],
      ['language', { preferredLanguage: 'en', speaksWelsh: 'no' }],
    ];
    await agent.get('/people/new');
    for (const [step, form] of steps) {
      await agent.get(`/people/new/${step}`);
      assert.equal((await agent.post(`/people/new/${step}`, form)).statusCode, 303, step);
    }
    const contact = await agent.get('/people/new/contact');
    assert.match(contact.body, /name="namedWorker"/);
    assert.match(contact.body, new RegExp(`value="${actor.id}"`));
    const missing = await agent.post('/people/new/contact', { channel1: 'in_person' });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /Choose the named worker who will give them messages in person/);
    const chosen = await agent.post('/people/new/contact', {
      channel1: 'in_person',
      namedWorker: actor.id,
    });
    assert.equal(chosen.statusCode, 303);
    await agent.get('/people/new/consent');
    await agent.post('/people/new/consent', {
      purposes: ['register', 'contact'],
      method: 'in_person',
      wordingVersion: '2026-1',
    });
    const check = await agent.get('/people/new/check');
    assert.match(check.body, /Named worker/);
    assert.match(check.body, new RegExp(actor.name));
    const registered = await agent.post('/people/new/check');
    assert.equal(registered.statusCode, 303);
    const id = (registered.headers.location as string).split('/').pop()!;
    const row = await t.services.db
      .selectFrom('people')
      .select(['named_worker_account_id', 'channels', 'phone', 'email'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, {
      named_worker_account_id: actor.id,
      channels: ['in_person'],
      phone: null,
      email: null,
    });
  });

  it('audits every look and every change, with field names only', async () => {
    const id = await person('providerA', { displayName: 'Audit Person' });
    const { agent } = await signedIn('staff', 'providerA');
    await agent.get(`/people/${id}`);
    await agent.get(`/people/${id}/contact`);
    const viewed = await auditRows(id, 'person.viewed');
    assert.deepEqual(
      viewed.map((r) => r.details),
      [{ section: 'summary' }, { section: 'contact' }],
    );
    await agent.get(`/people/${id}/edit/contact`);
    const saved = await agent.post(`/people/${id}/edit/contact`, {
      preferredLanguage: 'cy',
      speaksWelsh: 'yes',
      phone: '07700 900999',
      channel1: 'sms',
    });
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 2000));
    const updated = await auditRows(id, 'person.updated');
    assert.equal(updated.length, 1);
    assert.deepEqual(updated[0]!.details, {
      section: 'contact',
      fields: ['preferredLanguage', 'speaksWelsh', 'phone'],
    });
    assert.doesNotMatch(JSON.stringify(updated[0]!.details), /7700/);
    const history = await agent.get(`/people/${id}/history`);
    assert.equal(history.statusCode, 200);
    assert.match(history.body, /Changed a person&#39;s record|Changed a person's record/);
    assert.match(history.body, /preferred language/);
  });

  it('shows a carer link on the carer’s page only where the person allows it', async () => {
    const carer = await person('providerA', { displayName: 'Carer Person', kind: 'carer' });
    const cared = await person('providerA', { displayName: 'Cared For Person' });
    const private_ = await person('providerA', { displayName: 'Private Person' });
    const { agent } = await signedIn('staff', 'providerA');
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
    const stored = await t.services.db
      .selectFrom('person_supporters')
      .select('name')
      .where('person_id', '=', cared)
      .execute();
    assert.ok(stored.every((s) => !s.name?.includes('Gwen')));
    // someone on another provider's register cannot be linked by id
    const elsewhere = await person('providerB', { displayName: 'Elsewhere Carer' });
    await agent.get(`/people/${cared}/edit/carers`);
    const refused = await agent.post(`/people/${cared}/edit/carers`, {
      'supporter-0-relationship': 'carer',
      'supporter-0-relatedPersonId': elsewhere,
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /nobody you can see on the register/);
  });

  it('shows what people typed as text, never as markup', async () => {
    const id = await person('providerA', {
      displayName: '<b>Bold</b> Person',
      address: { lines: '<script>alert(1)</script>\nTown', postcode: 'CF10 1AA' },
    });
    const { agent } = await signedIn('staff', 'providerA');
    const summary = await agent.get(`/people/${id}`);
    assert.doesNotMatch(summary.body, /<b>Bold<\/b>/);
    assert.match(summary.body, /&lt;b&gt;Bold&lt;\/b&gt; Person/);
    const contact = await agent.get(`/people/${id}/contact`);
    assert.doesNotMatch(contact.body, /<script>alert/);
    assert.match(contact.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;<br>Town/);
  });

  it('speaks Welsh', async () => {
    const id = await person('providerA', { displayName: 'Welsh Page Person' });
    const { agent } = await signedIn('staff', 'providerA', 'cy');
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

  it('keeps to the query budget on the list and the person page', async () => {
    const id = await person('providerA', { displayName: 'Budget Person' });
    for (let i = 0; i < 30; i += 1) await person('providerA', { displayName: `Budget ${i}` });
    const { agent } = await signedIn('staff', 'providerA');
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

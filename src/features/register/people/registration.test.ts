import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describePeople } from '#test/support/people-setup.ts';
import { redirectPath } from '#test/support/app.ts';

/**
 * Registering someone through the question pages and check your answers: a pseudonym is enough,
 * confirming twice registers once, bad answers come back with clear errors and nothing written,
 * someone reached only in person through a named worker.
 */
describePeople('people: registering someone', (s) => {
  it('registers someone who gives no legal name (a pseudonym is enough)', async () => {
    const { agent } = await s.signedIn('involvement_lead', 'providerA');
    const answers: [string, Record<string, string | string[]>][] = [
      ['kind', { kind: 'service_user' }],
      ['name', { displayName: 'Pseudonym P', legalName: '' }],
      ['age', { ageBand: '25_34' }],
      ['organisation', { organisationId: s.ids.providerA }],
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
    assert.match(redirectPath(registered), /^\/people\/[0-9a-f-]{36}$/);
  });

  it('registers someone through the question pages and check your answers, once', async () => {
    const { agent } = await s.signedIn('involvement_lead', 'providerA');
    const start = await agent.get('/people/new');
    assert.equal(start.statusCode, 303);
    assert.equal(redirectPath(start), '/people/new/kind');
    assert.equal((await agent.get('/people/new/kind')).statusCode, 200);
    const answers: [string, Record<string, string | string[]>][] = [
      ['kind', { kind: 'carer' }],
      ['name', { displayName: 'Rhiannon Q', legalName: 'Rhiannon Quested' }],
      ['age', { dobDay: '3', dobMonth: '4', dobYear: '1980' }],
      ['organisation', { organisationId: s.ids.providerA }],
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
    const location = redirectPath(registered);
    assert.match(location, /^\/people\/[0-9a-f-]{36}$/);
    // a double submit registers nobody new
    const again = await agent.post('/people/new/check', { _csrf: token });
    assert.equal(again.statusCode, 303);
    assert.equal(redirectPath(again), location);
    const id = location.split('/').pop()!;
    const rows = await s.t.services.db
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
    assert.ok(row.scope_ids.includes(s.ids.area));
    const consents = await s.t.services.db
      .selectFrom('consents')
      .select(['purpose', 'method'])
      .where('person_id', '=', id)
      .execute();
    assert.deepEqual(consents.map((c) => c.purpose).sort(), ['contact', 'register']);
    assert.equal((await s.auditRows(id, 'person.registered')).length, 1);
    const page = await agent.follow(registered);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Rhiannon Q/);
    assert.match(page.body, /They are on the register/);
    const contact = await agent.get(`${location}/contact`);
    assert.match(contact.body, /rhiannon@example.com/);
    assert.match(contact.body, /Do not leave voicemail/);
  });

  it('sends bad answers back with clear errors, the form filled in, and writes nothing', async () => {
    const { agent } = await s.signedIn('staff', 'providerA');
    const before = await s.t.services.db
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
    const id = await s.person('providerA', { displayName: 'Edit Target' });
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
    const row = await s.t.services.db
      .selectFrom('people')
      .select(['willing_activities', 'interests'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row.willing_activities, []);
    assert.equal(row.interests, null);
    assert.equal((await s.auditRows(id, 'person.updated')).length, 0);
    const after = await s.t.services.db
      .selectFrom('people')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n) + 1);
  });

  it('registers someone with no phone or e-mail, reached in person through a named worker', async () => {
    const { agent, actor } = await s.signedIn('staff', 'providerA');
    const steps: [string, Record<string, string | string[]>][] = [
      ['kind', { kind: 'service_user' }],
      ['name', { displayName: 'In Person Only' }],
      ['age', { ageBand: '45_54' }],
      ['organisation', { organisationId: s.ids.providerA }],
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
    const id = redirectPath(registered).split('/').pop()!;
    const row = await s.t.services.db
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
});

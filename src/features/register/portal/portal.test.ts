import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { peopleWithPhones, startWithProvider } from '#test/support/register-people.ts';
import { Agent, type TestApp, redirectPath } from '#test/support/app.ts';
import { agentFor } from '#test/support/accounts.ts';
import { auditAbout, insertTestAccount } from '#test/support/fixture.ts';
import { testEngine } from '#test/support/database.ts';
import { SESSION_COOKIE } from '#platform/auth/sessions.ts';

describe(`people's portal (${testEngine})`, () => {
  let t: TestApp;
  let organisationId: string;
  /** A browser at its own address, so each test has its own per-address rate limit. */
  const browser = () => agentFor(t);

  /** A person on the register with a mobile number of their own. */
  const newPerson = peopleWithPhones(() => ({ t, organisationId }));

  /** The newest message in the outbox to this number or address (once codes asked for are sent). */
  const lastMessage = async (recipient: string) => {
    await t.services.portal.settled();
    return t.services.db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('recipient', '=', recipient)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
  };

  const codeFrom = async (recipient: string) => {
    const message = await lastMessage(recipient);
    const code = /\b(\d{6})\b/.exec(message?.body ?? '')?.[1];
    assert.ok(code, 'a code in the outbox');
    return code;
  };

  /** Asks for a code with what the person types, and waits until it has been sent. */
  const askForCode = async (agent: Agent, contact: string) => {
    await agent.get('/portal/sign-in');
    const response = await agent.post('/portal/sign-in', { contact });
    await t.services.portal.settled();
    return response;
  };

  const signIn = async (agent: Agent, person: { phone: string; e164: string }) => {
    await askForCode(agent, person.phone);
    await agent.get('/portal/sign-in/code');
    const response = await agent.post('/portal/sign-in/code', {
      code: await codeFrom(person.e164),
    });
    assert.equal(response.statusCode, 303);
    assert.equal(redirectPath(response), '/portal');
  };

  before(async () => {
    ({ t, organisationId } = await startWithProvider());
  });
  after(() => t.close());

  it('signs a person in with a code sent by text message and read from the outbox', async () => {
    const person = await newPerson();
    const agent = browser();
    const asked = await askForCode(agent, person.phone);
    assert.equal(asked.statusCode, 303);
    assert.equal(redirectPath(asked), '/portal/sign-in/code');
    const codePage = await agent.get('/portal/sign-in/code');
    assert.match(codePage.body, /If your mobile number is on our list/);

    const sent = await lastMessage(person.e164);
    assert.equal(sent?.channel, 'sms');
    assert.match(sent?.body ?? '', /Your Cyd sign-in code is \d{6}/);
    const queued = await t.services.db
      .selectFrom('person_messages')
      .selectAll()
      .where('person_id', '=', person.id)
      .executeTakeFirstOrThrow();
    assert.equal(queued.status, 'sent');
    assert.equal(queued.purpose, 'record');
    assert.deepEqual(queued.personalisation, {}, 'the code is not kept in the queue');

    const before = agent.cookies.get(SESSION_COOKIE);
    const done = await agent.post('/portal/sign-in/code', { code: await codeFrom(person.e164) });
    assert.equal(done.statusCode, 303);
    assert.equal(redirectPath(done), '/portal');
    assert.notEqual(agent.cookies.get(SESSION_COOKIE), before, 'a new session at sign-in');
    const home = await agent.get('/portal');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, new RegExp(`Hello ${person.name}`));

    const entries = await t.services.db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_id', '=', person.id)
      .where('action', 'like', 'portal.%')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      entries.map((e) => e.action),
      ['portal.code_sent', 'portal.signed_in'],
    );
    for (const entry of entries) {
      assert.equal(entry.actor_account_id, null);
      assert.equal(entry.subject_type, 'person');
      assert.equal(entry.details.by, 'person');
      assert.doesNotMatch(JSON.stringify(entry.details), /7700|\d{6}/);
    }

    // the code cannot be used twice: the sign-in page is where a replay goes
    const again = await agent.post('/portal/sign-in/code', { code: '123456' });
    assert.equal(again.statusCode, 303);
    assert.equal(redirectPath(again), '/portal/sign-in');
  });

  it('gives an unknown number and a known one the same answer, and sends nothing', async () => {
    const person = await newPerson();
    const known = await askForCode(browser(), person.phone);
    const stranger = browser();
    const unknown = await askForCode(stranger, '07700 900999');
    assert.equal(unknown.statusCode, known.statusCode);
    assert.equal(redirectPath(unknown), known.headers.location);
    const page = await stranger.get('/portal/sign-in/code');
    assert.match(page.body, /If your mobile number is on our list/);
    assert.equal(await lastMessage('+447700900999'), undefined);
    const wrong = await stranger.post('/portal/sign-in/code', { code: '123456' });
    assert.equal(wrong.statusCode, 200);
    assert.match(wrong.body, /That code is not right/);
  });

  it('does the same work, in the same time, for a contact on the register and an unknown one', async () => {
    const median = (values: number[]) =>
      values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    /** One request for a code from a fresh browser; its time, and what came back. */
    const timed = async (contact: string) => {
      const agent = browser();
      await agent.get('/portal/sign-in');
      const start = performance.now();
      const response = await agent.post('/portal/sign-in', { contact });
      const ms = performance.now() - start;
      await t.services.portal.settled();
      const page = await agent.get('/portal/sign-in/code');
      return { ms, response, page };
    };
    // without the CSRF token and the nonce, which differ on every page anyway
    const comparable = (body: string) =>
      body.replace(/name="_csrf" value="[^"]+"/g, '').replace(/nonce="[^"]+"/g, '');
    const knownMs: number[] = [];
    const unknownMs: number[] = [];
    for (let i = 0; i < 21; i += 1) {
      const person = await newPerson();
      // in turn first, so neither pays for whatever the other left warm or cold
      const [known, unknown] =
        i % 2 === 0
          ? [await timed(person.phone), await timed(`07700 9009${String(50 + i)}`)]
          : await (async () => {
              const first = await timed(`07700 9009${String(50 + i)}`);
              return [await timed(person.phone), first] as const;
            })();
      knownMs.push(known.ms);
      unknownMs.push(unknown.ms);
      assert.equal(unknown.response.statusCode, known.response.statusCode);
      assert.equal(redirectPath(unknown.response), known.response.headers.location);
      assert.equal(unknown.response.body, known.response.body);
      assert.equal(comparable(unknown.page.body), comparable(known.page.body));
    }
    const k = median(knownMs);
    const u = median(unknownMs);
    console.log(`portal sign-in medians: known ${k.toFixed(1)} ms, unknown ${u.toFixed(1)} ms`);
    assert.ok(u >= 0.6 * k && k >= 0.6 * u, `known ${k.toFixed(1)} ms, unknown ${u.toFixed(1)} ms`);
  });

  it('explains a wrong code, a bad one, and stops after five wrong tries', async () => {
    const person = await newPerson();
    const agent = browser();
    await askForCode(agent, person.phone);
    await agent.get('/portal/sign-in/code');
    const right = await codeFrom(person.e164);
    const wrongCode = right === '000000' ? '111111' : '000000';
    const bad = await agent.post('/portal/sign-in/code', { code: '12ab' });
    assert.match(bad.body, /The code is 6 numbers/);
    for (let i = 1; i <= 4; i += 1) {
      const wrong = await agent.post('/portal/sign-in/code', { code: wrongCode });
      assert.match(wrong.body, /That code is not right/);
    }
    const fifth = await agent.post('/portal/sign-in/code', { code: wrongCode });
    assert.match(fifth.body, /You have tried too many times/);
    const late = await agent.post('/portal/sign-in/code', { code: right });
    assert.equal(late.statusCode, 200, 'even the right code no longer works');
    assert.match(late.body, /You have tried too many times/);
  });

  it('refuses an expired code', async () => {
    const person = await newPerson();
    const agent = browser();
    await askForCode(agent, person.phone);
    await agent.get('/portal/sign-in/code');
    await t.services.db
      .updateTable('portal_codes')
      .set({ expires_at: new Date(Date.now() - 1_000) })
      .where('person_id', '=', person.id)
      .execute();
    const response = await agent.post('/portal/sign-in/code', {
      code: await codeFrom(person.e164),
    });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /That code has run out/);
  });

  it('sends at most three codes a person in 15 minutes, and answers 429 to one address asking too often', async () => {
    const person = await newPerson();
    for (let i = 0; i < 3; i += 1) await askForCode(browser(), person.phone);
    const codes = await t.services.db
      .selectFrom('portal_codes')
      .select('id')
      .where('person_id', '=', person.id)
      .execute();
    assert.equal(codes.length, 3);
    const fourth = await askForCode(browser(), person.phone);
    assert.equal(redirectPath(fourth), '/portal/sign-in/code', 'the same answer');
    const after = await t.services.db
      .selectFrom('portal_codes')
      .select('id')
      .where('person_id', '=', person.id)
      .execute();
    assert.equal(after.length, 3, 'but no fourth code');

    const agent = browser();
    await agent.get('/portal/sign-in');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1) {
      const response = await agent.post('/portal/sign-in', { contact: '07700 900998' });
      statuses.push(response.statusCode);
      if (response.statusCode === 303) await agent.get('/portal/sign-in');
    }
    assert.equal(statuses.at(-1), 429);
  });

  it('keeps staff out of the portal and people out of staff pages', async () => {
    const accountId = await insertTestAccount(t.services.db, {
      email: 'staff@portal.test',
      name: 'Staff',
      passwordHash: null,
      roles: [{ organisationId, role: 'involvement_lead' }],
    });
    const staff = browser();
    const session = await t.services.sessions.create({ accountId });
    staff.cookies.set(SESSION_COOKIE, session.id);
    for (const url of ['/portal', '/portal/consent', '/portal/my-data']) {
      const response = await staff.get(url);
      assert.equal(response.statusCode, 303, url);
      assert.equal(redirectPath(response), '/portal/sign-in', url);
    }

    const person = await newPerson();
    const agent = browser();
    await signIn(agent, person);
    for (const url of ['/dashboard', '/people', '/outbox', '/audit', `/people/${person.id}`]) {
      const response = await agent.get(url);
      assert.ok(
        response.statusCode === 404 ||
          (response.statusCode === 303 && response.headers.location === '/sign-in'),
        `${url}: ${response.statusCode.toString()}`,
      );
    }
  });

  it('changes the language to Welsh: the page at once, and every message after', async () => {
    const person = await newPerson();
    const agent = browser();
    await signIn(agent, person);
    await agent.get('/portal/language');
    const saved = await agent.post('/portal/language', { language: 'cy' });
    assert.equal(saved.statusCode, 303);
    const home = await agent.get(saved.headers.location!);
    assert.match(home.body, /<html lang="cy"/);
    assert.match(home.body, /Eich manylion/);
    assert.match(home.body, /Byddwn yn defnyddio eich iaith o hyn ymlaen/);
    const row = await t.services.db
      .selectFrom('people')
      .select('preferred_language')
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.preferred_language, 'cy');
    const [audit] = await auditAbout(t.services.db, person.id, 'person.updated');
    assert.ok(audit);
    assert.equal(audit.actor_account_id, null);
    assert.deepEqual(audit.details.fields, ['preferredLanguage']);

    // the next sign-in code comes in Welsh
    const fresh = browser();
    await askForCode(fresh, person.phone);
    const message = await lastMessage(person.e164);
    assert.equal(message?.language, 'cy');
    assert.match(message?.body ?? '', /Eich cod mewngofnodi Cyd yw \d{6}/);
    const page = await fresh.get('/portal/sign-in/code?lang=cy');
    assert.match(page.body, /Rhowch eich cod/);
  });

  it('withdraws consent to contact from the portal and stops every queued message', async () => {
    const person = await newPerson({ channels: ['sms'] });
    const queued = await t.services.db.transaction().execute((trx) =>
      t.services.contact.contactPerson(trx, {
        personId: person.id,
        organisationId,
        template: 'involvementInvitation',
        personalisation: {
          name: 'Sam',
          organisation: 'Provider',
          activity: 'a forum',
          date: 'Tuesday',
          link: 'https://cyd.example/portal',
        },
        notBefore: new Date(Date.now() + 3_600_000),
      }),
    );
    assert.equal(queued.status, 'queued');
    const agent = browser();
    await signIn(agent, person);
    const page = await agent.get('/portal/consent');
    assert.match(page.body, /Contacting you/);
    const withdrawn = await agent.post('/portal/consent', {
      purpose: 'contact',
      change: 'withdraw',
    });
    assert.equal(withdrawn.statusCode, 303);
    const message = await t.services.db
      .selectFrom('person_messages')
      .select(['status', 'reason'])
      .where('id', '=', queued.messageId)
      .executeTakeFirstOrThrow();
    assert.equal(message.status, 'cancelled');
    const consent = await t.services.db
      .selectFrom('consents')
      .selectAll()
      .where('person_id', '=', person.id)
      .where('purpose', '=', 'contact')
      .executeTakeFirstOrThrow();
    assert.ok(consent.withdrawn_at);
    assert.equal(consent.withdrawal_method, 'portal');
    const after = await agent.follow(withdrawn);
    assert.match(after.body, /We have stopped straight away/);

    // and giving it again records new consent from the portal
    await agent.post('/portal/consent', { purpose: 'contact', change: 'give' });
    const live = await t.services.db
      .selectFrom('consents')
      .select('method')
      .where('person_id', '=', person.id)
      .where('purpose', '=', 'contact')
      .where('withdrawn_at', 'is', null)
      .executeTakeFirstOrThrow();
    assert.equal(live.method, 'portal');
  });

  it('records a request to leave for staff, stops contact, and lets the person download their data', async () => {
    const person = await newPerson();
    const agent = browser();
    await signIn(agent, person);
    await agent.get('/portal/request');
    const empty = await agent.post('/portal/request', {});
    assert.match(empty.body, /Choose whether you want a break or to leave/);
    const sent = await agent.post('/portal/request', { kind: 'remove', note: 'Moving away' });
    assert.equal(sent.statusCode, 303);
    const request = await t.services.db
      .selectFrom('person_requests')
      .selectAll()
      .where('person_id', '=', person.id)
      .executeTakeFirstOrThrow();
    assert.equal(request.kind, 'remove');
    assert.equal(request.resolved_at, null);
    const home = await agent.get('/portal');
    assert.match(home.body, /You asked to leave the list/);
    const contact = await t.services.db
      .selectFrom('consents')
      .select('withdrawn_at')
      .where('person_id', '=', person.id)
      .where('purpose', '=', 'contact')
      .executeTakeFirstOrThrow();
    assert.ok(contact.withdrawn_at);

    const data = await agent.get('/portal/my-data?format=json');
    assert.equal(data.statusCode, 200);
    assert.match(String(data.headers['content-disposition']), /attachment/);
    const parsed = JSON.parse(data.body) as { personId: string };
    assert.equal(parsed.personId, person.id);
  });

  it('saves preferences, availability and interests through the people service', async () => {
    const person = await newPerson();
    const agent = browser();
    await signIn(agent, person);
    const form = await agent.get('/portal/preferences');
    // texts are discreet unless the person asks for fuller ones (docs/contact.md)
    assert.match(form.body, /Send me fuller texts and e-mails/);
    assert.doesNotMatch(form.body, /value="fullerMessages" checked/);
    const invalid = await agent.post('/portal/preferences', {
      channel1: 'sms',
      quietFrom: '25:99',
      quietTo: '08:00',
    });
    assert.equal(invalid.statusCode, 200);
    assert.match(invalid.body, /govuk-error-summary/);
    const saved = await agent.post('/portal/preferences', {
      channel1: 'sms',
      formats: 'easy_read',
      safe: ['noVoicemail', 'plainEnvelope', 'fullerMessages'],
      quietFrom: '21:00',
      quietTo: '08:00',
    });
    assert.equal(saved.statusCode, 303);
    const [changed] = await auditAbout(t.services.db, person.id, 'person.updated');
    assert.ok(changed);
    assert.ok((changed.details.fields as string[]).includes('fullerMessages'), 'audited');
    await agent.get('/portal/interests');
    await agent.post('/portal/interests', { willingActivities: ['forums', 'surveys'] });
    await agent.get('/portal/availability');
    await agent.post('/portal/availability', {
      travelLimit: 'Bus only',
      venueNeeds: ['quiet_room', 'not_clinical_building'],
    });
    // the person sees their venue needs ticked, in their words
    const availability = await agent.get('/portal/availability');
    assert.match(availability.body, /value="quiet_room" checked/);
    assert.match(availability.body, /Not in a clinic or treatment building/);
    const row = await t.services.db
      .selectFrom('people')
      .selectAll()
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row.formats, ['easy_read']);
    assert.equal(row.no_voicemail, true);
    assert.equal(row.plain_envelope, true);
    assert.equal(row.fuller_messages, true);
    assert.match(
      (await agent.get('/portal/preferences')).body,
      /value="fullerMessages"[^>]*checked/,
    );
    assert.equal(row.quiet_from?.slice(0, 5), '21:00');
    assert.deepEqual(row.willing_activities, ['forums', 'surveys']);
    assert.equal(row.travel_limit, 'Bus only');
    assert.deepEqual(row.venue_needs, ['quiet_room', 'not_clinical_building']);
  });
  it('renders every portal page in Welsh and English with no missing text', async () => {
    const person = await newPerson();
    const agent = browser();
    await signIn(agent, person);
    const pages = [
      '/portal',
      '/portal/language',
      '/portal/preferences',
      '/portal/availability',
      '/portal/interests',
      '/portal/consent',
      '/portal/request',
      '/portal/my-data',
    ];
    for (const lang of ['cy', 'en']) {
      for (const url of pages) {
        const response = await agent.get(`${url}?lang=${lang}`);
        assert.equal(response.statusCode, 200, url);
        assert.match(response.body, new RegExp(`<html lang="${lang}"`), url);
        assert.doesNotMatch(response.body, /\b(portal|contact|people|common):[a-zA-Z]/, url);
      }
    }
    const welsh = await agent.get('/portal/consent?lang=cy');
    assert.match(welsh.body, /Beth rydych wedi cytuno iddo/);
    assert.match(welsh.body, /Cysylltu â chi/);
    await agent.get('/portal/sign-in?lang=cy');
    const signInPage = await browser().get('/portal/sign-in?lang=cy');
    assert.match(signInPage.body, /Mewngofnodi i weld eich manylion/);
  });
});

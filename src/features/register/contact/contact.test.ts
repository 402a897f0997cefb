import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { insertTestPerson } from '../people/fixtures.ts';
import { startWithProvider } from '#test/support/register-people.ts';
import type { TestApp } from '#test/support/app.ts';
import { testEngine } from '#test/support/database.ts';
import { protect } from '../people/protected-fields.ts';
import { NotifyError } from '#platform/notify/errors.ts';
import type { Notifier } from '#platform/notify/notifier.ts';
import {
  cancelQueuedMessages,
  contactPerson,
  dispatchDueMessages,
  type ContactRequest,
} from './contact.ts';
import { decide, endOfQuietHours, fromLondon, inQuietHours, type ContactProfile } from './rules.ts';

/** 14:00 and 22:30 UK time on a winter day (UTC+0) and 22:30 on a summer day (UTC+1). */
const afternoon = new Date('2026-01-14T14:00:00Z');
const lateEvening = new Date('2026-01-14T22:30:00Z');
const summerLate = new Date('2026-07-14T21:30:00Z');

const profile = (overrides: Partial<ContactProfile> = {}): ContactProfile => ({
  status: 'active',
  erased: false,
  channels: ['sms', 'letter'],
  reachable: new Set(['sms', 'letter', 'phone']),
  quietFrom: '21:00:00',
  quietTo: '08:00:00',
  hasConsent: true,
  ...overrides,
});

describe('safe-contact rules', () => {
  it('reads quiet hours in UK time, across midnight and in summer time', () => {
    assert.equal(inQuietHours(afternoon, '21:00', '08:00'), false);
    assert.equal(inQuietHours(lateEvening, '21:00', '08:00'), true);
    assert.equal(inQuietHours(new Date('2026-01-15T07:59:00Z'), '21:00', '08:00'), true);
    assert.equal(inQuietHours(new Date('2026-01-15T08:00:00Z'), '21:00', '08:00'), false);
    // 21:30 UTC in July is 22:30 in the UK
    assert.equal(inQuietHours(summerLate, '22:00', '23:00'), true);
    assert.equal(inQuietHours(afternoon, '13:00', '15:00'), true);
    assert.equal(inQuietHours(afternoon, null, '15:00'), false);
    assert.equal(
      endOfQuietHours(lateEvening, '21:00', '08:00').toISOString(),
      '2026-01-15T08:00:00.000Z',
    );
    assert.equal(
      endOfQuietHours(summerLate, '21:00', '08:00').toISOString(),
      '2026-07-15T07:00:00.000Z',
    );
    assert.equal(fromLondon(2026, 7, 1, 9 * 60).toISOString(), '2026-07-01T08:00:00.000Z');
  });

  it('blocks a message at a forbidden time and chooses the next allowed channel', () => {
    assert.deepEqual(decide(profile(), 'contact', afternoon), {
      status: 'queued',
      channel: 'sms',
      notBefore: afternoon,
    });
    // 22:30: a text is forbidden, a letter is not held back by quiet hours
    assert.deepEqual(decide(profile(), 'contact', lateEvening), {
      status: 'queued',
      channel: 'letter',
      notBefore: lateEvening,
    });
  });

  it('waits until the quiet hours end when no allowed channel is left', () => {
    const decision = decide(profile({ channels: ['sms', 'email'] }), 'contact', lateEvening);
    assert.deepEqual(decision, {
      status: 'queued',
      channel: 'sms',
      notBefore: new Date('2026-01-15T08:00:00Z'),
    });
  });

  it('skips channels without the details they need, and never falls back to anyone else', () => {
    const noMobile = profile({ reachable: new Set(['letter']), quietFrom: null });
    assert.equal((decide(noMobile, 'contact', afternoon) as { channel: string }).channel, 'letter');
    const nothing = profile({ reachable: new Set(), quietFrom: null });
    assert.deepEqual(decide(nothing, 'contact', afternoon), {
      status: 'blocked',
      reason: 'no_channel',
      channel: null,
    });
  });

  it('turns a phone call or a visit into a task for a named worker', () => {
    const phoneFirst = profile({ channels: ['phone', 'sms'] });
    assert.deepEqual(decide(phoneFirst, 'contact', afternoon), {
      status: 'blocked',
      reason: 'needs_person',
      channel: 'phone',
    });
    // and not at a forbidden time: a text is not allowed either, so the letter goes
    const late = profile({ channels: ['phone', 'sms', 'letter'] });
    assert.equal((decide(late, 'contact', lateEvening) as { channel: string }).channel, 'letter');
  });

  it('offers a paused or moved-on person nothing but messages about their own record', () => {
    assert.deepEqual(decide(profile({ status: 'paused' }), 'contact', afternoon), {
      status: 'blocked',
      reason: 'status_paused',
      channel: null,
    });
    assert.equal(decide(profile({ status: 'moved_on' }), 'contact', afternoon).status, 'blocked');
    assert.equal(decide(profile({ status: 'paused' }), 'record', afternoon).status, 'queued');
    assert.equal(
      decide(profile({ erased: true }), 'record', afternoon).status,
      'blocked',
      'never an erased person',
    );
  });

  it('needs live consent for the purpose', () => {
    assert.deepEqual(decide(profile({ hasConsent: false }), 'contact', afternoon), {
      status: 'blocked',
      reason: 'no_consent',
      channel: null,
    });
  });

  it('sends a code the person is waiting for on their chosen channel, even in quiet hours', () => {
    const decision = decide(profile({ channels: ['letter'] }), 'record', lateEvening, {
      only: 'sms',
      immediate: true,
    });
    assert.deepEqual(decision, { status: 'queued', channel: 'sms', notBefore: lateEvening });
  });
});

describe(`safe-contact queue and dispatch (${testEngine})`, () => {
  let t: TestApp;
  let organisationId: string;
  const logged: string[] = [];
  const logger = {
    debug: () => undefined,
    info: (d: object, m: string) => logged.push(JSON.stringify(d) + m),
    warn: (d: object, m: string) => logged.push(JSON.stringify(d) + m),
    error: (d: object, m: string) => logged.push(JSON.stringify(d) + m),
  };
  const deps = () => ({ ...t.services, logger });

  const person = (fields: Parameters<typeof insertTestPerson>[2]['fields'] = {}, more = {}) =>
    insertTestPerson(t.services.db, t.config.encryptionKey, {
      organisationId,
      phone: '07700 900123',
      email: 'sam@example.org',
      ...more,
      fields: { quiet_from: null, quiet_to: null, ...fields },
    });

  /** Gives the person a postal address (kept encrypted, as the register keeps it). */
  const setAddress = (id: string, address: string) =>
    t.services.db
      .updateTable('people')
      .set({ address: protect(t.config.encryptionKey, 'address', id, address) })
      .where('id', '=', id)
      .execute();

  const queue = (request: Partial<ContactRequest> & { personId: string }) =>
    t.services.db.transaction().execute((trx) =>
      contactPerson(deps(), trx, {
        organisationId,
        template: 'involvementInvitation',
        personalisation: {
          name: 'Sam',
          organisation: 'Tŷ Cyd',
          activity: 'a forum',
          date: '3 March',
          link: 'https://cyd.example/portal',
        },
        ...request,
      }),
    );

  const messages = (personId: string) =>
    t.services.db
      .selectFrom('person_messages')
      .selectAll()
      .where('person_id', '=', personId)
      .orderBy('created_at')
      .execute();

  const outboxFor = (reference: string) =>
    t.services.db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirst();

  before(async () => {
    ({ t, organisationId } = await startWithProvider());
  });
  after(() => t.close());

  it('queues, then the dispatch job sends through the outbox adapter and marks it sent', async () => {
    const id = await person({ channels: ['sms', 'email'], fuller_messages: true });
    const result = await queue({ personId: id });
    assert.equal(result.status, 'queued');
    // the in-process runner keeps jobs in job_queue; pg-boss in its own schema
    const jobs =
      testEngine === 'pglite'
        ? await sql`select 1 from job_queue where name = 'contact.dispatch'`.execute(t.services.db)
        : await sql`select 1 from pgboss.job where name = 'contact.dispatch'`.execute(
            t.services.db,
          );
    assert.ok(jobs.rows.length > 0, 'a dispatch job was queued with the message');
    const summary = await dispatchDueMessages(deps());
    assert.ok(summary.sent >= 1);
    const [row] = await messages(id);
    assert.equal(row?.status, 'sent');
    assert.equal(row?.channel, 'sms');
    assert.ok(row?.sent_at && row.provider_id);
    const sent = await outboxFor(`person-message-${row.id}`);
    assert.equal(sent?.channel, 'sms');
    assert.equal(sent?.recipient, '+447700900123');
    assert.match(sent?.body ?? '', /would like to invite you to take part in a forum/);
  });

  it('writes in the person’s language, easy read when they asked for it', async () => {
    const welsh = await person({
      preferred_language: 'cy',
      channels: ['email'],
      fuller_messages: true,
    });
    const easy = await person({
      formats: ['easy_read'],
      channels: ['email'],
      fuller_messages: true,
    });
    const [a, b] = [await queue({ personId: welsh }), await queue({ personId: easy })];
    await dispatchDueMessages(deps());
    const cy = await outboxFor(`person-message-${a.messageId!}`);
    assert.equal(cy?.language, 'cy');
    assert.equal(cy?.subject, 'Cyfle i ddweud eich dweud: a forum');
    assert.match(cy?.body ?? '', /Hoffai Tŷ Cyd eich gwahodd/);
    const en = await outboxFor(`person-message-${b.messageId!}`);
    assert.equal(en?.template, 'involvementInvitation.easyRead');
    assert.match(en?.body ?? '', /We want to hear what you think/);
  });

  it('sends discreet texts and e-mails by default: no service, no name, no subject', async () => {
    const revealing = /Tŷ Cyd|Sam|a forum|3 March|treatment|triniaeth/;
    const texted = await person({ channels: ['sms'] });
    const mailed = await person({ channels: ['email'] });
    const welsh = await person({ channels: ['sms'], preferred_language: 'cy' });
    const easy = await person({ channels: ['sms'], formats: ['easy_read'] });
    const results = [];
    for (const personId of [texted, mailed, welsh, easy]) results.push(await queue({ personId }));
    await dispatchDueMessages(deps());
    const [sms, email, cy, easyRead] = await Promise.all(
      results.map((r) => outboxFor(`person-message-${r.messageId!}`)),
    );
    assert.equal(sms?.channel, 'sms');
    assert.equal(sms?.template, 'involvementInvitation.discreet');
    assert.match(sms?.body ?? '', /There is an invitation for you\. To read it, sign in to Cyd:/);
    assert.match(
      sms?.body ?? '',
      /https:\/\/cyd\.example\/portal/,
      'the detail is behind the link',
    );
    assert.equal(email?.channel, 'email');
    assert.equal(email?.subject, 'An invitation for you in Cyd');
    assert.equal(cy?.language, 'cy');
    assert.match(cy?.body ?? '', /Mae gwahoddiad i chi/);
    assert.equal(easyRead?.template, 'involvementInvitation.discreet', 'easy read is discreet too');
    for (const message of [sms, email, cy, easyRead]) {
      assert.doesNotMatch(message?.body ?? '', revealing);
      assert.doesNotMatch(message?.subject ?? '', revealing);
    }
    // what was asked for is kept on the queue: staff see which message it was
    assert.equal((await messages(texted))[0]?.template, 'involvementInvitation');
  });

  it('sends the fuller text to a person who chose it, and a change of mind counts at send time', async () => {
    const fuller = await person({ channels: ['sms'], fuller_messages: true });
    const changed = await person({ channels: ['email'], fuller_messages: true });
    const [a, b] = [await queue({ personId: fuller }), await queue({ personId: changed })];
    await t.services.db
      .updateTable('people')
      .set({ fuller_messages: false })
      .where('id', '=', changed)
      .execute();
    await dispatchDueMessages(deps());
    const sms = await outboxFor(`person-message-${a.messageId!}`);
    assert.equal(sms?.template, 'involvementInvitation');
    assert.match(sms?.body ?? '', /Hello Sam,\n\nTŷ Cyd would like to invite you/);
    const email = await outboxFor(`person-message-${b.messageId!}`);
    assert.equal(email?.template, 'involvementInvitation.discreet');
    assert.doesNotMatch(`${email?.subject ?? ''} ${email?.body ?? ''}`, /Tŷ Cyd|Sam|a forum/);
  });

  it('sends a plain-envelope letter that does not name the service in its heading', async () => {
    const id = await person(
      { plain_envelope: true, channels: ['letter'] },
      { phone: undefined, email: undefined },
    );
    // lines and postcode, as JSON
    await setAddress(
      id,
      JSON.stringify({ lines: 'Sam\n1 Stryd Fawr\nAberystwyth', postcode: 'SY23 1AA' }),
    );
    const result = await queue({ personId: id });
    assert.equal(result.status, 'queued');
    await dispatchDueMessages(deps());
    const letter = await outboxFor(`person-message-${result.messageId}`);
    assert.equal(letter?.channel, 'letter');
    assert.equal(letter?.subject, 'Information for Sam');
    assert.doesNotMatch(letter?.subject ?? '', /Tŷ Cyd/);
    assert.equal(letter?.recipient, 'Sam\n1 Stryd Fawr\nAberystwyth\nSY23 1AA');
  });

  it('moves a message at a forbidden time to the next allowed channel or a later time', async () => {
    const now = new Date();
    const hh = (offset: number) =>
      `${String((new Date(now.getTime() + offset * 3_600_000).getUTCHours() + 24) % 24).padStart(2, '0')}:00:00`;
    // quiet hours around "now" whatever the time zone offset: from two hours ago to three ahead
    const quiet = { quiet_from: hh(-2), quiet_to: hh(3) };
    const emailOnly = await person({ ...quiet, channels: ['sms', 'email'] });
    const later = await queue({ personId: emailOnly });
    assert.equal(later.status, 'queued');
    assert.ok(later.status === 'queued' && later.notBefore.getTime() > now.getTime() + 3_600_000);
    const withAddress = await person({ ...quiet, channels: ['sms', 'letter'] });
    await setAddress(withAddress, 'Sam\n1 Stryd Fawr\nSY23 1AA');
    const letter = await queue({ personId: withAddress });
    assert.equal(letter.status === 'queued' && letter.channel, 'letter');
    // the dispatcher leaves the later one alone
    await dispatchDueMessages(deps());
    const [waiting] = await messages(emailOnly);
    assert.equal(waiting?.status, 'queued');
  });

  it('gives a paused person no invitation, and blocks without consent', async () => {
    const paused = await person({ status: 'paused' });
    const result = await queue({ personId: paused });
    assert.deepEqual(
      { status: result.status, reason: result.status === 'blocked' && result.reason },
      { status: 'blocked', reason: 'status_paused' },
    );
    const record = await queue({ personId: paused, purpose: 'record', template: 'portalCode' });
    assert.equal(record.status, 'queued', 'messages about their own record still go');

    const noConsent = await person({}, { consents: ['register'] });
    const blocked = await queue({ personId: noConsent });
    assert.equal(blocked.status === 'blocked' && blocked.reason, 'no_consent');
    const rows = await messages(noConsent);
    assert.equal(rows[0]?.status, 'blocked');
    assert.equal(rows[0]?.reason, 'no_consent');
  });

  it('records a task for a named worker when the person wants a phone call', async () => {
    const id = await person({ channels: ['phone', 'sms'], no_voicemail: true });
    const result = await queue({ personId: id });
    assert.equal(result.status === 'blocked' && result.reason, 'needs_person');
    assert.equal(result.channel, 'phone');
  });

  it('stops every queued message when consent to contact is withdrawn', async () => {
    const id = await person({ channels: ['email'] });
    await queue({ personId: id, notBefore: new Date(Date.now() + 3_600_000) });
    await queue({ personId: id, notBefore: new Date(Date.now() + 7_200_000) });
    const cancelled = await t.services.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('consents')
        .set({ withdrawn_at: new Date() })
        .where('person_id', '=', id)
        .where('purpose', '=', 'contact')
        .execute();
      return cancelQueuedMessages(trx, id, 'contact');
    });
    assert.equal(cancelled, 2);
    const rows = await messages(id);
    assert.deepEqual(
      rows.map((r) => [r.status, r.reason]),
      [
        ['cancelled', 'consent_withdrawn'],
        ['cancelled', 'consent_withdrawn'],
      ],
    );
  });

  it('checks again at send time: a person paused after queueing gets nothing', async () => {
    const id = await person({ channels: ['email'] });
    const result = await queue({ personId: id });
    await t.services.db
      .updateTable('people')
      .set({ status: 'paused' })
      .where('id', '=', id)
      .execute();
    await dispatchDueMessages(deps(), { messageId: result.messageId! });
    const [row] = await messages(id);
    assert.equal(row?.status, 'cancelled');
    assert.equal(row?.reason, 'status_paused');
    assert.equal(await outboxFor(`person-message-${result.messageId!}`), undefined);
  });

  it('retries a passing failure later, gives up on a permanent one, and logs no personal data', async () => {
    let failure = new NotifyError({
      provider: 'notify',
      code: 'RateLimitError',
      retryable: true,
      retryAfterMs: 60_000,
      message: 'slow down',
    });
    const failing: Notifier = {
      name: 'notify',
      delivers: ['email', 'sms', 'letter'],
      send: () => Promise.reject(failure),
    };
    const id = await person({ channels: ['email'] });
    const result = await queue({ personId: id });
    await dispatchDueMessages({ ...deps(), notifier: failing }, { messageId: result.messageId! });
    let [row] = await messages(id);
    assert.equal(row?.status, 'queued');
    assert.equal(row?.reason, 'retry:RateLimitError');
    assert.ok(row && row.not_before.getTime() > Date.now() + 30_000);

    failure = new NotifyError({
      provider: 'notify',
      code: 'ValidationError',
      retryable: false,
      message: 'Not a valid email address',
    });
    await t.services.db
      .updateTable('person_messages')
      .set({ not_before: new Date() })
      .where('id', '=', result.messageId!)
      .execute();
    await dispatchDueMessages({ ...deps(), notifier: failing }, { messageId: result.messageId! });
    [row] = await messages(id);
    assert.equal(row?.status, 'failed');
    assert.equal(row?.reason, 'failed:ValidationError');
    const everything = logged.join('\n');
    assert.doesNotMatch(everything, /sam@example\.org|7700|Sam\b/);
    const reasons = await t.services.db
      .selectFrom('person_messages')
      .select('reason')
      .where('reason', 'is not', null)
      .execute();
    for (const { reason } of reasons) assert.match(reason!, /^[a-z_]+(:[A-Za-z_]+)?$/);
  });

  it('clears a sign-in code from the queue once it has gone', async () => {
    const id = await person({ channels: ['email'] });
    const result = await queue({
      personId: id,
      purpose: 'record',
      template: 'portalCode',
      personalisation: { code: '123456' },
      channel: 'sms',
      immediate: true,
      sensitive: true,
    });
    await t.services.contact.sendNow(result.messageId!);
    const [row] = await messages(id);
    assert.equal(row?.status, 'sent');
    assert.deepEqual(row?.personalisation, {});
  });
});

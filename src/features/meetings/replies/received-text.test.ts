import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { insertTestPerson } from '#features/register';
import { logCapture, startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree } from '#test/support/fixture.ts';
import { insertMeeting } from '#test/support/meetings.ts';
import { postReceivedText, receivedTextPayload } from '#test/support/notify-api.ts';

const TOKEN = 'received-text-callback-token-for-tests';

describe('replies by text (Notify’s received-text callback)', () => {
  let t: TestApp;
  let callbackUrl = '';
  const { lines, stream: logStream } = logCapture();
  const { org, add } = organisationTree(() => t, 'received-text', 'Received text tester');
  let phones = 0;

  before(async () => {
    t = await startTestApp({ LOG_LEVEL: 'info', NOTIFY_RECEIVED_TEXT_TOKEN: TOKEN }, { logStream });
    await add('Provider A');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    callbackUrl = `http://127.0.0.1:${port}/notify/received-text`;
  });
  after(() => t.close());

  /** A person with a mobile number (and the number as Notify gives it). */
  async function person(language: 'en' | 'cy' = 'en') {
    phones += 1;
    const national = `7700900${String(100 + phones).padStart(3, '0')}`;
    const id = await insertTestPerson(t.services.db, t.config.encryptionKey, {
      organisationId: org['Provider A']!.id,
      displayName: `Texter ${phones}`,
      phone: `0${national}`,
      fields: { preferred_language: language },
    });
    return { id, from: `44${national}` };
  }

  /** A planned meeting `daysAhead` from now with the person invited (and sent the invitation). */
  async function invite(personId: string, daysAhead: number, sent = true) {
    const { db } = t.services;
    const meetingId = await insertMeeting(db, org['Provider A']!.id, {
      startsInHours: daysAhead * 24,
      hours: 1,
    });
    const invitee = await db
      .insertInto('meeting_invitees')
      .values({ meeting_id: meetingId, person_id: personId, invited_at: sent ? new Date() : null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return invitee.id;
  }

  const inviteeRow = (id: string) =>
    t.services.db
      .selectFrom('meeting_invitees')
      .select(['reply', 'reply_channel', 'replied_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  const notUnderstoodTo = (personId: string) =>
    t.services.db
      .selectFrom('person_messages')
      .select(['template', 'channel'])
      .where('person_id', '=', personId)
      .where('template', 'like', 'meetingReplyNotUnderstood%')
      .execute();

  const inject = (authorization: string | undefined, body: unknown) =>
    t.app.inject({
      method: 'POST',
      url: '/notify/received-text',
      headers: {
        'content-type': 'application/json',
        ...(authorization ? { authorization } : {}),
      },
      payload: JSON.stringify(body),
    });

  it('records a Welsh "Ydw" for the soonest open invitation, once however often it comes', async () => {
    const p = await person('cy');
    const later = await invite(p.id, 20);
    const notSent = await invite(p.id, 2, false);
    const soonest = await invite(p.id, 5);
    const first = await postReceivedText(callbackUrl, TOKEN, { from: p.from, message: 'Ydw' });
    assert.equal(first.status, 200);
    const recorded = await inviteeRow(soonest);
    assert.equal(recorded.reply, 'yes');
    assert.equal(recorded.reply_channel, 'sms');
    assert.equal((await inviteeRow(later)).reply, null);
    assert.equal((await inviteeRow(notSent)).reply, null, 'an invitation not yet sent is not open');

    const again = await postReceivedText(callbackUrl, TOKEN, { from: p.from, message: 'YES!' });
    assert.equal(again.status, 200);
    assert.equal(
      (await inviteeRow(soonest)).replied_at?.getTime(),
      recorded.replied_at?.getTime(),
      'replying twice rewrites nothing',
    );
    const audited = await t.services.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'meeting.replied')
      .where(sql<string>`details->>'inviteeId'`, '=', soonest)
      .execute();
    assert.deepEqual(
      audited.map((a) => a.details),
      [{ inviteeId: soonest, reply: 'yes', channel: 'sms' }],
    );
  });

  it('refuses a wrong or missing token with 401', async () => {
    const body = receivedTextPayload({ from: '447700900999', message: 'yes' });
    assert.equal((await inject('Bearer wrong-token-wrong-token', body)).statusCode, 401);
    assert.equal((await inject(undefined, body)).statusCode, 401);
    assert.equal((await inject(`Bearer ${TOKEN}`, { nonsense: true })).statusCode, 400);
  });

  it('answers 200 and stores nothing for an unknown number, someone not invited, or words it cannot read', async () => {
    const before = lines.length;
    const unknown = await inject(
      `Bearer ${TOKEN}`,
      receivedTextPayload({ from: '447700900998', message: 'Secretword yes' }),
    );
    assert.equal(unknown.statusCode, 200);

    const notInvited = await person();
    const none = await inject(
      `Bearer ${TOKEN}`,
      receivedTextPayload({ from: notInvited.from, message: 'yes' }),
    );
    assert.equal(none.statusCode, 200);
    assert.equal((await notUnderstoodTo(notInvited.id)).length, 0);

    const invited = await person();
    const invitee = await invite(invited.id, 3);
    for (const message of ['Can I bring my carer?', 'Still not sure what to say'])
      assert.equal(
        (await inject(`Bearer ${TOKEN}`, receivedTextPayload({ from: invited.from, message })))
          .statusCode,
        200,
      );
    assert.equal((await inviteeRow(invitee)).reply, null);
    const told = await notUnderstoodTo(invited.id);
    assert.equal(told.length, 1, 'told how to reply, once a day');
    assert.equal(told[0]!.channel, 'sms');

    const log = lines.slice(before).join('');
    for (const outcome of ['unknownNumber', 'noOpenInvitation', 'notUnderstood'])
      assert.match(log, new RegExp(`"outcome":"${outcome}","count":\\d+`));
    assert.doesNotMatch(log, /447700900998|7700900|Secretword|carer/, 'no number, no message');
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertTestPerson } from '../people/fixtures.ts';
import { startWithProvider } from '#test/support/register-people.ts';
import type { TestApp } from '#test/support/app.ts';
import { testEngine } from '#test/support/database.ts';
import { protect } from '../people/protected-fields.ts';
import { contactPeople } from './batch.ts';
import { contactPerson } from './contact.ts';

/**
 * The batch safe-contact function decides exactly as contactPerson does, person by person: the
 * same status, reason, channel, time and template, for every kind of profile.
 */
describe(`batch safe-contact (${testEngine})`, () => {
  let t: TestApp;
  let organisationId: string;
  /** 22:30 UK time on a winter day: inside "21:00 to 08:00" quiet hours. */
  const lateEvening = new Date('2027-01-14T22:30:00Z');

  before(async () => {
    ({ t, organisationId } = await startWithProvider());
  });
  after(() => t.close());

  it('makes the same decision as contactPerson for every kind of person', async () => {
    const { db } = t.services;
    const key = t.config.encryptionKey;
    const make = (fields: Record<string, unknown>, more: Record<string, unknown> = {}) =>
      insertTestPerson(db, key, {
        organisationId,
        phone: '07700 900123',
        email: 'sam@example.org',
        ...more,
        fields: { quiet_from: null, quiet_to: null, ...fields },
      });
    const ids = [
      await make({ channels: ['sms', 'email'] }),
      await make({ channels: ['email'], preferred_language: 'cy' }),
      await make({ channels: ['email'], formats: ['easy_read'] }),
      await make({ channels: ['sms'] }, { phone: '01970 123456' }), // a landline: no SMS
      await make({ channels: ['phone', 'sms'] }),
      await make({ channels: ['in_person'] }),
      await make({ channels: ['sms', 'email'], quiet_from: '21:00', quiet_to: '08:00' }),
      await make({ channels: ['sms'], quiet_from: '21:00', quiet_to: '08:00' }),
      await make({ status: 'paused' }),
      await make({ status: 'moved_on' }),
      await make({}, { consents: ['register'] }),
      await make({ erased_at: new Date() }),
    ];
    const letter = await make({ channels: ['letter'], plain_envelope: true });
    await db
      .updateTable('people')
      .set({
        address: protect(
          key,
          'address',
          letter,
          JSON.stringify({ lines: '1 Stryd', postcode: 'SY23 1AA' }),
        ),
      })
      .where('id', '=', letter)
      .execute();
    ids.push(letter);
    const deps = { ...t.services };
    const request = {
      organisationId,
      template: 'opportunityInvitation',
      notBefore: lateEvening,
    };
    const personalisation = {
      title: 'A forum',
      organisation: 'Tŷ Cyd',
      date: 'soon',
      closingDate: 'never',
      link: 'x',
    };
    const single = await db.transaction().execute(async (trx) => {
      const out = [];
      for (const personId of ids)
        out.push(await contactPerson(deps, trx, { ...request, personId, personalisation }));
      return out;
    });
    const batch = await db.transaction().execute((trx) =>
      contactPeople(deps, trx, {
        ...request,
        personIds: ids,
        personalisation: () => personalisation,
      }),
    );
    const byPerson = new Map(batch.map((r) => [r.personId, r]));
    const messages = await db
      .selectFrom('person_messages')
      .select(['id', 'person_id', 'template', 'status', 'reason', 'channel', 'not_before'])
      .where('person_id', 'in', ids)
      .execute();
    const template = new Map(messages.map((m) => [m.id, m.template]));
    ids.forEach((id, i) => {
      const a = single[i]!;
      const b = byPerson.get(id)!;
      assert.ok(b, `a result for person ${i}`);
      assert.equal(b.status, a.status, `status of person ${i}`);
      if (a.status === 'queued' && b.status === 'queued') {
        assert.equal(b.channel, a.channel, `channel of person ${i}`);
        assert.equal(b.notBefore.getTime(), a.notBefore.getTime(), `time of person ${i}`);
      }
      if (a.status === 'blocked' && b.status === 'blocked') {
        assert.equal(b.reason, a.reason, `reason of person ${i}`);
        assert.equal(b.channel, a.channel, `channel of person ${i}`);
      }
      assert.equal(
        a.messageId ? template.get(a.messageId) : null,
        b.messageId ? template.get(b.messageId) : null,
        `template of person ${i}`,
      );
    });
    // a spread of outcomes was covered
    const reasons = new Set(batch.map((r) => (r.status === 'queued' ? r.channel : r.reason)));
    for (const expected of [
      'sms',
      'email',
      'letter',
      'needs_person',
      'status_paused',
      'no_consent',
      'erased',
      'no_channel',
    ])
      assert.ok(reasons.has(expected as never), `covers ${expected}`);
    assert.ok(
      messages.some((m) => m.template === 'opportunityInvitation.easyRead'),
      'the easy read variant',
    );
  });

  it('records only the blocked messages that are a worker’s task when asked to', async () => {
    const { db } = t.services;
    const key = t.config.encryptionKey;
    const phoneMe = await insertTestPerson(db, key, {
      organisationId,
      phone: '07700 900123',
      fields: { channels: ['phone'] },
    });
    const noConsent = await insertTestPerson(db, key, {
      organisationId,
      phone: '07700 900123',
      consents: ['register'],
    });
    const results = await db.transaction().execute((trx) =>
      contactPeople(t.services, trx, {
        personIds: [phoneMe, noConsent],
        organisationId,
        template: 'opportunityInvitation',
        recordBlocked: 'tasks',
      }),
    );
    const rows = await db
      .selectFrom('person_messages')
      .select(['person_id', 'reason'])
      .where('person_id', 'in', [phoneMe, noConsent])
      .execute();
    assert.deepEqual(rows, [{ person_id: phoneMe, reason: 'needs_person' }]);
    const refused = results.find((r) => r.personId === noConsent);
    assert.equal(refused?.status === 'blocked' && refused.reason, 'no_consent');
    assert.equal(refused?.messageId, null);
  });
});

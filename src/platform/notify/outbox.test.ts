import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { openTestDatabase, testEngine } from '#test/support/database.ts';
import { loadConfig } from '#app/config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { createI18n } from '../i18n/i18n.ts';
import { createNotifier, staffRecipient } from './index.ts';
import { createOutboxNotifier } from './outbox.ts';

describe(`outbox adapter and recipients (${testEngine})`, () => {
  const i18n = createI18n();
  let handle: DatabaseHandle;

  before(async () => {
    handle = await openTestDatabase();
  });
  after(() => handle.close());

  const stored = (id: string) =>
    handle.db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('keeps each message rendered in the recipient’s language, on their channel', async () => {
    const outbox = createOutboxNotifier(handle.db, i18n);
    assert.deepEqual(outbox.delivers, []);
    const organisation = await handle.db
      .insertInto('organisations')
      .values({ kind: 'region', name_en: 'West', name_cy: 'Gorllewin', ancestors: [] })
      .returning('id')
      .executeTakeFirstOrThrow();
    const email = await outbox.send(
      {
        channel: 'email',
        address: 'gwen@example.org',
        language: 'cy',
        organisationId: organisation.id,
      },
      {
        template: 'invitation',
        personalisation: { inviter: 'Siôn', organisation: 'Tŷ Ŷd', link: 'https://x.example/i' },
        reference: 'invitation-1',
      },
    );
    assert.equal(email.via, 'outbox');
    const row = await stored(email.id);
    assert.equal(row.organisation_id, organisation.id);
    assert.equal(row.channel, 'email');
    assert.equal(row.language, 'cy');
    assert.equal(row.recipient, 'gwen@example.org');
    assert.equal(row.subject, 'Rydych wedi cael gwahoddiad i ddefnyddio Cyd ar gyfer Tŷ Ŷd');
    assert.match(row.body, /Mae Siôn wedi eich gwahodd/);
    assert.equal(row.reference, 'invitation-1');

    const sms = await outbox.send(
      { channel: 'sms', address: '07700900123', language: 'en' },
      {
        template: 'passwordReset',
        personalisation: { link: 'https://x.example/r' },
        reference: 'r',
      },
    );
    const smsRow = await stored(sms.id);
    assert.equal(smsRow.subject, null);
    assert.equal(smsRow.organisation_id, null);
    assert.match(smsRow.body, /reset the password/);
  });

  it('refuses a template that does not exist', async () => {
    const outbox = createOutboxNotifier(handle.db, i18n);
    await assert.rejects(
      outbox.send(
        { channel: 'email', address: 'a@example.org', language: 'en' },
        { template: 'noSuchTemplate', personalisation: {}, reference: 'x' },
      ),
      /Unknown template noSuchTemplate/,
    );
  });

  it('builds a staff recipient from an account: e-mail, in the language on the account', async () => {
    const account = await handle.db
      .insertInto('accounts')
      .values({ email: `${crypto.randomUUID()}@example.org`, name: 'Gwen', language: 'cy' })
      .returning(['email', 'language'])
      .executeTakeFirstOrThrow();
    const recipient = staffRecipient(account, 'org-1');
    assert.deepEqual(recipient, {
      channel: 'email',
      address: account.email,
      language: 'cy',
      organisationId: 'org-1',
    });
    assert.equal(staffRecipient({ email: 'a@example.org', language: 'en' }).organisationId, null);
  });

  it('chooses the adapter NOTIFIER names, and says what is missing', async () => {
    const config = (env: Record<string, string>) =>
      loadConfig({ NODE_ENV: 'test', DATA_DIR: 'memory://', ...env });
    assert.equal((await createNotifier(config({}), handle.db, i18n)).name, 'outbox');
    await assert.rejects(
      () => createNotifier(config({ NOTIFIER: 'smtp' }), handle.db, i18n),
      /NOTIFIER=smtp needs SMTP_URL/,
    );
    assert.equal(
      (
        await createNotifier(
          config({ NOTIFIER: 'smtp', SMTP_URL: 'smtp://localhost:25' }),
          handle.db,
          i18n,
        )
      ).name,
      'smtp',
    );
    await assert.rejects(
      () => createNotifier(config({ NOTIFIER: 'notify' }), handle.db, i18n),
      /NOTIFIER=notify needs NOTIFY_API_KEY/,
    );
    const key = `k-${crypto.randomUUID()}-${crypto.randomUUID()}`;
    const notify = await createNotifier(
      config({
        NOTIFIER: 'notify',
        NOTIFY_API_KEY: key,
        NOTIFY_EMAIL_TEMPLATE_ID: crypto.randomUUID(),
      }),
      handle.db,
      i18n,
    );
    assert.equal(notify.name, 'notify');
    assert.deepEqual(notify.delivers, ['email']);
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', NOTIFIER: 'notify', NOTIFY_API_KEY: key }),
      /NOTIFY_EMAIL_TEMPLATE_ID is required in production/,
    );
  });
});

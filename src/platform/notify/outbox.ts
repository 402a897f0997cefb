import type { Database } from '../db/database.ts';
import type { I18n } from '../i18n/i18n.ts';
import type { Message, Notifier, Recipient, SendResult } from './notifier.ts';
import { renderMessage } from './templates.ts';

/** Stores one rendered message in outbox_messages (staff see it at /outbox). */
export async function storeInOutbox(
  db: Database,
  i18n: I18n,
  recipient: Recipient,
  message: Message,
): Promise<SendResult> {
  const rendered = renderMessage(i18n, recipient.language, recipient.channel, message);
  const row = await db
    .insertInto('outbox_messages')
    .values({
      organisation_id: recipient.organisationId ?? null,
      channel: recipient.channel,
      recipient: recipient.address,
      language: recipient.language,
      template: message.template,
      subject: rendered.subject,
      body: rendered.body,
      reference: message.reference,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, via: 'outbox' };
}

/** The default adapter: stores each message so staff can see what would have been sent. */
export function createOutboxNotifier(db: Database, i18n: I18n): Notifier {
  return {
    name: 'outbox',
    delivers: [],
    send: (recipient, message) => storeInOutbox(db, i18n, recipient, message),
  };
}

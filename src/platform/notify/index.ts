import type { Config } from '#app/config.ts';
import type { Database } from '../db/database.ts';
import type { I18n } from '../i18n/i18n.ts';
import type { Notifier } from './notifier.ts';
import { createOutboxNotifier } from './outbox.ts';

export { NotifyError } from './errors.ts';
export { staffRecipient } from './recipients.ts';
export type { Channel, Message, Notifier, Recipient, SendResult } from './notifier.ts';

/**
 * Chooses the adapter named by NOTIFIER (docs/notifications.md). Fails fast on missing settings.
 * The SMTP and Notify clients are loaded only when chosen (they weigh ~40 MB of memory).
 */
export async function createNotifier(config: Config, db: Database, i18n: I18n): Promise<Notifier> {
  switch (config.notifier) {
    case 'outbox':
      return createOutboxNotifier(db, i18n);
    case 'smtp':
      if (!config.smtp.url)
        throw new Error('NOTIFIER=smtp needs SMTP_URL, e.g. smtp://user:pass@host:587');
      return (await import('./smtp.ts')).createSmtpNotifier(
        { url: config.smtp.url, from: config.smtp.from },
        db,
        i18n,
      );
    case 'notify':
      if (!config.notify.apiKey) throw new Error('NOTIFIER=notify needs NOTIFY_API_KEY.');
      return (await import('./govuk-notify.ts')).createGovukNotifyNotifier(
        {
          apiKey: config.notify.apiKey,
          baseUrl: config.notify.baseUrl,
          templates: {
            email: config.notify.emailTemplateId,
            sms: config.notify.smsTemplateId,
            letter: config.notify.letterTemplateId,
          },
        },
        i18n,
      );
  }
}

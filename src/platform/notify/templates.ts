import type { I18n } from '../i18n/i18n.ts';
import type { Channel, Message, RenderedMessage } from './notifier.ts';

/** Renders a message in the recipient's language; SMS has no subject. */
export function renderMessage(
  i18n: I18n,
  language: 'en' | 'cy',
  channel: Channel,
  message: Message,
): RenderedMessage {
  const t = i18n.t(language);
  const key = `notify:${message.template}`;
  const body = t(`${key}.body`, message.personalisation);
  const subject = channel === 'sms' ? null : t(`${key}.subject`, message.personalisation);
  if (body === `${message.template}.body`) throw new Error(`Unknown template ${message.template}`);
  return { subject, body };
}

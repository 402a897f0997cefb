import type { Language } from '../i18n/i18n.ts';

/** The one port every message in Cyd goes through. Adapters: outbox, SMTP, GOV.UK Notify. */
export type Channel = 'email' | 'sms' | 'letter';

export interface Recipient {
  channel: Channel;
  /** e-mail address, phone number, or postal address lines joined by newlines */
  address: string;
  language: Language;
  organisationId?: string | null;
}

export interface Message {
  /** A template in locales/<lang>/notify.json, e.g. "invitation" */
  template: string;
  personalisation: Record<string, string>;
  /** Our own reference: never personal data (an id, not a name). */
  reference: string;
}

export interface RenderedMessage {
  subject: string | null;
  body: string;
}

export interface SendResult {
  /** The provider's (or outbox's) id for the message. */
  id: string;
}

export interface Notifier {
  readonly name: 'outbox' | 'smtp' | 'notify';
  send(recipient: Recipient, message: Message): Promise<SendResult>;
}

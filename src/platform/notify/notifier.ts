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
  /** Where it went: the adapter's own provider, or the outbox when the adapter cannot deliver the channel. */
  via: 'outbox' | 'smtp' | 'notify';
}

export interface Notifier {
  readonly name: 'outbox' | 'smtp' | 'notify';
  /**
   * The channels this adapter really delivers. The outbox delivers none (it keeps every
   * message for staff to see); SMTP delivers e-mail and keeps SMS and letters in the outbox.
   */
  readonly delivers: readonly Channel[];
  /**
   * Renders the message in the recipient's language and sends it on the recipient's channel.
   * Call it after the transaction that decided to send has committed (on the embedded
   * database a send from inside a transaction would wait for that transaction forever).
   * Fails with a NotifyError (./errors.ts) that says whether trying again could work.
   */
  send(recipient: Recipient, message: Message): Promise<SendResult>;
}

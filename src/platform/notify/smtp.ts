import nodemailer from 'nodemailer';
import type { Database } from '../db/database.ts';
import type { I18n } from '../i18n/i18n.ts';
import { NotifyError, withoutPersonalData } from './errors.ts';
import type { Notifier } from './notifier.ts';
import { storeInOutbox } from './outbox.ts';
import { renderMessage } from './templates.ts';

export interface SmtpOptions {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465 */
  url: string;
  /** The From header, e.g. "Cyd <no-reply@cyd.example>" */
  from: string;
}

/** SMTP reply codes 4xx are temporary (try again); 5xx are permanent. */
const RETRYABLE_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'EPROXY']);

/**
 * Sends e-mail through an SMTP server (nodemailer). SMTP cannot send text messages or letters:
 * those are kept in the outbox instead, where staff see them at /outbox and can send them by
 * hand; `delivers` tells callers so, and the result says `via: 'outbox'`.
 */
export function createSmtpNotifier(options: SmtpOptions, db: Database, i18n: I18n): Notifier {
  const transport = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    name: 'smtp',
    delivers: ['email'],
    async send(recipient, message) {
      if (recipient.channel !== 'email') return storeInOutbox(db, i18n, recipient, message);
      const rendered = renderMessage(i18n, recipient.language, recipient.channel, message);
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: recipient.address,
          subject: rendered.subject ?? '',
          text: rendered.body,
          headers: { 'Content-Language': recipient.language, 'X-Cyd-Reference': message.reference },
        });
        return { id: info.messageId, via: 'smtp' };
      } catch (error) {
        throw smtpError(error);
      }
    },
  };
}

function smtpError(error: unknown): NotifyError {
  const e = error as { code?: unknown; responseCode?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : 'ESMTP';
  const status = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const retryable =
    status !== undefined ? status >= 400 && status < 500 : RETRYABLE_CODES.has(code);
  return new NotifyError({
    provider: 'smtp',
    code,
    status,
    retryable,
    message: withoutPersonalData(
      `SMTP: ${typeof e.message === 'string' ? e.message : 'the message could not be sent'}`,
    ),
  });
}

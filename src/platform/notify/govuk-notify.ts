import { NotifyClient } from 'notifications-node-client';
import type { I18n } from '../i18n/i18n.ts';
import { NotifyError } from './errors.ts';
import type { Channel, Notifier, Recipient } from './notifier.ts';
import { createRateLimiter, type RateLimiter } from './rate-limiter.ts';
import { renderMessage } from './templates.ts';

/**
 * GOV.UK Notify (notifications-node-client). Cyd renders every message itself, in the
 * recipient's language, and sends it through one generic template per channel whose content
 * is only placeholders: e-mail and letter templates `((subject))` / `((body))`, the text
 * message template `((body))`. See docs/notifications.md for setting them up.
 */
export interface GovukNotifyOptions {
  /** `{key name}-{service id}-{secret key}`, both ids UUIDs. */
  apiKey: string;
  baseUrl: string;
  templates: Partial<Record<Channel, string | undefined>>;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** Requests per minute for this process; default Notify's 3,000. */
  requestsPerMinute?: number;
  rateLimiter?: RateLimiter;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Splits an API key the way Notify does: the service id and secret are its last two UUIDs. */
export function parseNotifyApiKey(apiKey: string) {
  const secretKey = apiKey.slice(-36);
  const serviceId = apiKey.slice(-73, -37);
  if (!UUID.test(secretKey) || !UUID.test(serviceId) || apiKey.at(-37) !== '-')
    throw new Error(
      'NOTIFY_API_KEY is not a GOV.UK Notify API key: expected {key name}-{service id}-{secret key}, ' +
        'where the service id and secret key are UUIDs.',
    );
  return { serviceId, secretKey };
}

/** Notify's letters need 3 to 7 address lines, the last a UK postcode or a country. */
export function letterAddress(address: string) {
  const lines = address
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length < 3 || lines.length > 7)
    throw new NotifyError({
      provider: 'notify',
      code: 'invalid_address',
      retryable: false,
      message: `A letter needs 3 to 7 address lines (this has ${lines.length.toString()}).`,
    });
  return Object.fromEntries(lines.map((line, i) => [`address_line_${(i + 1).toString()}`, line]));
}

interface NotifyErrorBody {
  status_code?: number;
  errors?: { error?: string; message?: string }[];
}

/** Maps Notify's documented error responses (and no response at all) to a NotifyError. */
export function notifyError(error: unknown): NotifyError {
  if (error instanceof NotifyError) return error;
  const e = error as {
    code?: unknown;
    message?: unknown;
    response?: { status?: number; data?: unknown };
  };
  const status = e.response?.status;
  if (status === undefined) {
    const timeout = e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT';
    return new NotifyError({
      provider: 'notify',
      code: timeout ? 'timeout' : 'network',
      retryable: true,
      message: `GOV.UK Notify did not answer${typeof e.code === 'string' ? ` (${e.code})` : ''}.`,
    });
  }
  const body = (e.response?.data ?? {}) as NotifyErrorBody;
  const first = Array.isArray(body.errors) ? body.errors[0] : undefined;
  const type = typeof first?.error === 'string' ? first.error : `HTTP${status.toString()}`;
  const retryable = status === 429 || status >= 500;
  const retryAfterMs =
    type === 'RateLimitError' ? 60_000 : type === 'TooManyRequestsError' ? 3_600_000 : undefined;
  return new NotifyError({
    provider: 'notify',
    code: type,
    status,
    retryable,
    retryAfterMs,
    message: `GOV.UK Notify ${status.toString()} ${type}: ${first?.message ?? 'no explanation given'}`,
  });
}

export function createGovukNotifyNotifier(options: GovukNotifyOptions, i18n: I18n): Notifier {
  parseNotifyApiKey(options.apiKey);
  if (!options.templates.email)
    throw new Error('NOTIFIER=notify needs NOTIFY_EMAIL_TEMPLATE_ID: staff are invited by e-mail.');
  const client = new NotifyClient(options.baseUrl, options.apiKey);
  // A client of our own with a timeout, rather than axios's shared default without one.
  const api = (client as unknown as { apiClient: { restClient: { create(c: object): unknown } } })
    .apiClient;
  client.setClient(
    api.restClient.create({ timeout: options.timeoutMs ?? 10_000 }) as Parameters<
      typeof client.setClient
    >[0],
  );
  const limiter =
    options.rateLimiter ?? createRateLimiter(options.requestsPerMinute ?? 3_000, 60_000);
  const delivers = (['email', 'sms', 'letter'] as const).filter((c) => options.templates[c]);

  const post = async (
    recipient: Recipient,
    templateId: string,
    personalisation: Record<string, string>,
    reference: string,
  ) => {
    switch (recipient.channel) {
      case 'email':
        return client.sendEmail(templateId, recipient.address, { personalisation, reference });
      case 'sms':
        return client.sendSms(templateId, recipient.address, { personalisation, reference });
      case 'letter':
        return client.sendLetter(templateId, { personalisation, reference });
    }
  };

  return {
    name: 'notify',
    delivers,
    async send(recipient, message) {
      const templateId = options.templates[recipient.channel];
      if (!templateId)
        throw new NotifyError({
          provider: 'notify',
          code: 'not_configured',
          retryable: false,
          message: `No GOV.UK Notify template is set for ${recipient.channel} (NOTIFY_${recipient.channel.toUpperCase()}_TEMPLATE_ID).`,
        });
      const rendered = renderMessage(i18n, recipient.language, recipient.channel, message);
      const personalisation: Record<string, string> =
        recipient.channel === 'sms'
          ? { body: rendered.body }
          : recipient.channel === 'letter'
            ? {
                ...letterAddress(recipient.address),
                subject: rendered.subject ?? '',
                body: rendered.body,
              }
            : { subject: rendered.subject ?? '', body: rendered.body };
      await limiter.acquire();
      try {
        const response = await post(recipient, templateId, personalisation, message.reference);
        return { id: response.data.id, via: 'notify' };
      } catch (error) {
        throw notifyError(error);
      }
    },
  };
}

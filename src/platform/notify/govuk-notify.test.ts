import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { notifyToken, startFakeNotify, type FakeNotify } from '#test/support/notify-api.ts';
import { welshInvitation } from '#test/support/notify-messages.ts';
import { createI18n } from '../i18n/i18n.ts';
import { NotifyError } from './errors.ts';
import { createGovukNotifyNotifier, parseNotifyApiKey } from './govuk-notify.ts';
import type { Notifier, Recipient } from './notifier.ts';
import { createRateLimiter } from './rate-limiter.ts';

const serviceId = crypto.randomUUID();
const apiKey = `cyd_test_key-${serviceId}-${crypto.randomUUID()}`;
const templates = {
  email: crypto.randomUUID(),
  sms: crypto.randomUUID(),
  letter: crypto.randomUUID(),
};
const invitation = welshInvitation;

describe('GOV.UK Notify adapter, against a server that follows Notify’s documented API', () => {
  const i18n = createI18n();
  let fake: FakeNotify;
  let notifier: Notifier;
  const make = (overrides: { apiKey?: string; baseUrl?: string; sms?: string | undefined } = {}) =>
    createGovukNotifyNotifier(
      {
        apiKey: overrides.apiKey ?? apiKey,
        baseUrl: overrides.baseUrl ?? fake.url,
        templates: {
          email: templates.email,
          sms: 'sms' in overrides ? overrides.sms : templates.sms,
          letter: templates.letter,
        },
      },
      i18n,
    );

  before(async () => {
    fake = await startFakeNotify({
      apiKey,
      templates: {
        [templates.email]: { type: 'email', subject: '((subject))', body: '((body))' },
        [templates.sms]: { type: 'sms', body: '((body))' },
        [templates.letter]: { type: 'letter', subject: '((subject))', body: '((body))' },
      },
    });
    notifier = make();
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.received.length = 0;
    fake.rateLimit = 3_000;
    fake.failNext = false;
    fake.resetRateWindow();
  });

  const rejectsWith = async (promise: Promise<unknown>, expected: Partial<NotifyError>) => {
    const error = await promise.then(
      () => assert.fail('expected a NotifyError'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof NotifyError, String(error));
    for (const [key, value] of Object.entries(expected))
      assert.deepEqual(error[key as keyof NotifyError], value, key);
    return error;
  };

  it('sends an e-mail in the recipient’s language through the generic template', async () => {
    const recipient: Recipient = { channel: 'email', address: 'gwen@example.org', language: 'cy' };
    const result = await notifier.send(recipient, invitation);
    assert.equal(result.via, 'notify');
    const [received] = fake.received;
    assert.ok(received);
    assert.equal(result.id, received.id);
    assert.equal(received.type, 'email');
    assert.equal(received.claims.iss, serviceId);
    assert.match(received.userAgent ?? '', /NOTIFY-API-NODE-CLIENT/);
    assert.equal(received.payload.template_id, templates.email);
    assert.equal(received.payload.email_address, 'gwen@example.org');
    assert.equal(received.payload.reference, 'invitation-0b6f');
    const personalisation = received.payload.personalisation as Record<string, string>;
    assert.equal(
      personalisation.subject,
      'Rydych wedi cael gwahoddiad i ddefnyddio Cyd ar gyfer Gwasanaeth Tŷ Ŷd',
    );
    assert.match(
      personalisation.body!,
      /Mae Siôn Ŵyn wedi eich gwahodd i ddefnyddio Cyd ar gyfer Gwasanaeth Tŷ Ŷd/,
    );
  });

  it('sends a text message with the body only', async () => {
    await notifier.send(
      { channel: 'sms', address: '07700 900123', language: 'en' },
      {
        template: 'passwordReset',
        personalisation: { link: 'https://cyd.example/r/x' },
        reference: 'r-1',
      },
    );
    const [received] = fake.received;
    assert.equal(received?.type, 'sms');
    assert.equal(received?.payload.phone_number, '07700 900123');
    const personalisation = received?.payload.personalisation as Record<string, string>;
    assert.deepEqual(Object.keys(personalisation), ['body']);
    assert.match(personalisation.body!, /reset the password/);
  });

  it('sends a letter with the address in Notify’s address lines', async () => {
    await notifier.send(
      {
        channel: 'letter',
        address: 'Gwen Ŷ Jones\n1 Stryd Fawr\nAberystwyth\nSY23 1AA',
        language: 'cy',
      },
      invitation,
    );
    const personalisation = fake.received[0]?.payload.personalisation as Record<string, string>;
    assert.equal(personalisation.address_line_1, 'Gwen Ŷ Jones');
    assert.equal(personalisation.address_line_4, 'SY23 1AA');
    assert.equal(personalisation.address_line_5, undefined);
    assert.ok(personalisation.subject && personalisation.body);
  });

  it('refuses a letter without enough address lines before calling Notify', async () => {
    await rejectsWith(
      notifier.send({ channel: 'letter', address: 'Gwen\nSY23 1AA', language: 'en' }, invitation),
      { code: 'invalid_address', retryable: false },
    );
    assert.equal(fake.received.length, 0);
  });

  it('maps a bad template to a BadRequestError that is not worth retrying', async () => {
    const wrong = createGovukNotifyNotifier(
      { apiKey, baseUrl: fake.url, templates: { email: crypto.randomUUID() } },
      i18n,
    );
    await rejectsWith(
      wrong.send({ channel: 'email', address: 'a@example.org', language: 'en' }, invitation),
      {
        code: 'BadRequestError',
        status: 400,
        retryable: false,
        message: 'GOV.UK Notify 400 BadRequestError: Template not found',
      },
    );
  });

  it('maps a bad phone number to a ValidationError that is not worth retrying', async () => {
    const error = await rejectsWith(
      notifier.send({ channel: 'sms', address: '01970 123456', language: 'en' }, invitation),
      { code: 'ValidationError', status: 400, retryable: false },
    );
    assert.match(error.message, /Not a UK mobile number/);
    assert.doesNotMatch(error.message, /01970/);
  });

  it('maps an authentication failure to an AuthError that is not worth retrying', async () => {
    const wrongSecret = `cyd_test_key-${serviceId}-${crypto.randomUUID()}`;
    await rejectsWith(
      make({ apiKey: wrongSecret }).send(
        { channel: 'email', address: 'a@example.org', language: 'en' },
        invitation,
      ),
      { code: 'AuthError', status: 403, retryable: false },
    );
    const otherService = `cyd_test_key-${crypto.randomUUID()}-${apiKey.slice(-36)}`;
    await rejectsWith(
      make({ apiKey: otherService }).send(
        { channel: 'email', address: 'a@example.org', language: 'en' },
        invitation,
      ),
      { code: 'AuthError', status: 403 },
    );
  });

  it('maps the rate limit to a RateLimitError worth retrying after a minute', async () => {
    fake.rateLimit = 1;
    const recipient: Recipient = { channel: 'email', address: 'a@example.org', language: 'en' };
    await notifier.send(recipient, invitation);
    await rejectsWith(notifier.send(recipient, invitation), {
      code: 'RateLimitError',
      status: 429,
      retryable: true,
      retryAfterMs: 60_000,
    });
  });

  it('maps a server error to an Exception worth retrying', async () => {
    fake.failNext = true;
    await rejectsWith(
      notifier.send({ channel: 'email', address: 'a@example.org', language: 'en' }, invitation),
      { code: 'Exception', status: 500, retryable: true },
    );
  });

  it('maps no answer at all to a network error worth retrying', async () => {
    const closed = await startFakeNotify({ apiKey, templates: {} });
    const url = closed.url;
    await closed.close();
    await rejectsWith(
      make({ baseUrl: url }).send(
        { channel: 'email', address: 'a@example.org', language: 'en' },
        invitation,
      ),
      { code: 'network', retryable: true },
    );
  });

  it('says clearly when a channel has no template configured', async () => {
    const noSms = make({ sms: undefined });
    assert.deepEqual(noSms.delivers, ['email', 'letter']);
    await rejectsWith(
      noSms.send({ channel: 'sms', address: '07700900123', language: 'en' }, invitation),
      { code: 'not_configured', retryable: false },
    );
  });

  it('refuses a malformed API key and a missing e-mail template at start', () => {
    assert.throws(
      () => parseNotifyApiKey('not-a-key'),
      /NOTIFY_API_KEY is not a GOV.UK Notify API key/,
    );
    assert.deepEqual(parseNotifyApiKey(apiKey), { serviceId, secretKey: apiKey.slice(-36) });
    assert.throws(
      () => createGovukNotifyNotifier({ apiKey, baseUrl: fake.url, templates: {} }, i18n),
      /NOTIFY_EMAIL_TEMPLATE_ID/,
    );
  });

  it('(the fake) refuses tokens that are missing, stale or for another service, as Notify does', async () => {
    const post = (authorization?: string) =>
      fetch(`${fake.url}/v2/notifications/email`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify({ template_id: templates.email, email_address: 'a@example.org' }),
      });
    const missing = await post();
    assert.equal(missing.status, 401);
    const stale = await post(`Bearer ${notifyToken(apiKey, Math.floor(Date.now() / 1000) - 60)}`);
    assert.equal(stale.status, 403);
    assert.deepEqual(await stale.json(), {
      status_code: 403,
      errors: [
        {
          error: 'AuthError',
          message: 'Error: Your system clock must be accurate to within 30 seconds',
        },
      ],
    });
    const good = await post(`Bearer ${notifyToken(apiKey)}`);
    assert.equal(good.status, 400, 'valid token, but the template needs personalisation');
    assert.match(JSON.stringify(await good.json()), /Missing personalisation: subject, body/);
  });
});

describe('rate limiter', () => {
  it('lets a burst use the whole allowance, then spaces the rest as the window slides', async () => {
    let now = 0;
    const slept: number[] = [];
    const limiter = createRateLimiter(3, 1_000, {
      now: () => now,
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
    });
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 7 }, () => limiter.acquire().then(() => times.push(now))),
    );
    assert.deepEqual(times, [0, 0, 0, 1_000, 1_000, 1_000, 2_000]);
  });
});

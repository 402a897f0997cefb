import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { openTestDatabase, testEngine } from '#test/support/database.ts';
import { welshInvitation } from '#test/support/notify-messages.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { createI18n } from '../i18n/i18n.ts';
import { NotifyError } from './errors.ts';
import type { Notifier } from './notifier.ts';
import { createSmtpNotifier } from './smtp.ts';

interface Captured {
  from: string;
  to: string[];
  user: string | undefined;
  raw: string;
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B?...?= and =?UTF-8?Q?...?=). */
function decodeWords(value: string) {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
      encoding.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9a-f]{2})/gi, (_m, hex: string) =>
                String.fromCharCode(parseInt(hex, 16)),
              ),
            'latin1',
          ).toString('utf8'),
    );
}

/** Just enough MIME to read a single-part text message as a mail client would. */
function parseMessage(raw: string) {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  let body = raw.slice(split + 4);
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  if (encoding === 'quoted-printable')
    body = Buffer.from(
      body
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
  else if (encoding === 'base64') body = Buffer.from(body, 'base64').toString('utf8');
  return { headers, body: body.replace(/\r\n/g, '\n') };
}

describe(`SMTP adapter, against a local SMTP server (${testEngine})`, () => {
  const i18n = createI18n();
  const captured: Captured[] = [];
  let rejectWith: { code: number; message: string } | null = null;
  let server: SMTPServer;
  let port: number;
  let handle: DatabaseHandle;
  let notifier: Notifier;
  /** The adapter sending through the server at `url`. */
  const smtpAt = (url: string) =>
    createSmtpNotifier({ url, from: 'Cyd <no-reply@cyd.example>' }, handle.db, i18n);

  before(async () => {
    server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: true,
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === 'cyd' && auth.password === 's3cret ŵ')
          callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
      onRcptTo(_address, _session, callback) {
        if (!rejectWith) {
          callback();
          return;
        }
        const error = new Error(rejectWith.message) as Error & { responseCode: number };
        error.responseCode = rejectWith.code;
        callback(error);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          captured.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            user: session.user as string | undefined,
            raw: Buffer.concat(chunks).toString('latin1'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
    handle = await openTestDatabase();
    notifier = smtpAt(`smtp://cyd:${encodeURIComponent('s3cret ŵ')}@127.0.0.1:${port.toString()}`);
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await handle.close();
  });
  beforeEach(() => {
    captured.length = 0;
    rejectWith = null;
  });

  const invitation = welshInvitation;

  it('sends a Welsh e-mail with its subject, body and language intact (ŵ, ŷ)', async () => {
    const result = await notifier.send(
      { channel: 'email', address: 'gwen@example.org', language: 'cy' },
      invitation,
    );
    assert.equal(result.via, 'smtp');
    const [mail] = captured;
    assert.ok(mail);
    assert.equal(mail.user, 'cyd', 'authenticated with the credentials in SMTP_URL');
    assert.equal(mail.from, 'no-reply@cyd.example');
    assert.deepEqual(mail.to, ['gwen@example.org']);
    const { headers, body } = parseMessage(mail.raw);
    assert.equal(
      headers.get('subject'),
      'Rydych wedi cael gwahoddiad i ddefnyddio Cyd ar gyfer Gwasanaeth Tŷ Ŷd',
    );
    assert.match(mail.raw, /^Subject: =\?UTF-8\?/im, 'the subject is MIME-encoded');
    assert.equal(headers.get('content-language'), 'cy');
    assert.equal(headers.get('to'), 'gwen@example.org');
    assert.equal(headers.get('x-cyd-reference'), 'invitation-0b6f');
    assert.equal(headers.get('message-id'), result.id);
    assert.match(headers.get('content-type') ?? '', /charset=utf-8/i);
    assert.match(
      body,
      /Mae Siôn Ŵyn wedi eich gwahodd i ddefnyddio Cyd ar gyfer Gwasanaeth Tŷ Ŷd\./,
    );
    assert.match(body, /https:\/\/cyd\.example\/invitations\/abc/);
  });

  it('sends an English e-mail to an English-speaking recipient', async () => {
    await notifier.send(
      { channel: 'email', address: 'sam@example.org', language: 'en' },
      {
        template: 'passwordReset',
        personalisation: { link: 'https://cyd.example/r/x' },
        reference: 'r',
      },
    );
    const { headers, body } = parseMessage(captured[0]!.raw);
    assert.equal(headers.get('subject'), 'Reset your Cyd password');
    assert.equal(headers.get('content-language'), 'en');
    assert.match(body, /Someone asked to reset the password/);
  });

  it('keeps text messages and letters in the outbox, as it cannot send them', async () => {
    assert.deepEqual(notifier.delivers, ['email']);
    const sms = await notifier.send(
      { channel: 'sms', address: '07700900123', language: 'cy' },
      invitation,
    );
    assert.equal(sms.via, 'outbox');
    assert.equal(captured.length, 0);
    const row = await handle.db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('id', '=', sms.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.channel, 'sms');
    assert.equal(row.subject, null);
    assert.match(row.body, /Siôn Ŵyn/);
  });

  it('reports a permanent refusal as not worth retrying, without the address', async () => {
    rejectWith = { code: 550, message: 'No such user gwen@example.org' };
    const error = await notifier
      .send({ channel: 'email', address: 'gwen@example.org', language: 'en' }, invitation)
      .catch((e: unknown) => e);
    assert.ok(error instanceof NotifyError);
    assert.equal(error.status, 550);
    assert.equal(error.retryable, false);
    assert.doesNotMatch(error.message, /gwen@example\.org/);
  });

  it('reports a temporary refusal and an unreachable server as worth retrying', async () => {
    rejectWith = { code: 451, message: 'Try again later' };
    const temporary = await notifier
      .send({ channel: 'email', address: 'gwen@example.org', language: 'en' }, invitation)
      .catch((e: unknown) => e);
    assert.ok(temporary instanceof NotifyError);
    assert.equal(temporary.retryable, true);

    const unreachable = smtpAt('smtp://127.0.0.1:1');
    const refused = await unreachable
      .send({ channel: 'email', address: 'gwen@example.org', language: 'en' }, invitation)
      .catch((e: unknown) => e);
    assert.ok(refused instanceof NotifyError);
    assert.equal(refused.retryable, true);
  });

  it('reports wrong credentials as not worth retrying', async () => {
    const wrong = smtpAt(`smtp://cyd:wrong@127.0.0.1:${port.toString()}`);
    const error = await wrong
      .send({ channel: 'email', address: 'gwen@example.org', language: 'en' }, invitation)
      .catch((e: unknown) => e);
    assert.ok(error instanceof NotifyError);
    assert.equal(error.code, 'EAUTH');
    assert.equal(error.retryable, false);
  });
});

import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server that behaves as GOV.UK Notify's documented REST API does for sending
 * (https://docs.notifications.service.gov.uk/rest-api.html): POST /v2/notifications/{email,
 * sms,letter}, a JWT bearer token (HS256, signed with the API key's secret, `iss` = service id,
 * `iat` within 30 seconds), payload validation, the 201 response shape, and the error shape
 * `{ status_code, errors: [{ error, message }] }` with Notify's error types and messages.
 */
export interface NotifyTemplate {
  type: 'email' | 'sms' | 'letter';
  subject?: string;
  body: string;
}

export interface ReceivedNotification {
  type: 'email' | 'sms' | 'letter';
  payload: Record<string, unknown>;
  claims: { iss: string; iat: number };
  userAgent: string | undefined;
  id: string;
}

export interface FakeNotify {
  url: string;
  received: ReceivedNotification[];
  /** Requests allowed per 60 seconds before 429 RateLimitError (Notify's default is 3,000). */
  rateLimit: number;
  /** Answer the next request with 500 Exception. */
  failNext: boolean;
  /** Starts a fresh rate-limit window. */
  resetRateWindow(): void;
  close(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UK_POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  constructor(status: number, type: string, message: string) {
    super(message);
    this.status = status;
    this.type = type;
  }
}

const base64url = (buffer: Buffer) => buffer.toString('base64url');

/** Checks the bearer token as Notify does; returns its claims. */
function authenticate(header: string | undefined, serviceId: string, secret: string) {
  if (!header?.startsWith('Bearer '))
    throw new ApiError(401, 'AuthError', 'Unauthorized: authentication token must be provided');
  const token = header.slice('Bearer '.length);
  const parts = token.split('.');
  if (parts.length !== 3) throw new ApiError(403, 'AuthError', 'Invalid token: signature');
  const [encodedHeader, encodedPayload, signature] = parts as [string, string, string];
  let jwtHeader: { alg?: string; typ?: string };
  let claims: { iss?: unknown; iat?: unknown };
  try {
    jwtHeader = JSON.parse(
      Buffer.from(encodedHeader, 'base64url').toString('utf8'),
    ) as typeof jwtHeader;
    claims = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    throw new ApiError(403, 'AuthError', 'Invalid token: signature');
  }
  if (jwtHeader.alg !== 'HS256')
    throw new ApiError(403, 'AuthError', 'Invalid token: algorithm used is not HS256');
  if (typeof claims.iss !== 'string')
    throw new ApiError(403, 'AuthError', 'Invalid token: iss field not provided');
  if (claims.iss !== serviceId)
    throw new ApiError(403, 'AuthError', 'Invalid token: service not found');
  const expected = base64url(
    crypto.createHmac('sha256', secret).update(`${encodedHeader}.${encodedPayload}`).digest(),
  );
  if (
    expected.length !== signature.length ||
    !crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature))
  )
    throw new ApiError(403, 'AuthError', 'Invalid token: API key not found');
  if (typeof claims.iat !== 'number')
    throw new ApiError(403, 'AuthError', 'Invalid token: iat field not provided');
  if (Math.abs(Date.now() / 1000 - claims.iat) > 30)
    throw new ApiError(
      403,
      'AuthError',
      'Error: Your system clock must be accurate to within 30 seconds',
    );
  return { iss: claims.iss, iat: claims.iat };
}

function placeholders(text: string | undefined) {
  return [...(text ?? '').matchAll(/\(\(([^)]+)\)\)/g)].map((m) => m[1]!);
}

function validatePhoneNumber(raw: string) {
  const number = raw.replace(/[\s()-]/g, '');
  if (!/^\+?\d+$/.test(number))
    throw new ApiError(
      400,
      'ValidationError',
      'phone_number Mobile numbers can only include: 0 1 2 3 4 5 6 7 8 9 ( ) + -',
    );
  const national = number.replace(/^(\+44|0044|44|0)/, '');
  if (!national.startsWith('7'))
    throw new ApiError(400, 'ValidationError', 'phone_number Not a UK mobile number');
  if (national.length < 10)
    throw new ApiError(400, 'ValidationError', 'phone_number Not enough digits');
  if (national.length > 10)
    throw new ApiError(400, 'ValidationError', 'phone_number Too many digits');
}

function validate(
  type: ReceivedNotification['type'],
  payload: Record<string, unknown>,
  templates: Record<string, NotifyTemplate>,
) {
  const templateId = payload.template_id;
  if (templateId === undefined)
    throw new ApiError(400, 'ValidationError', 'template_id is a required property');
  if (typeof templateId !== 'string' || !UUID.test(templateId))
    throw new ApiError(400, 'ValidationError', 'template_id is not a valid UUID');
  const personalisation = payload.personalisation ?? {};
  if (
    typeof personalisation !== 'object' ||
    personalisation === null ||
    Array.isArray(personalisation)
  )
    throw new ApiError(
      400,
      'ValidationError',
      `personalisation ${JSON.stringify(personalisation)} is not of type object`,
    );
  if (
    payload.reference !== undefined &&
    payload.reference !== null &&
    typeof payload.reference !== 'string'
  )
    throw new ApiError(400, 'ValidationError', 'reference is not of type string');
  const values = personalisation as Record<string, unknown>;
  if (type === 'email') {
    if (typeof payload.email_address !== 'string')
      throw new ApiError(400, 'ValidationError', 'email_address is a required property');
    if (!EMAIL.test(payload.email_address))
      throw new ApiError(400, 'ValidationError', 'email_address Not a valid email address');
  }
  if (type === 'sms') {
    if (typeof payload.phone_number !== 'string')
      throw new ApiError(400, 'ValidationError', 'phone_number is a required property');
    validatePhoneNumber(payload.phone_number);
  }
  if (type === 'letter') {
    if (!values.address_line_1)
      throw new ApiError(
        400,
        'ValidationError',
        'personalisation address_line_1 is a required property',
      );
    const lines = [1, 2, 3, 4, 5, 6, 7]
      .map((n) => values[`address_line_${n.toString()}`])
      .filter((line): line is string => typeof line === 'string' && line.trim() !== '');
    if (lines.length < 3)
      throw new ApiError(400, 'ValidationError', 'Address must be at least 3 lines');
    if (!UK_POSTCODE.test(lines.at(-1)!.trim()))
      throw new ApiError(
        400,
        'ValidationError',
        'Last line of address must be a real UK postcode or another country',
      );
  }
  const template = templates[templateId];
  if (!template) throw new ApiError(400, 'BadRequestError', 'Template not found');
  if (template.type !== type)
    throw new ApiError(
      400,
      'BadRequestError',
      `${template.type} template is not suitable for ${type} notification`,
    );
  const missing = [...placeholders(template.subject), ...placeholders(template.body)].filter(
    (name) => values[name] === undefined,
  );
  if (missing.length)
    throw new ApiError(400, 'BadRequestError', `Missing personalisation: ${missing.join(', ')}`);
  const fill = (text: string) =>
    text.replace(/\(\(([^)]+)\)\)/g, (_, name: string) => String(values[name]));
  return {
    template,
    templateId,
    subject: template.subject ? fill(template.subject) : undefined,
    body: fill(template.body),
  };
}

export async function startFakeNotify(options: {
  apiKey: string;
  templates: Record<string, NotifyTemplate>;
}): Promise<FakeNotify> {
  const serviceId = options.apiKey.slice(-73, -37);
  const secret = options.apiKey.slice(-36);
  let windowStart = Date.now();
  let inWindow = 0;
  const fake: FakeNotify = {
    url: '',
    received: [],
    rateLimit: 3_000,
    failNext: false,
    resetRateWindow: () => {
      windowStart = Date.now();
      inWindow = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const send = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      try {
        const match = /^\/v2\/notifications\/(email|sms|letter)$/.exec(request.url ?? '');
        if (request.method !== 'POST' || !match)
          throw new ApiError(404, 'NotFound', 'The requested URL was not found on the server.');
        const type = match[1] as ReceivedNotification['type'];
        const claims = authenticate(request.headers.authorization, serviceId, secret);
        if (Date.now() - windowStart >= 60_000) {
          windowStart = Date.now();
          inWindow = 0;
        }
        inWindow += 1;
        if (inWindow > fake.rateLimit)
          throw new ApiError(
            429,
            'RateLimitError',
            `Exceeded rate limit for key type TEAM of ${fake.rateLimit.toString()} requests per 60 seconds`,
          );
        if (fake.failNext) {
          fake.failNext = false;
          throw new ApiError(500, 'Exception', 'Internal server error');
        }
        let payload: Record<string, unknown>;
        try {
          payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        } catch {
          throw new ApiError(400, 'BadRequestError', 'Invalid JSON supplied in POST data');
        }
        const { templateId, subject, body } = validate(type, payload, options.templates);
        const id = crypto.randomUUID();
        fake.received.push({ type, payload, claims, userAgent: request.headers['user-agent'], id });
        const reference = (payload.reference as string | undefined) ?? null;
        const template = {
          id: templateId,
          version: 1,
          uri: `${fake.url}/v2/template/${templateId}`,
        };
        const uri = `${fake.url}/v2/notifications/${id}`;
        if (type === 'email')
          send(201, {
            id,
            reference,
            content: { subject, body, from_email: 'cyd@notifications.service.gov.uk' },
            uri,
            template,
          });
        else if (type === 'sms')
          send(201, { id, reference, content: { body, from_number: 'Cyd' }, uri, template });
        else
          send(201, {
            id,
            reference,
            content: { subject, body },
            uri,
            template,
            scheduled_for: null,
          });
      } catch (error) {
        if (error instanceof ApiError)
          send(error.status, {
            status_code: error.status,
            errors: [{ error: error.type, message: error.message }],
          });
        else
          send(500, {
            status_code: 500,
            errors: [{ error: 'Exception', message: 'Internal server error' }],
          });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port.toString()}`;
  return fake;
}

/** A bearer token signed as Notify's clients sign theirs (for checking the fake itself). */
export function notifyToken(apiKey: string, iat = Math.floor(Date.now() / 1000)) {
  const header = base64url(Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'HS256' })));
  const payload = base64url(Buffer.from(JSON.stringify({ iss: apiKey.slice(-73, -37), iat })));
  const signature = base64url(
    crypto.createHmac('sha256', apiKey.slice(-36)).update(`${header}.${payload}`).digest(),
  );
  return `${header}.${payload}.${signature}`;
}

/** A text a person sent to the service's number, as Notify's received-text callback gives it. */
export interface ReceivedTextMessage {
  /** The sender's number as Notify gives it, e.g. 447700900111. */
  from: string;
  message: string;
  /** The service's inbound number. */
  to?: string;
  at?: Date;
}

/** The JSON body Notify posts to a received-text callback (its documented fields). */
export function receivedTextPayload(text: ReceivedTextMessage) {
  return {
    id: crypto.randomUUID(),
    source_number: text.from,
    destination_number: text.to ?? '07700900000',
    message: text.message,
    date_received: (text.at ?? new Date()).toISOString(),
  };
}

/**
 * Posts a received text to a service's callback as Notify does: JSON, with the bearer token
 * set for the callback. Returns the status and body the service answered with.
 */
export async function postReceivedText(
  callbackUrl: string,
  bearerToken: string,
  text: ReceivedTextMessage,
) {
  const response = await fetch(callbackUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearerToken}` },
    body: JSON.stringify(receivedTextPayload(text)),
  });
  return { status: response.status, body: await response.text() };
}

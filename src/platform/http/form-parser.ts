/**
 * Parses application/x-www-form-urlencoded bodies and query strings strictly: invalid
 * percent-encoding, invalid UTF-8 or a NUL character (which no text column can hold) is a client
 * error (400), never silently replaced. Repeated names become arrays (checkboxes).
 */
export class MalformedInputError extends Error {
  statusCode = 400;
  code = 'CYD_MALFORMED_INPUT';
}

export type FormBody = Record<string, string | string[]>;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseForm(raw: string | Buffer, limits = { fields: 500 }): FormBody {
  let text: string;
  try {
    text = typeof raw === 'string' ? raw : utf8.decode(raw);
  } catch {
    throw new MalformedInputError('Body is not valid UTF-8');
  }
  const result: FormBody = Object.create(null) as FormBody;
  if (text === '') return result;
  const pairs = text.split('&');
  if (pairs.length > limits.fields) throw new MalformedInputError('Too many fields');
  for (const pair of pairs) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = decode(eq === -1 ? '' : pair.slice(eq + 1));
    if (name === '__proto__' || name === 'constructor') continue;
    const existing = result[name];
    if (existing === undefined) result[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else result[name] = [existing, value];
  }
  return result;
}

function decode(part: string) {
  let value: string;
  try {
    value = decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    throw new MalformedInputError('Invalid percent-encoding or UTF-8');
  }
  if (value.includes('\u0000')) throw new MalformedInputError('NUL character');
  return value;
}

/** Text from elsewhere (a file's cells, a multipart field) must not carry a NUL either. */
export function refuseNul(value: string) {
  if (value.includes('\u0000')) throw new MalformedInputError('NUL character');
  return value;
}

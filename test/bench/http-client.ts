import http from 'node:http';
import zlib from 'node:zlib';

/**
 * The page bench's HTTP client (`bench.ts`): raw GETs and form POSTs on loopback that keep the
 * compressed bytes, a cookie jar, and signing in through the real form.
 */

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes on the wire (compressed if the server compressed them). */
  wire: Buffer;
  /** The decoded body. */
  body: string;
}

/** A GET or form POST on loopback that keeps the raw (compressed) bytes; no redirects followed. */
export function request(
  url: string,
  options: { cookie?: string; form?: URLSearchParams; encoding?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const payload = options.form?.toString();
    const req = http.request(
      url,
      {
        method: payload === undefined ? 'GET' : 'POST',
        headers: {
          'accept-encoding': options.encoding ?? 'gzip',
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...(payload === undefined
            ? {}
            : {
                'content-type': 'application/x-www-form-urlencoded',
                'content-length': Buffer.byteLength(payload),
              }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const wire = Buffer.concat(chunks);
          const encoding = res.headers['content-encoding'];
          const decoded =
            encoding === 'gzip'
              ? zlib.gunzipSync(wire)
              : encoding === 'br'
                ? zlib.brotliDecompressSync(wire)
                : wire;
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            wire,
            body: decoded.toString('utf8'),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A response's size: decoded, gzipped (as served, or as it would be), and how it was served. */
export const sizes = (response: RawResponse) => ({
  bytes: Buffer.byteLength(response.body),
  gzipBytes:
    response.headers['content-encoding'] === 'gzip'
      ? response.wire.length
      : zlib.gzipSync(response.body).length,
  servedCompressed: response.headers['content-encoding'] ?? 'none',
});

/** `name=value` pairs from Set-Cookie headers, merged into a cookie jar. */
function remember(jar: Map<string, string>, response: RawResponse) {
  for (const line of response.headers['set-cookie'] ?? []) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq);
    const value = pair!.slice(eq + 1);
    if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
    else jar.set(name, value);
  }
}
const cookieHeader = (jar: Map<string, string>) =>
  [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

/** Signs in through the real form: GET /sign-in for the session and CSRF token, then POST. */
export async function signIn(
  baseUrl: string,
  account: { email: string; password: string },
  log: (message: string) => void,
): Promise<string> {
  const jar = new Map<string, string>();
  const page = await request(`${baseUrl}/sign-in`);
  if (page.status !== 200) throw new Error(`GET /sign-in answered ${page.status}`);
  remember(jar, page);
  const form = /<form[^>]*method="post"[^>]*>[\s\S]*?<\/form>/gi;
  const signInForm = [...page.body.matchAll(form)]
    .map((m) => m[0])
    .find((html) => /type="password"/.test(html));
  if (!signInForm) throw new Error('No sign-in form on /sign-in');
  const action = /action="([^"]*)"/.exec(signInForm)?.[1] ?? '/sign-in';
  const fields = new URLSearchParams();
  for (const input of signInForm.match(/<input\b[^>]*>/gi) ?? []) {
    const name = /name="([^"]+)"/.exec(input)?.[1];
    const type = /type="([^"]+)"/.exec(input)?.[1] ?? 'text';
    if (!name) continue;
    if (type === 'password') fields.set(name, account.password);
    else if (type === 'email' || /autocomplete="(username|email)"/.test(input) || name === 'email')
      fields.set(name, account.email);
    else if (type === 'hidden') fields.set(name, /value="([^"]*)"/.exec(input)?.[1] ?? '');
  }
  const response = await request(new URL(action, baseUrl).href, {
    cookie: cookieHeader(jar),
    form: fields,
  });
  remember(jar, response);
  const location = response.headers.location ?? '';
  if (response.status !== 303 && response.status !== 302) {
    throw new Error(`Signing in as ${account.email} answered ${response.status}, not a redirect`);
  }
  const landing = await request(new URL(location, baseUrl).href, { cookie: cookieHeader(jar) });
  remember(jar, landing);
  if (landing.status !== 200 || /\/sign-in/.test(location)) {
    throw new Error(`Signing in as ${account.email} led to ${location} (${landing.status})`);
  }
  log(`signed in as ${account.email} (landed on ${location})`);
  return cookieHeader(jar);
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionStore } from '../auth/sessions.ts';
import { randomToken } from '../auth/tokens.ts';

/** The query parameter that carries a flash message's one-time id to the page after a POST. */
export const FLASH_PARAM = 'done';
const PREFIX = 'flash:';
const ID = /^[A-Za-z0-9_-]{16}$/;

/** What a flash message says: a translation key and its values. */
export interface FlashMessage {
  key: string;
  values?: Record<string, unknown>;
}

type Sessions = Pick<SessionStore, 'patchData'>;

/**
 * Flash messages belong to the request that made them. A successful POST keeps its message in
 * the session under a new random id (not personal data) and redirects to a URL carrying that id
 * (`?done=<id>`); the page shows the message with that id, and only it, once. Another tab of the
 * same person, or a refused form shown again, has no id or another one, so it never shows (or
 * swallows) someone else's message.
 */
async function store(sessions: Sessions, request: FastifyRequest, value: unknown) {
  const session = await request.ensureSession();
  const id = randomToken(12);
  await sessions.patchData(session.id, { [PREFIX + id]: value });
  session.data = { ...session.data, [PREFIX + id]: value };
  return id;
}

/** `url` with the flash id added to its query (before any fragment). */
function withId(url: string, id: string) {
  const hashAt = url.indexOf('#');
  const [path, hash] = hashAt < 0 ? [url, ''] : [url.slice(0, hashAt), url.slice(hashAt)];
  return `${path}${path.includes('?') ? '&' : '?'}${FLASH_PARAM}=${id}${hash}`;
}

/** The value kept for the id in this request's URL, removed from the session (once). */
async function takeStored(sessions: Sessions, request: FastifyRequest): Promise<unknown> {
  const query = request.query as Record<string, unknown> | undefined;
  const id = query?.[FLASH_PARAM];
  const session = request.session;
  if (typeof id !== 'string' || !ID.test(id) || !session) return undefined;
  const value = session.data[PREFIX + id];
  if (value === undefined) return undefined;
  await sessions.patchData(session.id, {}, [PREFIX + id]);
  session.data = Object.fromEntries(
    Object.entries(session.data).filter(([name]) => name !== PREFIX + id),
  );
  return value;
}

/** Flash messages as translation keys: the redirect URL is built by the caller. */
export function flashMessages(sessions: Sessions) {
  return {
    /** Keeps `message` for the next page and returns `url` with its id, to redirect to. */
    async redirectUrl(request: FastifyRequest, url: string, message: FlashMessage) {
      const stored = { key: message.key, values: message.values ?? {} };
      return withId(url, await store(sessions, request, stored));
    },

    /** The message whose id is in this request's URL, translated, removed from the session. */
    async take(request: FastifyRequest): Promise<{ flash?: string }> {
      const stored = (await takeStored(sessions, request)) as Required<FlashMessage> | undefined;
      if (!stored || typeof stored.key !== 'string') return {};
      return { flash: request.t(stored.key, stored.values) };
    },
  };
}

export type FlashMessages = ReturnType<typeof flashMessages>;

/** Values kept by requests for the page they redirect to (`keepFlash`), until the response. */
const kept = new WeakMap<FastifyRequest, unknown>();

/**
 * Keeps a value (a message, or what a feature's banner needs) for the page this request
 * redirects to: the redirect's address gets the value's id when the response is sent
 * (`flashOnRedirect`), so only that page, in that tab, shows it.
 */
export function keepFlash(request: FastifyRequest, value: unknown) {
  kept.set(request, value);
}

/** The value the request that redirected here kept for this page (`keepFlash`), once. */
export async function takeFlash<T>(sessions: Sessions, request: FastifyRequest) {
  return (await takeStored(sessions, request)) as T | undefined;
}

/** onSend hook: a redirect from a request that kept a flash value carries the value's id. */
export function flashOnRedirect(sessions: Sessions) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (!kept.has(request)) return payload;
    const value = kept.get(request);
    kept.delete(request);
    const location = reply.getHeader('location');
    if (reply.statusCode < 300 || reply.statusCode >= 400 || typeof location !== 'string')
      return payload;
    reply.header('location', withId(location, await store(sessions, request, value)));
    return payload;
  };
}

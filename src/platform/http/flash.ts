import type { FastifyRequest } from 'fastify';
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
 * Flash messages that belong to the request that made them. A successful POST keeps its message
 * in the session under a new random id (not personal data) and redirects to a URL carrying that
 * id (`?done=<id>`); the page shows the message with that id, and only it, once. Another tab of the
 * same person, or a refused form shown again, has no id or another one, so it never shows (or
 * swallows) someone else's message.
 */
export function flashMessages(sessions: Sessions) {
  return {
    /** Keeps `message` for the next page and returns `url` with its id, to redirect to. */
    async redirectUrl(request: FastifyRequest, url: string, message: FlashMessage) {
      const session = await request.ensureSession();
      const id = randomToken(12);
      const stored = { key: message.key, values: message.values ?? {} };
      await sessions.patchData(session.id, { [PREFIX + id]: stored });
      session.data = { ...session.data, [PREFIX + id]: stored };
      const hashAt = url.indexOf('#');
      const [path, hash] = hashAt < 0 ? [url, ''] : [url.slice(0, hashAt), url.slice(hashAt)];
      return `${path}${path.includes('?') ? '&' : '?'}${FLASH_PARAM}=${id}${hash}`;
    },

    /** The message whose id is in this request's URL, translated, removed from the session. */
    async take(request: FastifyRequest): Promise<{ flash?: string }> {
      const query = request.query as Record<string, unknown> | undefined;
      const id = query?.[FLASH_PARAM];
      const session = request.session;
      if (typeof id !== 'string' || !ID.test(id) || !session) return {};
      const stored = session.data[PREFIX + id] as Required<FlashMessage> | undefined;
      if (!stored || typeof stored.key !== 'string') return {};
      await sessions.patchData(session.id, {}, [PREFIX + id]);
      session.data = Object.fromEntries(
        Object.entries(session.data).filter(([name]) => name !== PREFIX + id),
      );
      return { flash: request.t(stored.key, stored.values) };
    },
  };
}

export type FlashMessages = ReturnType<typeof flashMessages>;

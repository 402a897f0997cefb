import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionStore } from '#platform/auth/sessions.ts';
import { keepFlash, takeFlash } from '#platform/http/flash.ts';
import { rotateSession } from '#platform/http/session-cookie.ts';
import { CODE_LIFETIME_MS } from './service.ts';

/** The code a person asked for, kept in the session until it is entered or runs out. */
export interface PendingCode {
  id: string | null;
  channel: 'sms' | 'email';
  since: number;
}

/** What the portal keeps in the session: who is signed in, a pending code, one-off messages. */
export function portalSession(sessions: SessionStore) {
  return {
    /** A new session (new id, new CSRF token) at every change of who is signed in. */
    rotate: (
      request: FastifyRequest,
      reply: FastifyReply,
      fields: { personId?: string; data?: Record<string, unknown> } = {},
    ) => rotateSession(request, reply, sessions, fields),

    /** A one-off message for the page this request redirects to (in that tab only). */
    setFlash(request: FastifyRequest, key: string) {
      keepFlash(request, key);
    },

    async takeFlash(request: FastifyRequest) {
      const key = await takeFlash<string>(sessions, request);
      return typeof key === 'string' ? { flash: request.t(key) } : {};
    },

    pendingCode(request: FastifyRequest) {
      const pending = request.session?.data.portalCode as PendingCode | undefined;
      if (!pending || Date.now() - pending.since > CODE_LIFETIME_MS) return null;
      return pending;
    },
  };
}

export type PortalSession = ReturnType<typeof portalSession>;

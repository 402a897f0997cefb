import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE, type Session, type SessionStore } from '../auth/sessions.ts';

/** `__Host-` cookie: Secure, HttpOnly, path /, no Domain; ends with the browser session. */
export function setSessionCookie(reply: FastifyReply, session: Session) {
  reply.setCookie(SESSION_COOKIE, session.id, {
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'lax',
  });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/', secure: true, httpOnly: true, sameSite: 'lax' });
}

/**
 * Ends the visitor's current session and starts a new one (new id, new CSRF token, new
 * cookie): at every change of who is signed in, so a session id planted before sign-in is
 * worth nothing after it.
 */
export async function rotateSession(
  request: FastifyRequest,
  reply: FastifyReply,
  sessions: SessionStore,
  fields: Parameters<SessionStore['create']>[0] = {},
): Promise<Session> {
  if (request.session) await sessions.destroy(request.session.id);
  const session = await sessions.create(fields);
  setSessionCookie(reply, session);
  request.session = session;
  return session;
}

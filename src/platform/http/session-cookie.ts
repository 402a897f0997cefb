import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE, type Session } from '../auth/sessions.ts';

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

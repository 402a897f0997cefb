import type { FastifyRequest } from 'fastify';
import type { SessionStore } from '#platform/auth/sessions.ts';
import { keepFlash, takeFlash as takeKept } from '#platform/http/flash.ts';

/** Helpers the accounts routes share: sessions at sign-in, flash messages, form fields. */

export { rotateSession } from '#platform/http/session-cookie.ts';

export interface Flash {
  /** A translation key. */
  key: string;
  kind: 'success' | 'important';
}

/** Keeps a one-off message for the page this request redirects to (only that page, that tab). */
export const setFlash = (request: FastifyRequest, key: string, kind: Flash['kind'] = 'success') => {
  keepFlash(request, { key, kind } satisfies Flash);
};

/** The flash message for this page, removed from the session so it shows once. */
export async function takeFlash(request: FastifyRequest, sessions: SessionStore) {
  const flash = await takeKept<Flash>(sessions, request);
  if (!flash) return {};
  const text = request.t(flash.key);
  return flash.kind === 'success' ? { flash: text } : { notice: text };
}

/** Saves changed session data (drafts, flags). */
export async function updateSessionData(
  request: FastifyRequest,
  sessions: SessionStore,
  change: (data: Record<string, unknown>) => Record<string, unknown>,
) {
  const session = await request.ensureSession();
  session.data = change({ ...session.data });
  await sessions.saveData(session.id, session.data);
}

/** A form field as one string ('' when absent or repeated). */
export const field = (form: Record<string, string | string[]>, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value : '';
};

/** Tokens in links are base64url; anything else is not worth a database look-up. */
export const looksLikeToken = (token: string) => /^[\w-]{20,100}$/.test(token);

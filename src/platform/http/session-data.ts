import type { FastifyRequest } from 'fastify';
import type { SessionStore } from '../auth/sessions.ts';

type Sessions = Pick<SessionStore, 'saveData'>;

/**
 * Merges `patch` into the request's server-side session data and saves it: drafts of multi-page
 * forms, flash messages. A key set to `undefined` is removed.
 */
export async function saveSessionData(
  sessions: Sessions,
  request: FastifyRequest,
  patch: Record<string, unknown>,
) {
  const session = await request.ensureSession();
  const data = Object.fromEntries(
    Object.entries({ ...session.data, ...patch }).filter(([, value]) => value !== undefined),
  );
  session.data = data;
  await sessions.saveData(session.id, data);
}

/** A one-off value (a flash message for this page): read once, then removed from the session. */
export async function takeSessionValue<T>(
  sessions: Sessions,
  request: FastifyRequest,
  key: string,
): Promise<T | undefined> {
  const value = request.session?.data[key] as T | undefined;
  if (value === undefined) return undefined;
  await saveSessionData(sessions, request, { [key]: undefined });
  return value;
}

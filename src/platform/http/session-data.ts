import type { FastifyRequest } from 'fastify';
import type { SessionStore } from '../auth/sessions.ts';

type Sessions = Pick<SessionStore, 'saveData'>;

/**
 * Merges `patch` into the request's server-side session data and saves it: drafts of multi-page
 * forms (flash messages belong to one request: ./flash.ts). A key set to `undefined` is removed.
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

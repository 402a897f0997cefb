import type { SessionStore } from '../auth/sessions.ts';
import type { Jobs } from './types.ts';

/** The platform's own background jobs. Features register theirs beside their code. */
export function registerPlatformJobs(jobs: Jobs, services: { sessions: SessionStore }) {
  // Expired sessions are refused when loaded; this keeps the table small.
  jobs.register('sessions.cleanup', async () => {
    await services.sessions.deleteExpired();
  });
  jobs.schedule('sessions.cleanup', '*/15 * * * *');
}

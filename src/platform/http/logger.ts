import pino from 'pino';
import { safeError } from './safe-error.ts';

/**
 * A logger for work outside a request (jobs, dispatch, imports), with the app's error
 * serializers: errors are logged without the data involved, never personal data.
 */
export function createLogger(component: string, level = 'info') {
  return pino({
    level,
    base: { component },
    serializers: {
      err: (error: unknown) => ({ ...safeError(error) }),
      error: (error: unknown) => ({ ...safeError(error) }),
    },
  });
}

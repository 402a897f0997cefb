/** Errors a handler throws to get a clear, translated page with the right status. */
export class HttpError extends Error {
  readonly statusCode: 400 | 403 | 404 | 409 | 413 | 429 | 503;
  constructor(statusCode: HttpError['statusCode'], message = 'HTTP error') {
    super(message);
    this.statusCode = statusCode;
  }
}

export const notFound = () => new HttpError(404, 'Not found');
export const forbidden = () => new HttpError(403, 'Forbidden');
export const badRequest = (message = 'Bad request') => new HttpError(400, message);

const DATABASE_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08001',
  '08003',
  '08006',
  '53100', // disk_full: nothing was written; try again once there is room
]);

/** Did this error come from the database being unreachable (rather than a bug)? */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && DATABASE_DOWN_CODES.has(code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Cannot use a pool after calling end|driver has already been destroyed/i.test(
    error.message,
  );
}

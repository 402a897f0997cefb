/**
 * Per-IP rate limits of the accounts routes (@fastify/rate-limit route config; a refused
 * request gets the 429 page). They sit alongside the per-account lockout: the lockout stops
 * guessing one account's password, these stop one address trying many accounts or codes.
 * Generous enough for an office of staff behind one address signing in at nine o'clock.
 */
export const rateLimits = {
  signIn: { max: 20, timeWindow: '1 minute' },
  mfaCode: { max: 10, timeWindow: '1 minute' },
  passwordResetRequest: { max: 5, timeWindow: '15 minutes' },
  /** Setting a password from an invitation or reset link. */
  linkForm: { max: 20, timeWindow: '15 minutes' },
  /** Forms that check the signed-in person's current password. */
  currentPassword: { max: 10, timeWindow: '15 minutes' },
} as const;

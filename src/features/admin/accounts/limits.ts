/**
 * Per-IP rate limits of the accounts routes (@fastify/rate-limit route config; a refused
 * request gets the 429 page). They sit alongside the sign-in throttle below: the throttle stops
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

/**
 * The staff sign-in throttle (sign_in_throttles). Failures count against the e-mail address
 * typed, whether or not it has an account, so the answers cannot tell the two apart, and nothing
 * locks the account itself: someone who knows a colleague's address can slow down guesses from
 * their own network address, not stop the colleague signing in from theirs.
 */
export const signInThrottle = {
  /** One e-mail address from one client address: free tries, then pauses that double. */
  pair: {
    freeFailures: 5,
    firstPauseMinutes: 1,
    maxPauseMinutes: 15,
    /** Failures are forgotten after a day without any. */
    forgetAfterHours: 24,
  },
  /**
   * One e-mail address from every client address together (guesses spread over many machines):
   * this many failures within the window pause it, except from client addresses where the right
   * password (and code) was given before, or where a reset link was used.
   */
  email: { maxFailures: 20, windowMinutes: 15, pauseMinutes: 15 },
  /** How long a client address stays trusted for an account after signing in from it. */
  trustDays: 90,
} as const;

/** Why a message could not be sent, in terms a caller (or the job queue) can act on. */
export interface NotifyErrorDetails {
  provider: 'outbox' | 'smtp' | 'notify';
  /**
   * GOV.UK Notify's error type (BadRequestError, ValidationError, AuthError, RateLimitError,
   * TooManyRequestsError, Exception), an SMTP client code (EAUTH, ECONNECTION, ...), or one of
   * ours: not_configured, invalid_address, network, timeout.
   */
  code: string;
  /** The HTTP status, or the SMTP reply code, when the provider answered. */
  status?: number | undefined;
  /** Try again later? 429 and 5xx, network trouble and SMTP 4xx replies: yes. 400, 403: no. */
  retryable: boolean;
  /** How long to wait before trying again, when the provider says. */
  retryAfterMs?: number | undefined;
  /** The provider's explanation: never the recipient's address (callers may log it). */
  message: string;
}

export class NotifyError extends Error {
  override readonly name = 'NotifyError';
  readonly provider: NotifyErrorDetails['provider'];
  readonly code: string;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(details: NotifyErrorDetails) {
    super(details.message);
    this.provider = details.provider;
    this.code = details.code;
    this.status = details.status;
    this.retryable = details.retryable;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** Removes e-mail addresses and long digit runs (phone numbers) from a provider's message. */
export function withoutPersonalData(text: string) {
  return text
    .replace(/[^\s<>"'@]+@[^\s<>"'@]+/g, '[address]')
    .replace(/\+?\d[\d ()-]{6,}\d/g, '[number]');
}

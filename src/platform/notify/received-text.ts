import { safeEqual } from '#platform/auth/tokens.ts';

/**
 * GOV.UK Notify's received-text callback: Notify posts JSON with these fields and the bearer
 * token set for the callback. Nothing here is logged: the number and message are personal data.
 */
export interface ReceivedText {
  id: string;
  sourceNumber: string;
  destinationNumber: string;
  message: string;
  dateReceived: Date;
}

/** Whether the request carries the configured bearer token (constant-time; no token, no entry). */
export function notifyCallbackAuthorised(header: string | undefined, expected: string): boolean {
  if (!expected || !header?.startsWith('Bearer ')) return false;
  return safeEqual(header.slice('Bearer '.length), expected);
}

const text = (value: unknown, max: number) =>
  typeof value === 'string' && value.length > 0 && value.length <= max ? value : null;

/** The callback's body, or null when it is not the shape Notify sends. */
export function parseReceivedText(body: unknown): ReceivedText | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  const id = text(record.id, 100);
  const sourceNumber = text(record.source_number, 30);
  const destinationNumber = text(record.destination_number, 30);
  const message =
    typeof record.message === 'string' && record.message.length <= 2000 ? record.message : null;
  const received = text(record.date_received, 40);
  const dateReceived = received ? new Date(received) : null;
  if (!id || !sourceNumber || !destinationNumber || message === null || !dateReceived) return null;
  if (Number.isNaN(dateReceived.getTime())) return null;
  return { id, sourceNumber, destinationNumber, message, dateReceived };
}

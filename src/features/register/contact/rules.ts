import type { PersonChannel, PersonStatus } from '../tables.ts';

/**
 * The safe-contact rules as pure functions (no database): which channel a message may use and
 * when. contact.ts applies them when a message is queued and again when it is sent.
 */

export type ContactPurpose = 'contact' | 'record';

/** Why a message was not queued. Codes only: never personal data (they are stored and logged). */
export type BlockReason =
  | 'erased'
  | 'status_paused'
  | 'status_moved_on'
  | 'no_consent'
  | 'no_channel'
  /** Phone or in person: a named worker must do it (a task, not an automatic message). */
  | 'needs_person';

/** The consent a purpose relies on: contact about opportunities needs `contact`; messages about
 * the person's own record (sign-in codes, confirmations) need them still to be on the register. */
export const consentFor = { contact: 'contact', record: 'register' } as const;

/** Channels Cyd can send itself; phone and in person need a member of staff. */
export const automaticChannels = ['sms', 'email', 'letter'] as const;
export type AutomaticChannel = (typeof automaticChannels)[number];
export const isAutomatic = (channel: PersonChannel): channel is AutomaticChannel =>
  (automaticChannels as readonly string[]).includes(channel);

/**
 * Quiet hours ("do not contact between") apply to channels that can reach the person's phone at
 * once — text messages, calls and e-mail. A letter is not delivered at a time of our choosing,
 * so it is never held back by them.
 */
export const timeBound = (channel: PersonChannel) => channel !== 'letter';

export interface ContactProfile {
  status: PersonStatus;
  erased: boolean;
  /** Channels in the person's order of preference. */
  channels: readonly string[];
  /** Which channels the person has the details for (a UK mobile for SMS, an e-mail address...). */
  reachable: ReadonlySet<PersonChannel>;
  quietFrom: string | null;
  quietTo: string | null;
  hasConsent: boolean;
}

export type Decision =
  | { status: 'queued'; channel: AutomaticChannel; notBefore: Date }
  | { status: 'blocked'; reason: BlockReason; channel: PersonChannel | null };

const TIME_ZONE = 'Europe/London';

/** "HH:MM" or "HH:MM:SS" → minutes after midnight. */
export function minutesOf(time: string) {
  const [h = '0', m = '0'] = time.split(':');
  return Number(h) * 60 + Number(m);
}

const londonFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The wall-clock time in the UK at a moment. */
export function londonParts(at: Date) {
  const parts = Object.fromEntries(
    londonFormat.formatToParts(at).map((p) => [p.type, Number(p.value)]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
  return parts;
}

/** The moment a UK wall-clock time happens (the later one in the autumn's repeated hour). */
export function fromLondon(year: number, month: number, day: number, minutes: number) {
  const guess = Date.UTC(year, month - 1, day, 0, minutes);
  // The UK is UTC+0 or UTC+1: try both offsets and keep the one that reads back correctly.
  for (const offsetHours of [0, 1]) {
    const candidate = new Date(guess - offsetHours * 3_600_000);
    const p = londonParts(candidate);
    if (p.day === day && p.hour * 60 + p.minute === minutes % 1440) return candidate;
  }
  // A time skipped by the spring change (01:00-02:00): the first moment after it.
  return new Date(guess);
}

/** Is this moment inside the person's quiet hours? (They may wrap midnight: 21:00 to 08:00.) */
export function inQuietHours(at: Date, from: string | null, to: string | null) {
  if (!from || !to) return false;
  const start = minutesOf(from);
  const end = minutesOf(to);
  if (start === end) return false;
  const p = londonParts(at);
  const now = p.hour * 60 + p.minute;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** The first moment at or after `at` outside the quiet hours. */
export function endOfQuietHours(at: Date, from: string | null, to: string | null) {
  if (!from || !to || !inQuietHours(at, from, to)) return at;
  const end = minutesOf(to);
  const p = londonParts(at);
  const now = p.hour * 60 + p.minute;
  // The quiet time ends today if its end is still to come, otherwise tomorrow.
  const addDay = now >= end ? 1 : 0;
  const day = new Date(Date.UTC(p.year, p.month - 1, p.day + addDay));
  return fromLondon(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), end);
}

/**
 * The rules, in order: the person exists and is not erased; a paused or moved-on person gets only
 * messages about their own record; live consent for the purpose; then the first channel in their
 * order that has the details it needs. At a forbidden time (quiet hours) a time-bound channel is
 * passed over for the next allowed one; if none is allowed now, the message waits on the first
 * usable channel until the quiet hours end. Phone and in person become a task for a named worker.
 * `only` limits the choice to one channel (a sign-in code goes where the person asked for it);
 * `immediate` means the person is waiting for it right now, so quiet hours do not apply.
 */
export function decide(
  profile: ContactProfile,
  purpose: ContactPurpose,
  at: Date,
  options: { only?: AutomaticChannel | undefined; immediate?: boolean | undefined } = {},
): Decision {
  if (profile.erased) return { status: 'blocked', reason: 'erased', channel: null };
  if (purpose !== 'record' && profile.status !== 'active')
    return {
      status: 'blocked',
      reason: profile.status === 'paused' ? 'status_paused' : 'status_moved_on',
      channel: null,
    };
  if (!profile.hasConsent) return { status: 'blocked', reason: 'no_consent', channel: null };

  const order = (options.only ? [options.only] : profile.channels).filter((c): c is PersonChannel =>
    profile.reachable.has(c as PersonChannel),
  );
  if (order.length === 0) return { status: 'blocked', reason: 'no_channel', channel: null };
  const quiet = !options.immediate && inQuietHours(at, profile.quietFrom, profile.quietTo);
  const allowedNow = order.find((c) => !quiet || !timeBound(c));
  const channel = allowedNow ?? order[0]!;
  if (!isAutomatic(channel)) return { status: 'blocked', reason: 'needs_person', channel };
  return {
    status: 'queued',
    channel,
    notBefore: allowedNow ? at : endOfQuietHours(at, profile.quietFrom, profile.quietTo),
  };
}

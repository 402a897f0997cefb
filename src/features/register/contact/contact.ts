import { sql, type Transaction } from 'kysely';
import { isUkMobile, reveal, type ProtectedColumn } from '../people/protected-fields.ts';
import type { KeyRing } from '#platform/crypto/encryption.ts';
import type { Database } from '#platform/db/database.ts';
import type { DB } from '#platform/db/schema.ts';
import type { PersonChannel, PersonStatus } from '../tables.ts';
import type { I18n, Language } from '#platform/i18n/i18n.ts';
import type { Jobs, JobsLogger } from '#platform/jobs/types.ts';
import type { Notifier } from '#platform/notify/notifier.ts';
import {
  consentFor,
  decide,
  type AutomaticChannel,
  type BlockReason,
  type ContactProfile,
  type ContactPurpose,
} from './rules.ts';
import { createLogger } from '#platform/http/logger.ts';
import { dispatchDueMessages } from './dispatch.ts';

export { dispatchDueMessages, type DispatchSummary } from './dispatch.ts';

/**
 * THE safe-contact function. Every message Cyd sends to a person on the register goes through
 * contactPerson(): it applies the person's status, consent and safe-contact rules (rules.ts),
 * queues the message in person_messages inside the caller's transaction, and the
 * `contact.dispatch` job sends it later, checking status and consent again at send time.
 * See docs/contact.md.
 */

export interface ContactDependencies {
  db: Database;
  config: { encryptionKey: KeyRing };
  i18n: I18n;
  notifier: Notifier;
  /** When given, a dispatch job is queued for the message's time (in the caller's transaction). */
  jobs?: Jobs | undefined;
  logger?: JobsLogger | undefined;
}

export interface ContactRequest {
  personId: string;
  organisationId: string | null;
  /** A template in locales/<lang>/notify.json. Variants `.easyRead` (for people who asked for
   * easy read) and `.plainEnvelope` (letters to people who asked for a plain envelope) are used
   * when they exist. Every template must have a `.discreet` form: texts and e-mails use it
   * unless the person chose fuller messages (see discreetTemplate). */
  template: string;
  personalisation?: Record<string, string>;
  /** 'contact' (opportunities, invitations: needs consent to contact) or 'record' (about their
   * own record: needs them still to be on the register, allowed while paused). */
  purpose?: ContactPurpose;
  /** Not before this time (default now). */
  notBefore?: Date;
  /** Only this channel (a sign-in code goes to the number or address the person typed). */
  channel?: AutomaticChannel;
  /** The person is waiting for it now (they asked for it): quiet hours do not apply. */
  immediate?: boolean;
  /** The personalisation is a secret (a code): it is cleared once the message has gone. */
  sensitive?: boolean;
}

export type ContactResult =
  | { status: 'queued'; messageId: string; channel: AutomaticChannel; notBefore: Date }
  | {
      status: 'blocked';
      messageId: string | null;
      reason: BlockReason;
      channel: PersonChannel | null;
    };

/** Tries before a message that keeps failing for a passing reason is marked failed. */
export const MAX_ATTEMPTS = 5;
/** A claimed message is someone else's for this long (the sender crashed: it is tried again). */
export const LEASE_MS = 10 * 60_000;
/** Messages sent at once: enough to use GOV.UK Notify's 3,000 a minute (its adapter paces them). */
export const SEND_CONCURRENCY = 20;
export const BATCH = 500;

type Executor = Database | Transaction<DB>;

export interface ProfileRow {
  id: string;
  status: PersonStatus;
  erased_at: Date | null;
  channels: string[];
  phone: string | null;
  email: string | null;
  address: string | null;
  named_worker_account_id: string | null;
  quiet_from: string | null;
  quiet_to: string | null;
  preferred_language: Language;
  formats: string[];
  plain_envelope: boolean;
  has_consent: boolean;
}

/** What the safe-contact decision reads of a person (`people as p`). */
export const profileColumns = [
  'p.id',
  'p.status',
  'p.erased_at',
  'p.channels',
  'p.phone',
  'p.email',
  'p.address',
  'p.named_worker_account_id',
  'p.quiet_from',
  'p.quiet_to',
  'p.preferred_language',
  'p.formats',
  'p.plain_envelope',
  'p.fuller_messages',
] as const;

/** The person's contact profile and whether the purpose's consent is live: one query. */
export function profileQuery(executor: Executor, purpose: ContactPurpose) {
  return executor.selectFrom('people as p').select([
    ...profileColumns,
    sql<boolean>`exists (select 1 from consents c where c.person_id = p.id
        and c.purpose = ${consentFor[purpose]} and c.withdrawn_at is null)`.as('has_consent'),
  ]);
}

/** The person's own details, decrypted. Never a supporter's or family member's (no_contact_via_family
 * is therefore always kept: Cyd has no way to reach a person through someone else). */
export function detailsOf(
  keys: KeyRing,
  row: Pick<ProfileRow, 'id' | 'phone' | 'email' | 'address'>,
) {
  const open = (column: ProtectedColumn, value: string | null) =>
    reveal(keys, column, row.id, value);
  return {
    phone: open('phone', row.phone),
    email: open('email', row.email),
    address: addressLines(open('address', row.address)),
  };
}

/** A postal address as letter lines: the register keeps `{ lines, postcode }` as JSON. */
export function addressLines(stored: string | null) {
  if (!stored) return null;
  try {
    const parsed = JSON.parse(stored) as { lines?: unknown; postcode?: unknown };
    if (typeof parsed.lines === 'string')
      return [parsed.lines, typeof parsed.postcode === 'string' ? parsed.postcode : '']
        .join('\n')
        .trim();
  } catch {
    // not JSON: already lines
  }
  return stored;
}

export function profileOf(keys: KeyRing, row: ProfileRow): ContactProfile {
  const details = detailsOf(keys, row);
  const reachable = new Set<PersonChannel>();
  if (details.phone && isUkMobile(details.phone)) reachable.add('sms');
  if (details.phone) reachable.add('phone');
  if (details.email) reachable.add('email');
  if (details.address) reachable.add('letter');
  if (row.named_worker_account_id) reachable.add('in_person');
  return profileFrom(row, reachable);
}

/** The profile the rules decide on, from the person's row and the channels that can reach them. */
export const profileFrom = (row: ProfileRow, reachable: Set<PersonChannel>): ContactProfile => ({
  status: row.status,
  erased: row.erased_at !== null,
  channels: row.channels,
  reachable,
  quietFrom: row.quiet_from,
  quietTo: row.quiet_to,
  hasConsent: row.has_consent,
});

/** The template to use: an easy-read or plain-envelope variant when the person needs one and it exists. */
export function chooseTemplate(
  i18n: I18n,
  template: string,
  person: { preferred_language: Language; formats: readonly string[]; plain_envelope: boolean },
  channel: PersonChannel | null,
) {
  const exists = (name: string) =>
    i18n.instance.exists(`notify:${name}.body`, { lng: person.preferred_language });
  if (!exists(template)) throw new Error(`Unknown message template ${template}`);
  if (!exists(`${template}.discreet`))
    throw new Error(`Message template ${template} has no discreet form`);
  if (channel === 'letter' && person.plain_envelope && exists(`${template}.plainEnvelope`))
    return `${template}.plainEnvelope`;
  if (person.formats.includes('easy_read') && exists(`${template}.easyRead`))
    return `${template}.easyRead`;
  return template;
}

/**
 * The template a text or an e-mail is sent with. Either can show on a locked phone or in an inbox
 * someone else sees, so by default they use the template's `.discreet` form: no organisation or
 * service name, no name of the person, nothing about what the message is for beyond "sign in to
 * Cyd" (the detail is behind the portal link). A person who chose fuller messages
 * (people.fuller_messages) gets the template queued for them; letters are never changed here (the
 * plain-envelope choice covers them). Chosen at send time, so a change of mind counts at once.
 */
export function discreetTemplate(
  i18n: I18n,
  template: string,
  person: { preferred_language: Language; fuller_messages: boolean },
  channel: PersonChannel,
) {
  if (person.fuller_messages || (channel !== 'sms' && channel !== 'email')) return template;
  const discreet = `${template.split('.')[0] ?? template}.discreet`;
  if (!i18n.instance.exists(`notify:${discreet}.body`, { lng: person.preferred_language }))
    throw new Error(`Message template ${template} has no discreet form`);
  return discreet;
}

/**
 * Decides whether, how and when a message may reach a person, and records it in person_messages
 * (queued, or blocked with the reason) inside the caller's transaction. Throws if the person does
 * not exist. An erased person gets nothing and nothing is recorded.
 */
export async function contactPerson(
  deps: Omit<ContactDependencies, 'notifier'>,
  trx: Transaction<DB>,
  request: ContactRequest,
): Promise<ContactResult> {
  const purpose = request.purpose ?? 'contact';
  const row = await profileQuery(trx, purpose)
    .where('p.id', '=', request.personId)
    .executeTakeFirst();
  if (!row) throw new Error('contactPerson: no such person');
  const at = request.notBefore ?? new Date();
  const decision = decide(profileOf(deps.config.encryptionKey, row), purpose, at, {
    only: request.channel,
    immediate: request.immediate,
  });
  if (decision.status === 'blocked' && decision.reason === 'erased')
    return { status: 'blocked', messageId: null, reason: 'erased', channel: null };
  const template = chooseTemplate(deps.i18n, request.template, row, decision.channel);
  const inserted = await trx
    .insertInto('person_messages')
    .values({
      person_id: request.personId,
      organisation_id: request.organisationId,
      template,
      personalisation: JSON.stringify(request.personalisation ?? {}),
      purpose,
      channel: decision.channel,
      status: decision.status,
      reason: decision.status === 'blocked' ? decision.reason : null,
      not_before: decision.status === 'queued' ? decision.notBefore : at,
      sensitive: request.sensitive ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (decision.status === 'blocked')
    return {
      status: 'blocked',
      messageId: inserted.id,
      reason: decision.reason,
      channel: decision.channel,
    };
  if (deps.jobs) {
    // One dispatch per minute of sending time; the minutely sweep picks up anything later.
    const minute = new Date(Math.floor(decision.notBefore.getTime() / 60_000) * 60_000);
    await deps.jobs.send(
      'contact.dispatch',
      {},
      { startAfter: decision.notBefore, singletonKey: `at:${minute.toISOString()}` },
      trx,
    );
  }
  return {
    status: 'queued',
    messageId: inserted.id,
    channel: decision.channel,
    notBefore: decision.notBefore,
  };
}

/**
 * Stops every queued message to a person (of one purpose, or all), and the tasks waiting for a
 * worker to phone or visit: withdrawal of consent takes effect at once. Returns how many.
 */
export async function cancelQueuedMessages(
  trx: Transaction<DB> | Database,
  personId: string,
  purpose?: ContactPurpose,
) {
  let query = trx
    .updateTable('person_messages')
    .set({ status: 'cancelled', reason: 'consent_withdrawn' })
    .where('person_id', '=', personId)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'queued'),
        eb.and([eb('status', '=', 'blocked'), eb('reason', '=', 'needs_person')]),
      ]),
    );
  if (purpose) query = query.where('purpose', '=', purpose);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The contact service on `services.contact` (its job, `contact.dispatch`, is in module.ts). */
export function createContactService(
  given: ContactDependencies & { jobs: Jobs },
  options: { logLevel?: string } = {},
) {
  const deps: ContactDependencies = {
    ...given,
    logger: given.logger ?? createLogger('contact', options.logLevel),
  };
  return {
    contactPerson: (trx: Transaction<DB>, request: ContactRequest) =>
      contactPerson(deps, trx, request),
    cancelQueuedMessages,
    dispatchDue: (options?: Parameters<typeof dispatchDueMessages>[1]) =>
      dispatchDueMessages(deps, options),
    /** The `contact.dispatch` job: sends every due message, and logs what happened. */
    async dispatchJob(signal: AbortSignal) {
      const summary = await dispatchDueMessages(deps, { signal });
      if (summary.sent + summary.failed + summary.stopped > 0)
        deps.logger?.info({ ...summary }, 'messages to people dispatched');
      return summary;
    },
    /** Sends one message now (after the transaction that queued it has committed). */
    sendNow: (messageId: string) => dispatchDueMessages(deps, { messageId }),
  };
}

export type ContactService = ReturnType<typeof createContactService>;

import { sql, type Updateable } from 'kysely';
import type { Database } from '#platform/db/database.ts';
import { NotifyError } from '#platform/notify/errors.ts';
import type { PersonChannel, PersonMessagesTable } from '../tables.ts';
import {
  BATCH,
  LEASE_MS,
  MAX_ATTEMPTS,
  SEND_CONCURRENCY,
  detailsOf,
  discreetTemplate,
  profileColumns,
  profileOf,
  type ContactDependencies,
  type ProfileRow,
} from './contact.ts';
import { decide, type ContactPurpose, type Decision } from './rules.ts';

/**
 * Sending what safe contact queued: the `contact.dispatch` job claims due messages (a lease, so
 * several instances can run it), checks status, consent and the time rules again at send time,
 * and sends, retries or records why not. See docs/contact.md.
 */

interface Claimed extends ProfileRow {
  message_id: string;
  organisation_id: string | null;
  template: string;
  personalisation: Record<string, string>;
  purpose: ContactPurpose;
  channel: PersonChannel | null;
  attempts: number;
  sensitive: boolean;
  fuller_messages: boolean;
}

/** Takes due messages (or one message) for this sender: their not_before moves on by a lease. */
async function claim(db: Database, now: Date, options: { messageId?: string; limit: number }) {
  return db.transaction().execute(async (trx) => {
    let due = trx
      .selectFrom('person_messages')
      .select('id')
      .where('status', '=', 'queued')
      .where('not_before', '<=', now)
      .orderBy('not_before')
      .limit(options.limit)
      .forUpdate()
      .skipLocked();
    if (options.messageId) due = due.where('id', '=', options.messageId);
    const ids = (await due.execute()).map((r) => r.id);
    if (ids.length === 0) return [];
    await trx
      .updateTable('person_messages')
      .set((eb) => ({
        not_before: new Date(now.getTime() + LEASE_MS),
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', 'in', ids)
      .execute();
    const rows = await trx
      .selectFrom('person_messages as m')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .select([
        'm.id as message_id',
        'm.organisation_id',
        'm.template',
        'm.personalisation',
        'm.purpose',
        'm.channel',
        'm.attempts',
        'm.sensitive',
        ...profileColumns,
        sql<boolean>`exists (select 1 from consents c where c.person_id = p.id
          and c.withdrawn_at is null
          and c.purpose = case m.purpose when 'record' then 'register' else 'contact' end)`.as(
          'has_consent',
        ),
      ])
      .where('m.id', 'in', ids)
      .execute();
    return rows as Claimed[];
  });
}

export interface DispatchSummary {
  sent: number;
  /** Stopped at send time: the person was paused, withdrew consent or lost the channel. */
  stopped: number;
  /** Waiting again: quiet hours, or a failure worth retrying. */
  deferred: number;
  failed: number;
}

/** Sends one claimed message, or records why not. */
async function sendOne(
  deps: ContactDependencies,
  message: Claimed,
  now: Date,
): Promise<keyof DispatchSummary> {
  const { db } = deps;
  const update = (values: Updateable<PersonMessagesTable>) =>
    db.updateTable('person_messages').set(values).where('id', '=', message.message_id).execute();
  const channel = message.channel;
  const profile = profileOf(deps.config.encryptionKey, message);
  const decision: Decision =
    channel && (channel === 'sms' || channel === 'email' || channel === 'letter')
      ? decide(profile, message.purpose, now, { only: channel, immediate: message.sensitive })
      : { status: 'blocked', reason: 'no_channel', channel: null };
  if (decision.status === 'blocked') {
    await update({ status: 'cancelled', reason: decision.reason, not_before: now });
    return 'stopped';
  }
  if (decision.notBefore > now) {
    await update({ not_before: decision.notBefore, attempts: message.attempts - 1 });
    return 'deferred';
  }
  const details = detailsOf(deps.config.encryptionKey, message);
  const address =
    decision.channel === 'email'
      ? details.email
      : decision.channel === 'sms'
        ? details.phone
        : details.address;
  try {
    const result = await deps.notifier.send(
      {
        channel: decision.channel,
        address: address ?? '',
        language: message.preferred_language,
        organisationId: message.organisation_id,
      },
      {
        template: discreetTemplate(deps.i18n, message.template, message, decision.channel),
        personalisation: message.personalisation,
        reference: `person-message-${message.message_id}`,
      },
    );
    await update({
      status: 'sent',
      sent_at: new Date(),
      provider_id: result.id,
      reason: null,
      ...(message.sensitive ? { personalisation: '{}' } : {}),
    });
    return 'sent';
  } catch (error) {
    const notifyError = error instanceof NotifyError ? error : null;
    const retryable = notifyError ? notifyError.retryable : true;
    const code = notifyError?.code ?? 'error';
    if (retryable && message.attempts < MAX_ATTEMPTS) {
      const wait = notifyError?.retryAfterMs ?? 60_000 * 2 ** (message.attempts - 1);
      await update({ not_before: new Date(now.getTime() + wait), reason: `retry:${code}` });
      return 'deferred';
    }
    await update({
      status: 'failed',
      reason: `failed:${code}`,
      ...(message.sensitive ? { personalisation: '{}' } : {}),
    });
    deps.logger?.warn(
      { messageId: message.message_id, code },
      'a message to a person could not be sent',
    );
    return 'failed';
  }
}

/**
 * Sends queued messages that are due (or just one, when messageId is given), re-checking status,
 * consent and the time rules at send time. Safe to run on several instances at once.
 */
export async function dispatchDueMessages(
  deps: ContactDependencies,
  options: { messageId?: string; now?: Date; limit?: number; signal?: AbortSignal } = {},
): Promise<DispatchSummary> {
  const summary: DispatchSummary = { sent: 0, stopped: 0, deferred: 0, failed: 0 };
  const limit = options.limit ?? BATCH;
  for (;;) {
    const now = options.now ?? new Date();
    const claimed = await claim(deps.db, now, {
      limit,
      ...(options.messageId ? { messageId: options.messageId } : {}),
    });
    let next = 0;
    const worker = async () => {
      while (next < claimed.length) {
        const message = claimed[next++]!;
        summary[await sendOne(deps, message, now)] += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, claimed.length) }, worker));
    if (claimed.length < limit || options.messageId || options.signal?.aborted) break;
  }
  return summary;
}

import crypto from 'node:crypto';
import { sql, type Insertable, type Transaction } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { PersonChannel, PersonMessagesTable } from '../tables.ts';
import type { Language } from '#platform/i18n/i18n.ts';
import { isUkMobile, reveal } from '../people/protected-fields.ts';
import type { KeyRing } from '#platform/crypto/encryption.ts';
import {
  addressLines,
  chooseTemplate,
  profileFrom,
  profileQuery,
  type ContactDependencies,
  type ContactResult,
  type ProfileRow,
} from './contact.ts';
import { decide, type BlockReason, type ContactProfile, type ContactPurpose } from './rules.ts';

/**
 * The batch form of the safe-contact function, for telling thousands of people at once (an
 * opportunity's invitations). The same rules as contactPerson — decide() from rules.ts, the same
 * template choice, blocked messages recorded with their reason, erased people skipped — but one
 * profile query for everyone, messages inserted in chunks and one dispatch job per minute of
 * sending time, all inside the caller's transaction. See docs/contact.md.
 */
export interface BatchContactRequest {
  personIds: readonly string[];
  organisationId: string | null;
  /** A template in locales/<lang>/notify.json (its `.easyRead` / `.plainEnvelope` variants too). */
  template: string;
  /** Each person's personalisation, in their own language (the template is chosen at send time
   * in that language too). */
  personalisation?: (person: { id: string; language: Language }) => Record<string, string>;
  /** 'contact' by default (needs consent to contact). */
  purpose?: ContactPurpose;
  /** Not before this time (default now). */
  notBefore?: Date;
  /** The personalisation depends only on the person's language (made once for each). */
  samePersonalisationForLanguage?: boolean;
  /**
   * Which blocked messages go into person_messages: 'all' (default, as contactPerson), or only
   * 'tasks' (needs_person: a worker is to phone or visit). With 'tasks' the caller records why
   * the others were not told (opportunity_invitations does), so 70,000 people without consent
   * do not each leave a row there.
   */
  recordBlocked?: 'all' | 'tasks';
}

export type BatchContactResult = { personId: string } & ContactResult;

/** Rows per INSERT (each column goes as one array parameter, unnested by the server). */
const CHUNK = 10_000;

/**
 * The person's contact profile as contactPerson's profileOf builds it, but decrypting only what
 * the decision can use: nothing for someone the rules stop before the channel is chosen (erased,
 * paused or moved on, no consent), and only the details of the channels in the person's own
 * order (decide() never looks at others). Same answers, a fraction of the decryption — it
 * matters for 100,000 people.
 */
function lazyProfileOf(keys: KeyRing, row: ProfileRow, purpose: ContactPurpose): ContactProfile {
  const reachable = new Set<PersonChannel>();
  const stopsEarly =
    row.erased_at !== null || (purpose !== 'record' && row.status !== 'active') || !row.has_consent;
  if (!stopsEarly) {
    let phone: string | null | undefined;
    const phoneOf = () =>
      phone === undefined ? (phone = reveal(keys, 'phone', row.id, row.phone)) : phone;
    for (const channel of row.channels) {
      if (channel === 'sms') {
        const number = phoneOf();
        if (number && isUkMobile(number)) reachable.add('sms');
      } else if (channel === 'phone') {
        if (phoneOf()) reachable.add('phone');
      } else if (channel === 'email') {
        if (reveal(keys, 'email', row.id, row.email)) reachable.add('email');
      } else if (channel === 'letter') {
        if (addressLines(reveal(keys, 'address', row.id, row.address))) reachable.add('letter');
      } else if (channel === 'in_person') {
        if (row.named_worker_account_id) reachable.add('in_person');
      }
    }
  }
  return profileFrom(row, reachable);
}

/**
 * Decides, for every person, whether, how and when the message may reach them and records it in
 * person_messages (queued, or blocked with the reason; see recordBlocked). People who do not
 * exist are left out of the result; erased people are in it as blocked ('erased') with nothing
 * recorded.
 */
export async function contactPeople(
  deps: Omit<ContactDependencies, 'notifier'>,
  trx: Transaction<DB>,
  request: BatchContactRequest,
): Promise<BatchContactResult[]> {
  if (request.personIds.length === 0) return [];
  const purpose = request.purpose ?? 'contact';
  const at = request.notBefore ?? new Date();
  const ids = [...new Set(request.personIds)];
  const profiles = await profileQuery(trx, purpose)
    .where(sql<boolean>`p.id = any(${sql.val(ids)}::uuid[])`)
    .execute();
  const results: BatchContactResult[] = [];
  const rows: Insertable<PersonMessagesTable>[] = [];
  // the template depends only on language, easy read and (letters) plain envelope
  const templates = new Map<string, string>();
  const templateFor = (row: ProfileRow, channel: PersonChannel | null) => {
    const key = `${row.preferred_language}|${row.formats.includes('easy_read')}|${channel === 'letter' && row.plain_envelope}`;
    let template = templates.get(key);
    if (template === undefined) {
      template = chooseTemplate(deps.i18n, request.template, row, channel);
      templates.set(key, template);
    }
    return template;
  };
  // so is the personalisation, most of the time: made once for each language
  const personalisations = new Map<string, string>();
  const personalisationFor = (row: ProfileRow) => {
    if (!request.personalisation) return '{}';
    if (!request.samePersonalisationForLanguage)
      return JSON.stringify(
        request.personalisation({ id: row.id, language: row.preferred_language }),
      );
    let text = personalisations.get(row.preferred_language);
    if (text === undefined) {
      text = JSON.stringify(
        request.personalisation({ id: row.id, language: row.preferred_language }),
      );
      personalisations.set(row.preferred_language, text);
    }
    return text;
  };
  /** Minute of sending time → the latest moment in it a message may go (its job runs then). */
  const minutes = new Map<number, number>();
  for (const row of profiles) {
    const decision = decide(lazyProfileOf(deps.config.encryptionKey, row, purpose), purpose, at);
    // erased: nothing recorded; with recordBlocked 'tasks', only the blocked messages that are a
    // worker's task (phone or visit) are recorded — the caller keeps the others' reasons
    if (
      decision.status === 'blocked' &&
      (decision.reason === 'erased' ||
        (request.recordBlocked === 'tasks' && decision.reason !== 'needs_person'))
    ) {
      results.push({ personId: row.id, ...decision, messageId: null });
      continue;
    }
    const id = crypto.randomUUID();
    rows.push({
      id,
      person_id: row.id,
      organisation_id: request.organisationId,
      template: templateFor(row, decision.channel),
      personalisation: personalisationFor(row),
      purpose,
      channel: decision.channel,
      status: decision.status,
      reason: decision.status === 'blocked' ? decision.reason : null,
      not_before: decision.status === 'queued' ? decision.notBefore : at,
      sensitive: false,
    });
    if (decision.status === 'queued') {
      const time = decision.notBefore.getTime();
      const minute = Math.floor(time / 60_000);
      minutes.set(minute, Math.max(minutes.get(minute) ?? 0, time));
      results.push({ personId: row.id, ...decision, messageId: id });
    } else {
      results.push({ personId: row.id, ...decision, messageId: id });
    }
  }
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const column = <T>(pick: (row: Insertable<PersonMessagesTable>) => T) => chunk.map(pick);
    await sql`insert into person_messages
        (id, person_id, organisation_id, template, personalisation, purpose, channel, status,
         reason, not_before, sensitive)
      select * from unnest(
        ${column((r) => r.id)}::uuid[], ${column((r) => r.person_id)}::uuid[],
        ${column((r) => r.organisation_id)}::uuid[], ${column((r) => r.template)}::text[],
        ${column((r) => r.personalisation)}::jsonb[], ${column((r) => r.purpose)}::text[],
        ${column((r) => r.channel)}::text[], ${column((r) => r.status)}::text[],
        ${column((r) => r.reason)}::text[],
        ${column((r) => (r.not_before as Date).toISOString())}::timestamptz[],
        ${column((r) => r.sensitive)}::boolean[])`.execute(trx);
  }
  if (deps.jobs) {
    // As contactPerson: one dispatch a minute of sending time; the minutely sweep does the rest.
    for (const [minute, latest] of [...minutes].sort((a, b) => a[0] - b[0])) {
      await deps.jobs.send(
        'contact.dispatch',
        {},
        {
          startAfter: new Date(latest),
          singletonKey: `at:${new Date(minute * 60_000).toISOString()}`,
        },
        trx,
      );
    }
  }
  return results;
}

/** How many of a batch's results were queued, and how many were blocked for each reason. */
export function summarise(results: readonly (ContactResult | BatchContactResult)[]) {
  const blocked: Partial<Record<BlockReason, number>> = {};
  let queued = 0;
  for (const result of results) {
    if (result.status === 'queued') queued += 1;
    else blocked[result.reason] = (blocked[result.reason] ?? 0) + 1;
  }
  return { queued, blocked };
}

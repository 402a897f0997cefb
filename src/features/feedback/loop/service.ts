import { sql } from 'kysely';
import { contactPerson, type ContactDependencies } from '#features/register';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import { decrypt, type KeyRing } from '#platform/crypto/encryption.ts';
import type { Database } from '#platform/db/database.ts';
import type { Jobs } from '#platform/jobs/types.ts';
import type { Notifier } from '#platform/notify/notifier.ts';
import { formatDate } from '#platform/views/views.ts';
import type { I18n } from '#platform/i18n/i18n.ts';
import { londonParts } from '#platform/time/london.ts';
import { contactRoute } from '../items/contact.ts';
import { CONTACT_CONTEXT, itemNumber } from '../items/receive.ts';
import { changeItem, type Changed, type FeedbackItems } from '../items/service.ts';
import type { ItemRow } from '../items/repository.ts';
import { openStatuses } from '../items/repository.ts';
import type { Outcome } from '../items/tables.ts';
import { escalationRecipients } from './escalate.ts';
import { local } from '#platform/i18n/i18n.ts';

export const TELL_JOB = 'feedback.tell';

export interface Decision {
  outcome: Outcome;
  dueOn: string | null;
  outcomeEn: string;
  outcomeCy: string;
  quoteConsent: boolean;
  quoteEn: string | null;
  quoteCy: string | null;
}

export interface LoopDependencies {
  db: Database;
  audit: AuditLog;
  items: FeedbackItems;
  jobs: Jobs;
  notifier: Notifier;
  i18n: I18n;
  keys: KeyRing;
  publicUrl: string;
  contact: Omit<ContactDependencies, 'notifier'>;
}

/**
 * The loop (issue 12 items 3 and 5): acknowledged → being looked at → outcome decided (done;
 * will do by a day; can't do, and why; in plain words in both languages) → published, or closed.
 * Publishing tells each reachable contributor once: a named person through the register's
 * safe-contact function, anonymous contact details by a queued job that then deletes them.
 * A complaint escalates to the commissioner when the person asks.
 */
export function createFeedbackLoop(deps: LoopDependencies) {
  const { db, audit, items } = deps;

  async function step(
    actor: Actor,
    itemId: string,
    version: number,
    action: string,
    set: Parameters<typeof changeItem>[2],
    from: Parameters<typeof changeItem>[3],
  ): Promise<Changed> {
    const item = await items.itemFor(actor, itemId, 'feedback.triage');
    return db.transaction().execute(async (trx) => {
      if (!(await changeItem(trx, { id: item.id, version }, set, from))) return 'conflict';
      await audit.record(items.entry(actor, item, action), trx);
      return true;
    });
  }

  /** What a contributor is told: the outcome's heading and words in their language. */
  function outcomeWords(item: ItemRow) {
    const lang = item.language;
    const t = deps.i18n.t(lang);
    return {
      number: itemNumber(item.number),
      service: local(lang, item.nameEn, item.nameCy),
      heading: t(`feedback:outcomes.${item.outcome ?? 'done'}`, {
        date: item.dueOn ? formatDate(item.dueOn, lang) : '',
      }),
      outcome: (lang === 'cy' ? item.outcome_cy : item.outcome_en) ?? '',
      link: `${deps.publicUrl}/f/receipt`,
    };
  }

  return {
    acknowledge: (actor: Actor, itemId: string, version: number) =>
      step(
        actor,
        itemId,
        version,
        'feedback.acknowledged',
        { status: 'acknowledged', acknowledged_at: new Date() },
        ['received'],
      ),

    startLooking: (actor: Actor, itemId: string, version: number) =>
      step(
        actor,
        itemId,
        version,
        'feedback.looking',
        { status: 'looking', acknowledged_at: sql<Date>`coalesce(acknowledged_at, now())` },
        ['received', 'acknowledged'],
      ),

    close: (actor: Actor, itemId: string, version: number) =>
      step(actor, itemId, version, 'feedback.closed', { status: 'closed' }, openStatuses),

    /** Records the outcome (again, until it is published). */
    decide: (actor: Actor, itemId: string, version: number, decision: Decision) =>
      step(
        actor,
        itemId,
        version,
        'feedback.decided',
        {
          status: 'decided',
          outcome: decision.outcome,
          outcome_due_on: decision.dueOn,
          outcome_en: decision.outcomeEn,
          outcome_cy: decision.outcomeCy,
          quote_consent: decision.quoteConsent,
          quote_en: decision.quoteConsent ? decision.quoteEn : null,
          quote_cy: decision.quoteConsent ? decision.quoteCy : null,
          acknowledged_at: sql<Date>`coalesce(acknowledged_at, now())`,
          decided_at: new Date(),
        },
        openStatuses,
      ),

    /**
     * Publishes a decided outcome on the board and tells the contributor, once: `told_at` is set
     * in the same conditional update, so a second publish (or a race) tells nobody again.
     */
    async publish(actor: Actor, itemId: string, version: number) {
      const item = await items.itemFor(actor, itemId, 'feedback.publish');
      return db.transaction().execute(async (trx) => {
        const now = new Date();
        if (
          !(await changeItem(
            trx,
            { id: item.id, version },
            { status: 'published', published_at: now },
            ['decided'],
          ))
        )
          return 'conflict' as const;
        const told = await trx
          .updateTable('feedback_items')
          .set({ told_at: now })
          .where('id', '=', item.id)
          .where('told_at', 'is', null)
          .where((eb) =>
            eb.or([eb('person_id', 'is not', null), eb('contact_encrypted', 'is not', null)]),
          )
          .returning(['person_id', 'contact_encrypted'])
          .executeTakeFirst();
        let tell = 'nobody';
        if (told?.person_id) {
          const result = await contactPerson(deps.contact, trx, {
            personId: told.person_id,
            organisationId: item.organisation_id,
            template: 'feedbackOutcome',
            purpose: 'record',
            personalisation: { ...outcomeWords(item), link: `${deps.publicUrl}/portal` },
          });
          tell = result.status === 'queued' ? 'person' : `blocked:${result.reason}`;
        } else if (told?.contact_encrypted) {
          await deps.jobs.send(TELL_JOB, { itemId: item.id }, { singletonKey: item.id }, trx);
          tell = 'contact';
        }
        await audit.record(items.entry(actor, item, 'feedback.published', { tell }), trx);
        return true as const;
      });
    },

    /** The job: sends the outcome to anonymous contact details, then deletes them. */
    async tellContact(itemId: string) {
      const item = await db
        .selectFrom('feedback_items as f')
        .innerJoin('organisations as o', 'o.id', 'f.organisation_id')
        .selectAll('f')
        .select([
          sql<string | null>`f.outcome_due_on::text`.as('dueOn'),
          'o.ancestors',
          'o.name_en as nameEn',
          'o.name_cy as nameCy',
        ])
        .where('f.id', '=', itemId)
        .where('f.status', '=', 'published')
        .where('f.contact_encrypted', 'is not', null)
        .executeTakeFirst();
      if (!item?.contact_encrypted) return 'none';
      const route = contactRoute(decrypt(item.contact_encrypted, deps.keys, CONTACT_CONTEXT));
      if (route) {
        const words = outcomeWords(item as unknown as ItemRow);
        await deps.notifier.send(
          {
            channel: route.channel,
            address: route.address,
            language: item.language,
            organisationId: item.organisation_id,
          },
          {
            template: 'feedbackOutcomeContact',
            personalisation: { ...words, code: item.receipt_code },
            reference: `feedback-${item.id}`,
          },
        );
      }
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('feedback_items')
          .set({ contact_encrypted: null })
          .where('id', '=', item.id)
          .execute();
        await audit.record(
          {
            actorAccountId: null,
            action: 'feedback.contributor_told',
            subjectType: 'feedback_item',
            subjectId: item.id,
            organisationId: item.organisation_id,
            details: { number: itemNumber(item.number), channel: route?.channel ?? 'unreachable' },
          },
          trx,
        );
      });
      return route ? 'sent' : 'unreachable';
    },

    /** A complaint goes to the commissioner because the person asked (once). */
    async escalateAsked(actor: Actor, itemId: string, version: number) {
      const item = await items.itemFor(actor, itemId, 'feedback.triage');
      if (item.kind !== 'complaint' || item.escalated_at) return 'conflict' as const;
      const changed = await db.transaction().execute(async (trx) => {
        if (
          !(await changeItem(
            trx,
            { id: item.id, version },
            { escalated_at: new Date(), escalated_reason: 'asked' },
          ))
        )
          return false;
        await audit.record(
          items.entry(actor, item, 'feedback.escalated', { reason: 'asked' }),
          trx,
        );
        return true;
      });
      if (!changed) return 'conflict' as const;
      await tellCommissioner(deps, { ...item, escalated_reason: 'asked' });
      return true as const;
    },

    /**
     * The person who made a complaint asks, with its receipt code, for it to go to the
     * commissioner (once; only while it is open). False when there is nothing to escalate.
     */
    async escalateByReceipt(code: string) {
      const row = await db.transaction().execute(async (trx) => {
        const item = await trx
          .updateTable('feedback_items')
          .set({ escalated_at: new Date(), escalated_reason: 'asked', version: sql`version + 1` })
          .where('receipt_code', '=', code)
          .where('kind', '=', 'complaint')
          .where('escalated_at', 'is', null)
          .where('merged_into_id', 'is', null)
          .where('status', 'in', ['received', 'acknowledged', 'looking', 'decided'])
          .returning(['id', 'number', 'organisation_id', 'escalated_reason'])
          .executeTakeFirst();
        if (item)
          await audit.record(
            {
              actorAccountId: null,
              action: 'feedback.escalated',
              subjectType: 'feedback_item',
              subjectId: item.id,
              organisationId: item.organisation_id,
              details: { number: itemNumber(item.number), reason: 'asked', by: 'contributor' },
            },
            trx,
          );
        return item;
      });
      if (!row) return false;
      await tellCommissioner(deps, row);
      return true;
    },

    today: () => londonParts(new Date()).date,
  };
}

/** E-mails the people an escalated complaint goes to (no content: a link to the item). */
export async function tellCommissioner(
  deps: Pick<LoopDependencies, 'db' | 'notifier' | 'i18n' | 'publicUrl'>,
  item: { id: string; number: number; organisation_id: string; escalated_reason: string | null },
) {
  const recipients = await escalationRecipients(deps.db, item.organisation_id);
  for (const r of recipients) {
    const t = deps.i18n.t(r.language);
    await deps.notifier.send(
      {
        channel: 'email',
        address: r.email,
        language: r.language,
        organisationId: item.organisation_id,
      },
      {
        template: 'feedbackEscalated',
        personalisation: {
          number: itemNumber(item.number),
          reason: t(`feedback:escalations.${item.escalated_reason ?? 'asked'}`),
          link: `${deps.publicUrl}/feedback/items/${item.id}`,
        },
        reference: `feedback-escalated-${item.id}-${r.id}`,
      },
    );
  }
}

export type FeedbackLoop = ReturnType<typeof createFeedbackLoop>;

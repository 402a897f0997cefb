import { sql, type Transaction, type UpdateObject } from 'kysely';
import { authoriseAt } from '#features/admin';
import { namesFor, viewerOf } from '#features/register';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import type { DB } from '#platform/db/schema.ts';
import { HttpError } from '#platform/http/errors.ts';
import { can, type Permission } from '#platform/permissions/policy.ts';
import { feedbackPermissions } from '../permissions.ts';
import { complaintDeadlines, settingsFor } from '../deadlines/deadlines.ts';
import { itemNumber } from './receive.ts';
import {
  accountsWithRoles,
  duplicatesOf,
  findItem,
  inboxPage,
  itemByNumber,
  offeredAt,
  themesOf,
  themesOffered,
  type InboxFilter,
  type ItemRow,
} from './repository.ts';
import type { FeedbackKind, FeedbackStatus } from './tables.ts';

export interface FeedbackItemsDependencies {
  db: Database;
  audit: AuditLog;
  /** Tells the safeguarding lead, after the flag is saved (an e-mail through the notifier). */
  alertLead(item: ItemRow, leadId: string): Promise<void>;
}

export interface Triage {
  kind: FeedbackKind;
  urgency: 'normal' | 'urgent';
  themeIds: string[];
  ownerAccountId: string | null;
}

/** What changed: true, or 'conflict' when someone else changed the item first (or its step). */
export type Changed = true | 'conflict';

/**
 * Who may see an item: feedback.view at its service; a safeguarding item only its named lead and
 * those holding feedback.safeguarding (administrators). Anyone else gets a 404, as if it did
 * not exist.
 */
export function mayView(actor: Actor, item: ItemRow) {
  const at = { id: item.organisation_id, ancestors: item.ancestors };
  if (!can(actor, 'feedback.view', at)) return false;
  return (
    !item.safeguarding ||
    item.safeguarding_lead_id === actor.id ||
    can(actor, 'feedback.safeguarding', at)
  );
}

/** A conditional change of an item: only if nobody changed it since it was read (its version). */
export async function changeItem(
  trx: Transaction<DB>,
  item: Pick<ItemRow, 'id' | 'version'>,
  set: UpdateObject<DB, 'feedback_items'>,
  from?: readonly FeedbackStatus[],
) {
  let update = trx
    .updateTable('feedback_items')
    .set({ ...set, version: sql`version + 1` })
    .where('id', '=', item.id)
    .where('version', '=', item.version);
  if (from) update = update.where('status', 'in', [...from]);
  return Boolean(await update.returning('id').executeTakeFirst());
}

/**
 * The service inbox and triage (issue 12 item 2): kind, themes, urgency and owner; the
 * safeguarding flag that alerts the named lead and hides the item from everyone else; merging a
 * duplicate. Every read and change is audited.
 */
export function createFeedbackItems(deps: FeedbackItemsDependencies) {
  const { db, audit } = deps;

  const entry = (actor: Actor, item: ItemRow, action: string, details = {}) => ({
    actorAccountId: actor.id,
    action,
    subjectType: 'feedback_item',
    subjectId: item.id,
    organisationId: item.organisation_id,
    details: { number: itemNumber(item.number), ...details },
  });

  /** The item, if the actor may see it, and may act on it with the permission. */
  async function itemFor(actor: Actor, itemId: string, permission: Permission = 'feedback.view') {
    const item = await findItem(db, itemId);
    if (!item || !mayView(actor, item)) throw new HttpError(404);
    authoriseAt(actor, permission, { id: item.organisation_id, ancestors: item.ancestors });
    return item;
  }

  return {
    itemFor,
    entry,

    inbox(actor: Actor, filter: InboxFilter, page: number) {
      return inboxPage(db, actor, filter, page);
    },

    /** An item with what its page shows (audited: who read which item). */
    async viewItem(actor: Actor, itemId: string) {
      const item = await itemFor(actor, itemId);
      const at = { id: item.organisation_id, ancestors: item.ancestors };
      const [themes, offered, owners, duplicates, names, photo] = await Promise.all([
        themesOf(db, item.id),
        themesOffered(db, item.ancestors),
        accountsWithRoles(db, item.ancestors, feedbackPermissions['feedback.triage']),
        duplicatesOf(db, item.id),
        item.person_id
          ? namesFor(db, viewerOf(actor), [item.person_id])
          : Promise.resolve(new Map<string, string>()),
        db
          .selectFrom('feedback_card_photos')
          .select('byte_size')
          .where('item_id', '=', item.id)
          .executeTakeFirst(),
      ]);
      await audit.record(entry(actor, item, 'feedback.item_viewed'));
      return {
        item,
        themes,
        offered,
        owners,
        duplicates,
        hasPhoto: Boolean(photo),
        personName: item.person_id ? (names.get(item.person_id) ?? null) : null,
        may: {
          triage: can(actor, 'feedback.triage', at),
          publish: can(actor, 'feedback.publish', at),
        },
      };
    },

    /** Sets kind, urgency, themes and owner (a complaint gets its deadlines when it becomes one). */
    async triage(actor: Actor, itemId: string, version: number, triage: Triage): Promise<Changed> {
      const item = await itemFor(actor, itemId, 'feedback.triage');
      const offered = await offeredAt(db, item.ancestors, {
        themeIds: triage.themeIds,
        account: triage.ownerAccountId
          ? { id: triage.ownerAccountId, roles: feedbackPermissions['feedback.triage'] }
          : undefined,
      });
      if (!offered) throw new HttpError(400);
      const deadlines =
        triage.kind === 'complaint' && !item.acknowledge_by
          ? await complaintDeadlines(db, item.organisation_id, item.received_at)
          : {};
      return db.transaction().execute(async (trx) => {
        const changed = await changeItem(
          trx,
          { id: item.id, version },
          {
            kind: triage.kind,
            urgency: triage.urgency,
            owner_account_id: triage.ownerAccountId,
            ...deadlines,
          },
        );
        if (!changed) return 'conflict';
        await trx.deleteFrom('feedback_item_themes').where('item_id', '=', item.id).execute();
        if (triage.themeIds.length)
          await trx
            .insertInto('feedback_item_themes')
            .values(triage.themeIds.map((theme_id) => ({ item_id: item.id, theme_id })))
            .execute();
        await audit.record(
          entry(actor, item, 'feedback.triaged', {
            kind: triage.kind,
            urgency: triage.urgency,
            themes: triage.themeIds.length,
            owner: triage.ownerAccountId,
          }),
          trx,
        );
        return true;
      });
    },

    /**
     * Flags an item as safeguarding (hidden from all but the service's named lead and
     * administrators; the lead is alerted) or, by those who can see it, clears the flag.
     */
    async setSafeguarding(actor: Actor, itemId: string, version: number, flag: boolean) {
      const item = await itemFor(actor, itemId, 'feedback.triage');
      const lead = flag ? (await settingsFor(db, item.organisation_id)).safeguardingLeadId : null;
      const result = await db.transaction().execute(async (trx) => {
        const changed = await changeItem(
          trx,
          { id: item.id, version },
          {
            safeguarding: flag,
            safeguarding_lead_id: lead,
          },
        );
        if (!changed) return 'conflict' as const;
        await audit.record(
          entry(
            actor,
            item,
            flag ? 'feedback.safeguarding_flagged' : 'feedback.safeguarding_cleared',
            {
              lead,
            },
          ),
          trx,
        );
        return true as const;
      });
      if (result === true && lead && lead !== actor.id) await deps.alertLead(item, lead);
      return result;
    },

    /**
     * Merges the item into another of the same service (a duplicate): it is closed and points
     * at the one kept. 'unknown' when there is no such item to keep.
     */
    async merge(actor: Actor, itemId: string, version: number, intoNumber: number) {
      const item = await itemFor(actor, itemId, 'feedback.triage');
      const into = await itemByNumber(db, item.organisation_id, intoNumber);
      if (
        !into ||
        into.id === item.id ||
        into.mergedIntoId ||
        into.safeguarding !== item.safeguarding
      )
        return 'unknown' as const;
      return db.transaction().execute(async (trx) => {
        const changed = await changeItem(
          trx,
          { id: item.id, version },
          { merged_into_id: into.id, status: 'closed' },
          ['received', 'acknowledged', 'looking'],
        );
        if (!changed) return 'conflict' as const;
        // anything merged into this one now points at the one kept
        await trx
          .updateTable('feedback_items')
          .set({ merged_into_id: into.id })
          .where('merged_into_id', '=', item.id)
          .execute();
        await audit.record(
          entry(actor, item, 'feedback.merged', { into: itemNumber(into.number) }),
          trx,
        );
        return into.id;
      });
    },
  };
}

export type FeedbackItems = ReturnType<typeof createFeedbackItems>;

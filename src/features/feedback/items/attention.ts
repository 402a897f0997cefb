import { sql } from 'kysely';
import type { AttentionItem, AttentionProvider } from '#platform/modules/contract.ts';
import { canAnywhere } from '#platform/permissions/policy.ts';
import { londonParts } from '#platform/time/london.ts';
import { addWorkingDays } from '../deadlines/working-days.ts';
import { visibleTo } from './repository.ts';

/**
 * What waits in the inbox (one query): items to acknowledge, complaints due in the next two
 * days or overdue, and safeguarding items waiting for the signed-in lead.
 */
export const feedbackWaiting: AttentionProvider = {
  name: 'feedback.waiting',
  async items({ db }, actor) {
    if (!canAnywhere(actor, 'feedback.triage')) return [];
    const today = londonParts(new Date()).date;
    // two working days ahead, weekends only (a bank holiday makes it a day early, not late)
    const soon = addWorkingDays(today, 2, new Set());
    const row = await db
      .selectFrom('feedback_items as f')
      .innerJoin('organisations as o', 'o.id', 'f.organisation_id')
      .where(visibleTo(actor))
      .where('f.merged_into_id', 'is', null)
      .where('f.status', 'in', ['received', 'acknowledged', 'looking'])
      .select([
        sql<number>`count(*) filter (where f.status = 'received')::int`.as('received'),
        sql<number>`count(*) filter (where f.kind = 'complaint' and (
          (f.status = 'received' and f.acknowledge_by <= ${soon}::date)
          or f.respond_by <= ${soon}::date))::int`.as('due'),
        sql<number>`count(*) filter (where f.safeguarding and f.safeguarding_lead_id = ${actor.id})::int`.as(
          'safeguarding',
        ),
      ])
      .executeTakeFirstOrThrow();
    const items: AttentionItem[] = [];
    if (row.received)
      items.push({
        text: 'feedback:attention.received',
        count: row.received,
        href: '/feedback?status=received',
      });
    if (row.due)
      items.push({
        text: 'feedback:attention.due',
        count: row.due,
        href: '/feedback?kind=complaint',
      });
    if (row.safeguarding)
      items.push({
        text: 'feedback:attention.safeguarding',
        count: row.safeguarding,
        href: '/feedback',
      });
    return items;
  },
};

import { sql } from 'kysely';
import type { AttentionProvider } from '#platform/modules/contract.ts';
import { canAnywhere } from '#platform/permissions/policy.ts';
import { londonParts } from '#platform/time/london.ts';
import { addWorkingDays } from '../deadlines/working-days.ts';
import { visibleTo } from './repository.ts';

interface Waiting {
  received: number;
  due: number;
  safeguarding: number;
}

/**
 * What waits in the inbox, counted in one scan of the open items (`feedback_items_open_idx`,
 * index-only): items to acknowledge, complaints due in the next two days or overdue, and
 * safeguarding items waiting for the signed-in lead. Every item has its organisation, so a
 * platform administrator's count (who sees every organisation) reads no organisation.
 */
export const feedbackWaiting: AttentionProvider<{ waiting: Waiting }> = {
  name: 'feedback.waiting',
  counts({ db }, actor) {
    if (!canAnywhere(actor, 'feedback.triage')) return null;
    const today = londonParts(new Date()).date;
    // two working days ahead, weekends only (a bank holiday makes it a day early, not late)
    const soon = addWorkingDays(today, 2, new Set());
    return {
      waiting: db
        .selectFrom('feedback_items as f')
        .$if(!actor.platformAdmin, (qb) =>
          qb.innerJoin('organisations as o', 'o.id', 'f.organisation_id'),
        )
        .where(visibleTo(actor))
        .where('f.merged_into_id', 'is', null)
        .where('f.status', 'in', ['received', 'acknowledged', 'looking'])
        .select(
          sql<Waiting>`json_build_object(
            'received', count(*) filter (where f.status = 'received'),
            'due', count(*) filter (where f.kind = 'complaint' and (
              (f.status = 'received' and f.acknowledge_by <= ${soon}::date)
              or f.respond_by <= ${soon}::date)),
            'safeguarding', count(*) filter (where f.safeguarding
              and f.safeguarding_lead_id = ${actor.id}))`.as('waiting'),
        )
        .$asScalar(),
    };
  },
  items: ({ waiting }) => [
    {
      text: 'feedback:attention.received',
      count: waiting.received,
      href: '/feedback?status=received',
    },
    { text: 'feedback:attention.due', count: waiting.due, href: '/feedback?kind=complaint' },
    { text: 'feedback:attention.safeguarding', count: waiting.safeguarding, href: '/feedback' },
  ],
};

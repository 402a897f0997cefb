import { sql } from 'kysely';
import { countUpTo } from '#platform/modules/attention.ts';
import type { AttentionProvider } from '#platform/modules/contract.ts';
import { canAnywhere } from '#platform/permissions/policy.ts';
import { londonParts } from '#platform/time/london.ts';
import { addWorkingDays } from '../deadlines/working-days.ts';
import { viewerOf, visibleWith, type Viewer } from './repository.ts';

interface Waiting {
  received: number;
  due: number;
  safeguarding: number;
}

/**
 * What waits in the inbox: items to acknowledge, complaints due in the next two days or overdue,
 * and safeguarding items waiting for the signed-in lead, on the index of open items
 * (`feedback_items_open_idx`, index-only). Staff's organisations have few open items, so they
 * are counted in one scan; a platform administrator's are every organisation's (thousands at
 * national scale), so each of their counts is a scan of its own that stops at `ATTENTION_CAP`
 * (and reads no organisation: every item has one).
 */
export const feedbackWaiting: AttentionProvider<
  { waiting: Waiting },
  Viewer & { everywhere: boolean; soon: string }
> = {
  name: 'feedback.waiting',
  inputs(actor) {
    if (!canAnywhere(actor, 'feedback.triage')) return null;
    const today = londonParts(new Date()).date;
    // two working days ahead, weekends only (a bank holiday makes it a day early, not late)
    const soon = addWorkingDays(today, 2, new Set());
    return { ...viewerOf(actor), everywhere: actor.platformAdmin, soon };
  },
  counts({ db }, { everywhere, soon, ...viewer }) {
    const received = sql<boolean>`f.status = 'received'`;
    const due = sql<boolean>`f.kind = 'complaint' and (
      (f.status = 'received' and f.acknowledge_by <= ${soon}::date) or f.respond_by <= ${soon}::date)`;
    const safeguarding = sql<boolean>`f.safeguarding and f.safeguarding_lead_id = ${viewer.id}`;
    // the constants written into the SQL, so that the statement's plan can use the partial index
    const open = db
      .selectFrom('feedback_items as f')
      .$if(!everywhere, (qb) => qb.innerJoin('organisations as o', 'o.id', 'f.organisation_id'))
      .where(visibleWith(viewer))
      .where('f.merged_into_id', 'is', null)
      .where(sql<boolean>`f.status in ('received', 'acknowledged', 'looking')`);
    return {
      waiting: everywhere
        ? sql<Waiting>`json_build_object('received', (${countUpTo(open.where(received))}),
            'due', (${countUpTo(open.where(due))}),
            'safeguarding', (${countUpTo(open.where(safeguarding))}))`
        : open
            .select(
              sql<Waiting>`json_build_object('received', count(*) filter (where ${received}),
                'due', count(*) filter (where ${due}),
                'safeguarding', count(*) filter (where ${safeguarding}))`.as('waiting'),
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

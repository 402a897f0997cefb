import { sql } from 'kysely';
import type { AttentionProvider } from '#platform/modules/contract.ts';

/** "Needs your attention": actions the member of staff owns, due within a week or overdue. */
export const actionsDue: AttentionProvider<
  { due: { count: number; meeting: string | null } },
  { owner: string }
> = {
  name: 'meetings.actions-due',
  inputs: (actor) => ({ owner: actor.id }),
  counts({ db }, { owner }) {
    return {
      due: db
        .selectFrom('meeting_outcomes')
        .where('owner_account_id', '=', owner)
        .where('kind', '=', sql.lit('action'))
        .where('done_at', 'is', null)
        .where(sql<boolean>`due_on <= current_date + 7`)
        .select(
          sql<{ count: number; meeting: string | null }>`json_build_object(
            'count', count(*), 'meeting', min(meeting_id::text))`.as('due'),
        )
        .$asScalar(),
    };
  },
  // one meeting: its actions; several: the first of them (the home page counts them all)
  items: ({ due: { count, meeting } }) => [
    { text: 'outcomes:attention.actionsDue', count, href: `/meetings/${meeting}/outcomes` },
  ],
};

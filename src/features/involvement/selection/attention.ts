import { sql } from 'kysely';
import { scopeInputs, type ScopeInputs } from '#platform/modules/attention.ts';
import type { AttentionProvider } from '#platform/modules/contract.ts';
import { decidingStatuses } from './service.ts';
import { inSubtrees } from '#platform/permissions/organisation-in-scope.ts';

/**
 * "Needs your attention": opportunities still taking people (open or closed) at organisations
 * where the member of staff may choose people, with someone still waiting for a decision. It
 * links to the selection page when there is one, to the opportunities list otherwise.
 */
export const waitingForDecision: AttentionProvider<
  {
    waiting: { count: number; first: string | null };
  },
  ScopeInputs
> = {
  name: 'involvement.selection.waiting',
  inputs: (actor) => scopeInputs(actor, 'selection.manage'),
  counts({ db }, { scope }) {
    return {
      waiting: db
        .selectFrom('opportunities as op')
        .innerJoin('organisations as o', 'o.id', 'op.organisation_id')
        .where(
          sql<boolean>`op.status in (${sql.join(decidingStatuses.map((status) => sql.lit(status)))})`,
        )
        .where(inSubtrees(scope))
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('expressions_of_interest as e')
              .select('e.opportunity_id')
              .whereRef('e.opportunity_id', '=', 'op.id')
              .where('e.status', '=', sql.lit('interested')),
          ),
        )
        .select(
          sql<{ count: number; first: string | null }>`json_build_object(
            'count', count(*), 'first', min(op.id::text))`.as('waiting'),
        )
        .$asScalar(),
    };
  },
  items: ({ waiting: { count, first } }) => [
    {
      text: 'selection:attention.waiting',
      count,
      href: count === 1 ? `/opportunities/${first}/selection` : '/opportunities',
    },
  ],
};

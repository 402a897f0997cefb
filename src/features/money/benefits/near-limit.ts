import { sql } from 'kysely';
import { scopeInputs, type ScopeInputs } from '#platform/modules/attention.ts';
import type { AttentionProvider } from '#platform/modules/contract.ts';
import { inSubtrees } from '#platform/permissions/organisation-in-scope.ts';

/** At most this many waiting claims are checked on a home page (the newest sent). */
export const NEAR_LIMIT_CANDIDATES = 200;

/**
 * "People near a limit" (issue 11 item 10): claims waiting for approval whose involvement payment
 * would take the person over a limit they told us about — the benefit check of `check.ts` run in
 * one query for the newest NEAR_LIMIT_CANDIDATES waiting claims of people with benefit
 * information (those without an involvement payment then count for nothing). The same rules: the 7 and 30 days ending on the claim's day and the
 * tax year to it; approved and paid claims' involvement payments (the amount due after the
 * person's choice when recorded); the thresholds of their benefits for that tax year with an
 * amount, and their own limit. Expenses never count. Whole pence only.
 */
export const peopleNearALimit: AttentionProvider<{ count: number }, ScopeInputs> = {
  name: 'money.people_near_a_limit',
  inputs: (actor) => scopeInputs(actor, 'money.approve'),
  counts(_services, { scope }) {
    return { count: sql<number>`${nearLimitQuery(scope)}` };
  },
  items: (row) => [
    { text: 'approval:attention.nearLimit', count: row.count, href: '/money/approvals' },
  ],
};

/** The count of waiting claims over a limit at organisations in the scope (null: everywhere). */
export function nearLimitQuery(scope: readonly string[] | null) {
  return sql<{ count: number }>`
    select count(*)::int as count
    from (
      select c.id, c.person_id, c.occurred_on as day,
        extract(year from c.occurred_on - interval '3 months 5 days')::int as tax_year
      from money_claims c
      join organisations o on o.id = c.organisation_id
      where c.status = 'submitted' and ${inSubtrees(scope)}
        and exists (select 1 from money_benefit_profiles b where b.person_id = c.person_id)
      order by c.submitted_at desc nulls last
      limit ${sql.lit(NEAR_LIMIT_CANDIDATES)}
    ) k
    join money_benefit_profiles b on b.person_id = k.person_id
    cross join lateral (
      select coalesce(sum(l.amount_pence), 0)::int as proposed
      from money_claim_lines l where l.claim_id = k.id and l.category = 'payment'
    ) q
    cross join lateral (
      select
        coalesce(sum(p.pence) filter (where p.occurred_on > k.day - 7), 0) + q.proposed as week,
        coalesce(sum(p.pence) filter (where p.occurred_on > k.day - 30), 0) + q.proposed as month,
        coalesce(sum(p.pence) filter (where p.occurred_on >= make_date(k.tax_year, 4, 6)), 0)
          + q.proposed as year
      from (
        select e.occurred_on, coalesce(e.payment_due_pence,
          (select sum(l.amount_pence) from money_claim_lines l
            where l.claim_id = e.id and l.category = 'payment'), 0) as pence
        from money_claims e
        where e.person_id = k.person_id and e.id <> k.id
          and e.status in ('approved', 'paid')
          and e.occurred_on > k.day - 366 and e.occurred_on <= k.day
      ) p
    ) s
    where q.proposed > 0
      and ((b.limit_pence is not null
          and (case b.limit_period when 'week' then s.week else s.month end) > b.limit_pence)
        or exists (
          select 1 from money_benefit_thresholds t
          where t.tax_year = k.tax_year and t.benefit = any(b.benefits)
            and t.amount_pence is not null
            and (case t.period when 'week' then s.week when 'month' then s.month else s.year end)
              > t.amount_pence))`;
}

import { sql } from 'kysely';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { scopeOf } from '#platform/permissions/policy.ts';
import { organisationsInScope } from '#features/register';
import { inSubtrees } from '#platform/permissions/organisation-in-scope.ts';

/**
 * What the floats page shows across the organisations where the actor pays (money.pay): the
 * floats still open (oldest first, with how long), the organisations to open one at, and the
 * share of claims paid on the day or before it over the last 12 months (WF 3.3).
 */
export async function paymentsOverview(db: Database, actor: Actor, today: string) {
  const scope = scopeOf(actor, 'money.pay');
  if (scope?.length === 0) return { floats: [], organisations: [], share: { met: 0, of: 0 } };
  const [floats, organisations, share] = await Promise.all([
    db
      .selectFrom('money_floats as f')
      .innerJoin('organisations as o', 'o.id', 'f.organisation_id')
      .where('f.status', '=', 'open')
      .where(inSubtrees(scope))
      .select([
        'f.id',
        'f.name',
        'f.opened_on as openedOn',
        'o.id as organisationId',
        'o.name_en as nameEn',
        'o.name_cy as nameCy',
        sql<number>`(${today}::date - f.opened_on)::int`.as('daysOpen'),
      ])
      .orderBy('f.opened_on')
      .limit(100)
      .execute(),
    organisationsInScope(db, scope),
    db
      .selectFrom('money_payments as p')
      .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
      .where('p.kind', '=', 'payment')
      .where(inSubtrees(scope))
      .where(sql<boolean>`p.paid_on > ${today}::date - 365`)
      .select([
        sql<number>`count(*) filter (where p.on_the_day_or_before)::int`.as('met'),
        sql<number>`count(*)::int`.as('of'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  return { floats, organisations, share };
}

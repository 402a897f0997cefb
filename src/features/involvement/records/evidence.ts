import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { atOrBelow } from '#platform/permissions/organisation-in-scope.ts';
import type { EvidenceProvider, Figure, Scope } from '#platform/modules/contract.ts';
import { rungKey, rungs } from '../tables.ts';

/**
 * What involvement records answer for the assessment and insight capabilities, for an
 * organisation and everything below it over a period: how many people took part, for how many
 * hours, and which rungs of the ladder of participation were covered.
 */

const day = (date: Date) => date.toISOString().slice(0, 10);

/** Records at the organisation or below it, taking part in [from, to). */
function recordsIn(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('involvement_records as r')
    .where(atOrBelow('r.organisation_id', scope.organisationId))
    .where('r.took_part_on', '>=', day(scope.from))
    .where('r.took_part_on', '<', day(scope.to));
}

export const involvementFigures: Figure[] = [
  {
    id: 'involvement.people-involved',
    text: 'records:figures.peopleInvolved',
    suppressBelow: 5,
    async count({ db }, scope) {
      const row = await recordsIn(db, scope)
        .select(sql<number>`count(distinct r.person_id)::int`.as('n'))
        .executeTakeFirstOrThrow();
      return row.n;
    },
  },
  {
    id: 'involvement.hours',
    text: 'records:figures.hours',
    async count({ db }, scope) {
      const row = await recordsIn(db, scope)
        .select(sql<number>`coalesce(sum(r.hours), 0)::float8`.as('n'))
        .executeTakeFirstOrThrow();
      return row.n;
    },
  },
];

/** The ladder map for the organisation over the period (its `to` is the last day, inclusive). */
const ladderMapHref = (scope: Scope) => {
  const last = new Date(scope.to.getTime() - 86_400_000);
  return `/ladder-map?organisation=${scope.organisationId}&from=${day(scope.from)}&to=${day(last)}`;
};

export const rungsCovered: EvidenceProvider = {
  id: 'involvement.rungs-covered',
  criteria: ['WF Annex 1', 'NP 1'],
  text: 'records:evidence.rungsCovered',
  async answer({ db, i18n }, scope) {
    const rows = await recordsIn(db, scope)
      .select(['r.rung', sql<number>`count(*)::int`.as('n')])
      .groupBy('r.rung')
      .orderBy('r.rung')
      .execute();
    const t = i18n.t('en');
    const href = ladderMapHref(scope);
    return {
      met: rows.length,
      of: rungs.length,
      records: rows.map((row) => ({
        type: 'rung',
        id: String(row.rung),
        label: t('records:evidence.rungRecords', {
          rung: t(`involvement:rungs.${rungKey(row.rung)}.name`),
          count: row.n,
        }),
        href,
      })),
    };
  },
};

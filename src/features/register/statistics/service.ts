import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import type { DB } from '#platform/db/schema.ts';
import { activities, personKinds, personStatuses } from '../tables.ts';
import { HttpError } from '#platform/http/errors.ts';
import { can, scopeOf } from '#platform/permissions/policy.ts';
import {
  breakdownTop,
  inSubtrees,
  organisationInScope,
} from '#platform/permissions/organisation-in-scope.ts';
import {
  PREFER_NOT_TO_SAY,
  equalityQuestions,
  ethnicityGroups,
  questionNames,
} from '../equality/questions.ts';
import { suppress, type SuppressedTable } from './suppress.ts';

/**
 * De-identified counts of the register for holders of `register.statistics`, over an
 * organisation in their scope (or their whole scope). Only people with a live
 * `share_deidentified` consent are counted; equality answers only with a live `equality`
 * consent as well. Every table goes through `suppress` before it leaves this module.
 */
export const NOT_ANSWERED = 'not_answered';
/** At most this many organisations to choose from (the national data set has 1,000). */
const MAX_CHOICES = 1500;

export interface StatisticsOrganisation {
  id: string;
  nameEn: string;
  nameCy: string;
}

export interface StatisticsTable {
  name: string;
  table: SuppressedTable;
}

export interface RegisterStatistics {
  /** The chosen organisation, or null for the actor's whole scope. */
  organisation: StatisticsOrganisation | null;
  /** Ancestors of the chosen organisation the actor may also choose (for the breadcrumbs). */
  path: StatisticsOrganisation[];
  people: SuppressedTable;
  tables: StatisticsTable[];
  /** Every organisation (and forum) in the actor's scope, to choose one without drilling down. */
  choices: StatisticsOrganisation[];
  /** Direct children of the chosen organisation (or the actor's scope roots). */
  organisations: { table: SuppressedTable; names: Map<string, StatisticsOrganisation> };
  equalityPeople: SuppressedTable;
  equality: StatisticsTable[];
}

type Db = Kysely<DB>;

const consented = (purpose: string) =>
  sql<boolean>`exists (select 1 from consents c where c.person_id = p.id
    and c.purpose = ${purpose} and c.withdrawn_at is null)`;

/** Fills in zero for every expected key, keeps the expected order, adds unexpected keys last. */
function complete(keys: readonly string[], rows: { value: string | null; n: number }[]) {
  const found = new Map(rows.map((r) => [r.value ?? NOT_ANSWERED, r.n]));
  const all = [...keys, ...[...found.keys()].filter((k) => !keys.includes(k))];
  return all.map((key) => ({ key, count: found.get(key) ?? 0 }));
}

export function createStatisticsService(deps: { db: Database }) {
  const db: Db = deps.db;

  async function registerStatistics(
    actor: Actor,
    organisationId: string | undefined,
  ): Promise<RegisterStatistics> {
    const scope = scopeOf(actor, 'register.statistics');
    if (scope !== null && scope.length === 0) throw new HttpError(organisationId ? 404 : 403);

    let organisation: (StatisticsOrganisation & { ancestors: string[] }) | null = null;
    if (organisationId)
      organisation = await organisationInScope(db, actor, 'register.statistics', organisationId);

    // who is counted: people in the chosen subtree (or the whole scope) who consented
    const within: RawBuilder<boolean> = organisation
      ? sql`p.scope_ids && ${sql.val([organisation.id])}::uuid[]`
      : scope === null
        ? sql`true`
        : sql`p.scope_ids && ${sql.val(scope)}::uuid[]`;
    const population = sql<boolean>`p.erased_at is null and ${within} and ${consented('share_deidentified')}`;

    const path: StatisticsOrganisation[] = [];
    if (organisation) {
      const above = organisation.ancestors.slice(0, -1);
      if (above.length) {
        const rows = await db
          .selectFrom('organisations')
          .select(['id', 'name_en', 'name_cy', 'ancestors'])
          .where('id', 'in', above)
          .execute();
        for (const id of above) {
          const row = rows.find((r) => r.id === id);
          if (row && can(actor, 'register.statistics', row))
            path.push({ id: row.id, nameEn: row.name_en, nameCy: row.name_cy });
        }
      }
    }

    const [dimensions, willing, children, equalityRows, choices] = await Promise.all([
      sql<{ dimension: string; value: string; n: number }>`
        select d.dimension, d.value, count(*)::int as n
        from people p
        cross join lateral (values ('kind', p.kind), ('status', p.status),
          ('language', p.preferred_language)) as d(dimension, value)
        where ${population}
        group by d.dimension, d.value`.execute(db),
      sql<{ value: string; n: number }>`
        select a as value, count(*)::int as n
        from people p cross join lateral unnest(p.willing_activities) as a
        where ${population}
        group by a`.execute(db),
      sql<{ id: string; name_en: string; name_cy: string; n: number }>`
        select o.id, o.name_en, o.name_cy,
          (select count(*)::int from people p
            where p.scope_ids && array[o.id]::uuid[] and ${population}) as n
        from organisations o
        where ${breakdownTop(organisation, scope)}
          and o.archived_at is null
        order by o.name_en
        limit 200`.execute(db),
      sql<{ question: string; value: string | null; n: number }>`
        select d.question, d.value, count(*)::int as n
        from people p
        join equality_monitoring e on e.person_id = p.id
        cross join lateral (values ${sql.join(
          questionNames.map((q) =>
            q === 'ethnicity'
              ? sql`(${q}, ${sql.raw(ethnicityGroupCase)})`
              : sql`(${q}, e.${sql.raw(q)})`,
          ),
        )}) as d(question, value)
        where ${population} and ${consented('equality')}
        group by d.question, d.value`.execute(db),
      db
        .selectFrom('organisations as o')
        .select(['o.id', 'o.name_en as nameEn', 'o.name_cy as nameCy'])
        .where('o.archived_at', 'is', null)
        .where(inSubtrees(scope))
        .orderBy('o.name_en')
        .limit(MAX_CHOICES)
        .execute(),
    ]);

    const of = (dimension: string) => dimensions.rows.filter((r) => r.dimension === dimension);
    const kinds = suppress(complete(personKinds, of('kind')));
    const total = of('kind').reduce((sum, r) => sum + r.n, 0);
    const people = suppress([{ key: 'total', count: total }]);

    const equalityTotal = equalityRows.rows
      .filter((r) => r.question === 'sex')
      .reduce((sum, r) => sum + r.n, 0);
    const equality = questionNames.map((q) => {
      const keys =
        q === 'ethnicity'
          ? [...Object.keys(ethnicityGroups), PREFER_NOT_TO_SAY, NOT_ANSWERED]
          : [...equalityQuestions[q], PREFER_NOT_TO_SAY, NOT_ANSWERED];
      return {
        name: q,
        table: suppress(
          complete(
            keys,
            equalityRows.rows.filter((r) => r.question === q),
          ),
        ),
      };
    });

    const names = new Map(
      children.rows.map((r) => [r.id, { id: r.id, nameEn: r.name_en, nameCy: r.name_cy }]),
    );
    return {
      organisation: organisation
        ? { id: organisation.id, nameEn: organisation.nameEn, nameCy: organisation.nameCy }
        : null,
      path,
      choices,
      people,
      tables: [
        { name: 'kind', table: kinds },
        { name: 'status', table: suppress(complete(personStatuses, of('status'))) },
        { name: 'language', table: suppress(complete(['en', 'cy'], of('language'))) },
        {
          name: 'willingness',
          table: suppress(complete(activities, willing.rows), { total }),
        },
      ],
      organisations: {
        // people connected to several organisations count in each: the total is everyone
        table: suppress(
          children.rows.map((r) => ({ key: r.id, count: r.n })),
          { total },
        ),
        names,
      },
      equalityPeople: suppress([{ key: 'total', count: equalityTotal }]),
      equality,
    };
  }

  return { registerStatistics };
}

/** Ethnicity is reported by GSS group (the detailed answers would be too small to show). */
const ethnicityGroupCase = `case ${Object.entries(ethnicityGroups)
  .map(
    ([group, options]) =>
      `when e.ethnicity in (${options.map((o) => `'${o}'`).join(', ')}) then '${group}'`,
  )
  .join(' ')} else e.ethnicity end`;

export type StatisticsService = ReturnType<typeof createStatisticsService>;

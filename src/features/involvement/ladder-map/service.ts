import { sql, type Kysely } from 'kysely';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import type { DB } from '#platform/db/schema.ts';
import { levels, rungs, type Level } from '../tables.ts';
import { HttpError } from '#platform/http/errors.ts';
import { can, scopeOf } from '#platform/permissions/policy.ts';
import {
  breakdownTop,
  inSubtrees,
  organisationInScope,
} from '#platform/permissions/organisation-in-scope.ts';

/**
 * The ladder map (WF appendix 7): for an organisation (and everything below it) and a period,
 * the activity at each rung of the ladder of participation and each level — distinct people
 * who took part, hours, involvement records and opportunities offered — and the rungs with no
 * activity (gaps). Also the same per rung for every organisation below, side by side. Only
 * counts leave this module: no names, no ids of people.
 *
 * Counted:
 *  - people and hours: involvement records dated within the period at the organisation or
 *    below it; a person counts once per cell however many times they took part;
 *  - opportunities offered: published opportunities (open, closed or completed) at the
 *    organisation or below whose time open (published until closed or completed) overlaps the
 *    period.
 * Gaps: a rung with no one recorded as taking part in the period. The Welsh framework asks
 * for activity at all seven rungs; the National Principles expect rungs 1-5 to be evidenced
 * and treat 6-7 as aspirational, so the map says which kind each gap is.
 */
export const SIDE_BY_SIDE_PAGE = 25;
/** NP: rungs 1..5 are expected to be evidenced; 6 and 7 are aspirational. */
export const EXPECTED_RUNGS = 5;

export interface LadderOrganisation {
  id: string;
  nameEn: string;
  nameCy: string;
}

export interface Cell {
  people: number;
  hours: number;
  records: number;
  opportunities: number;
}

export interface RungRow extends Cell {
  rung: number;
  byLevel: Record<Level, Cell>;
  gap: boolean;
  /** A gap at a rung the National Principles expect to be evidenced (1-5). */
  expected: boolean;
}

export interface SideBySideRow {
  id: string;
  nameEn: string;
  nameCy: string;
  kind: string;
  /** Depth below the chosen organisation (1 = directly below). */
  depth: number;
  /** People at rungs 1..7 (index 0 = rung 1). */
  people: number[];
  hours: number;
  total: number;
  rungsEvidenced: number;
}

export interface LadderMap {
  organisation: LadderOrganisation | null;
  path: LadderOrganisation[];
  from: string;
  to: string;
  rows: RungRow[];
  total: Cell;
  rungsEvidenced: number;
  sideBySide: { rows: SideBySideRow[]; total: number; page: number; pageCount: number };
}

type Db = Kysely<DB>;

const emptyCell = (): Cell => ({ people: 0, hours: 0, records: 0, opportunities: 0 });

/** Today in Europe/London, and the same day a year before plus one (a year up to today). */
export function defaultPeriod(now = new Date()) {
  const to = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now);
  const [y, m, d] = to.split('-').map(Number) as [number, number, number];
  const from = new Date(Date.UTC(y - 1, m - 1, d + 1)).toISOString().slice(0, 10);
  return { from, to };
}

export function createLadderService(deps: { db: Database }) {
  const db: Db = deps.db;

  async function ladderMap(
    actor: Actor,
    options: { organisationId?: string | undefined; from: string; to: string; page: number },
  ): Promise<LadderMap> {
    const scope = scopeOf(actor, 'ladder.view');
    if (scope !== null && scope.length === 0)
      throw new HttpError(options.organisationId ? 404 : 403);

    let chosen: (LadderOrganisation & { ancestors: string[] }) | null = null;
    const chosenId = options.organisationId ?? (scope?.length === 1 ? scope[0] : undefined);
    if (chosenId) chosen = await organisationInScope(db, actor, 'ladder.view', chosenId);
    const roots = chosen ? [chosen.id] : scope;
    const within = (alias: string) => inSubtrees(roots, alias);
    const { from, to } = options;
    // the organisations' ids first, so the records are read through their index
    // (organisation_id, took_part_on) rather than scanned whole
    const recordsWithin =
      roots === null
        ? sql<boolean>`true`
        : sql<boolean>`r.organisation_id = any(array(select o.id from organisations o
            where o.ancestors && ${sql.val(roots)}::uuid[]))`;

    const above = chosen ? chosen.ancestors.slice(0, -1) : [];
    const offset = (options.page - 1) * SIDE_BY_SIDE_PAGE;
    const [pathRows, cells, offered, below] = await Promise.all([
      above.length
        ? db
            .selectFrom('organisations')
            .select(['id', 'name_en as nameEn', 'name_cy as nameCy', 'ancestors'])
            .where('id', 'in', above)
            .execute()
        : Promise.resolve([]),
      sql<{
        rung: number | null;
        level: Level | null;
        people: number;
        hours: number;
        records: number;
      }>`
        select r.rung, r.level, count(distinct r.person_id)::int as people,
          coalesce(sum(r.hours), 0)::float8 as hours, count(*)::int as records
        from involvement_records r
        where ${recordsWithin} and r.took_part_on between ${from}::date and ${to}::date
        group by grouping sets ((r.rung, r.level), (r.rung), ())`.execute(db),
      sql<{ rung: number | null; level: Level | null; n: number }>`
        select op.rung, op.level, count(*)::int as n
        from opportunities op join organisations o on o.id = op.organisation_id
        where ${within('o')} and op.status in ('open', 'closed', 'completed')
          and coalesce(op.opened_at, op.created_at) < (${to}::date + 1)
          and coalesce(op.completed_at, op.closed_at, now()) >= ${from}::date
        group by grouping sets ((op.rung, op.level), (op.rung), ())`.execute(db),
      // the organisations below, in tree order (walked down from the top: index on parent_id)
      sql<{
        id: string;
        nameEn: string;
        nameCy: string;
        kind: string;
        depth: number;
        total: number;
      }>`
        with recursive tree as (
          select o.id, o.name_en, o.name_cy, o.kind, array_length(o.ancestors, 1) as depth,
            array[lower(o.name_en), o.id::text] as path
          from organisations o
          where o.archived_at is null and ${breakdownTop(chosen, roots)}
          union all
          select c.id, c.name_en, c.name_cy, c.kind, t.depth + 1,
            t.path || array[lower(c.name_en), c.id::text]
          from organisations c join tree t on c.parent_id = t.id
          where c.archived_at is null)
        select id, name_en as "nameEn", name_cy as "nameCy", kind, depth,
          count(*) over ()::int as total
        from tree
        order by path
        limit ${SIDE_BY_SIDE_PAGE} offset ${offset}`.execute(db),
    ]);

    const rows: RungRow[] = rungs.map((_, i) => ({
      rung: i + 1,
      ...emptyCell(),
      byLevel: Object.fromEntries(levels.map((l) => [l, emptyCell()])) as Record<Level, Cell>,
      gap: true,
      expected: i + 1 <= EXPECTED_RUNGS,
    }));
    const total = emptyCell();
    const cellOf = (rung: number | null, level: Level | null): Cell | undefined => {
      if (rung === null) return level === null ? total : undefined;
      const row = rows[rung - 1];
      if (!row) return undefined;
      return level === null ? row : row.byLevel[level];
    };
    for (const c of cells.rows) {
      const cell = cellOf(c.rung, c.level);
      if (!cell) continue;
      cell.people = c.people;
      cell.hours = c.hours;
      cell.records = c.records;
    }
    for (const c of offered.rows) {
      const cell = cellOf(c.rung, c.level);
      if (cell) cell.opportunities = c.n;
    }
    for (const row of rows) row.gap = row.people === 0;

    // side by side: people at each rung for each organisation on the page (its subtree)
    const pageIds = below.rows.map((o) => o.id);
    const perOrganisation = pageIds.length
      ? await sql<{ id: string; rung: number | null; people: number; hours: number }>`
          with cell as (
            select p.id, r.rung, r.person_id, sum(r.hours) as hours
            from unnest(${sql.val(pageIds)}::uuid[]) as p(id)
            join organisations o on o.ancestors @> array[p.id]
            join involvement_records r on r.organisation_id = o.id
            where r.took_part_on between ${from}::date and ${to}::date
            group by p.id, r.rung, r.person_id)
          select id, rung, count(*)::int as people, coalesce(sum(hours), 0)::float8 as hours
          from cell group by id, rung
          union all
          select id, null, count(*)::int, coalesce(sum(hours), 0)::float8
          from (select id, person_id, sum(hours) as hours from cell group by id, person_id) x
          group by id`.execute(db)
      : { rows: [] };
    const baseDepth = chosen ? chosen.ancestors.length : 0;
    const byId = new Map<string, SideBySideRow>(
      below.rows.map((o) => [
        o.id,
        {
          id: o.id,
          nameEn: o.nameEn,
          nameCy: o.nameCy,
          kind: o.kind,
          depth: Math.max(1, o.depth - baseDepth),
          people: rungs.map(() => 0),
          hours: 0,
          total: 0,
          rungsEvidenced: 0,
        },
      ]),
    );
    for (const c of perOrganisation.rows) {
      const row = byId.get(c.id);
      if (!row) continue;
      if (c.rung === null) {
        row.total = c.people;
        row.hours = c.hours;
      } else row.people[c.rung - 1] = c.people;
    }
    for (const row of byId.values()) row.rungsEvidenced = row.people.filter((n) => n > 0).length;
    const belowTotal = below.rows[0]?.total ?? 0;

    return {
      organisation: chosen ? { id: chosen.id, nameEn: chosen.nameEn, nameCy: chosen.nameCy } : null,
      path: above
        .map((id) => pathRows.find((r) => r.id === id))
        .filter((r): r is NonNullable<typeof r> => r !== undefined && can(actor, 'ladder.view', r))
        .map((r) => ({ id: r.id, nameEn: r.nameEn, nameCy: r.nameCy })),
      from,
      to,
      rows,
      total,
      rungsEvidenced: rows.filter((r) => !r.gap).length,
      sideBySide: {
        rows: [...byId.values()],
        total: belowTotal,
        page: options.page,
        pageCount: Math.max(1, Math.ceil(belowTotal / SIDE_BY_SIDE_PAGE)),
      },
    };
  }

  return { ladderMap };
}

export type LadderService = ReturnType<typeof createLadderService>;

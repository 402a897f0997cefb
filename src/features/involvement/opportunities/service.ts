import { sql } from 'kysely';
import type { Actor } from '#platform/auth/sessions.ts';
import type { OpportunityStatus } from '../tables.ts';
import type { Language } from '#platform/i18n/i18n.ts';
import { scopeOf } from '#platform/permissions/policy.ts';
import { transitions, type ListQuery, type OpportunityInput } from './schema.ts';
import {
  PAGE_SIZE,
  MATCH_JOB,
  matchingFields,
  type Opportunity,
  toOpportunity,
  columnsOf,
  type Executor,
  withOrganisation,
  ukToday,
  type ChangeResult,
  type OpportunitiesDependencies,
} from './model.ts';
import { opportunityMatching } from './matching.ts';

export {
  PAGE_SIZE,
  MATCH_JOB,
  type Opportunity,
  ukToday,
  type ChangeResult,
  type MatchSummary,
} from './model.ts';

/**
 * Opportunities (issue 4, item 1-2): create, edit, publish (draft → open → closed → completed,
 * or cancelled) and, on opening, the `opportunity.match` job that finds the people an
 * opportunity suits and tells each of them once through the batch safe-contact function.
 * Every change is audited inside its transaction. See docs/opportunities.md.
 */
/** What a list of opportunities shows of each (the staff list adds its status, the public one how to attend). */
const listColumns = [
  'op.id',
  'op.title_en',
  'op.title_cy',
  'op.rung',
  'op.method',
  'op.closing_date',
  'op.starts_at',
  'o.name_en as org_name_en',
  'o.name_cy as org_name_cy',
] as const;

export function createOpportunitiesService(deps: OpportunitiesDependencies) {
  const { db, audit, jobs } = deps;

  /** One opportunity with its organisation (callers check the actor may see it). */
  async function find(id: string, executor: Executor = db) {
    const row = await withOrganisation(executor).where('op.id', '=', id).executeTakeFirst();
    return row ? toOpportunity(row) : null;
  }

  /** The list for staff, filtered to the organisations whose opportunities the actor may see. */
  async function list(actor: Actor, query: ListQuery) {
    const scope = scopeOf(actor, 'opportunity.view');
    let base = db
      .selectFrom('opportunities as op')
      .innerJoin('organisations as o', 'o.id', 'op.organisation_id');
    if (scope !== null)
      base = base.where(sql<boolean>`${sql.ref('o.ancestors')} && ${sql.val(scope)}::uuid[]`);
    if (query.status) base = base.where('op.status', '=', query.status);
    if (query.rung) base = base.where('op.rung', '=', query.rung);
    if (query.organisation)
      base = base.where(
        sql<boolean>`${sql.ref('o.ancestors')} @> array[${sql.val(query.organisation)}]::uuid[]`,
      );
    const [count, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
      base
        .select([...listColumns, 'op.status'])
        .orderBy('op.created_at', 'desc')
        .orderBy('op.id')
        .limit(PAGE_SIZE)
        .offset((query.page - 1) * PAGE_SIZE)
        .execute(),
    ]);
    const total = Number(count.n);
    return { total, rows, page: query.page, pageCount: Math.ceil(total / PAGE_SIZE) };
  }

  /** Organisations where the actor may create opportunities (for the choice on the first page). */
  async function organisationsFor(
    actor: Actor,
    lang: Language,
    permission: 'opportunity.view' | 'opportunity.manage',
    limit = 1000,
  ) {
    const scope = scopeOf(actor, permission);
    if (scope !== null && scope.length === 0) return [];
    let query = db
      .selectFrom('organisations as o')
      .select(['o.id', 'o.name_en', 'o.name_cy'])
      .where('o.archived_at', 'is', null);
    if (scope !== null)
      query = query.where(sql<boolean>`${sql.ref('o.ancestors')} && ${sql.val(scope)}::uuid[]`);
    const rows = await query
      .orderBy(lang === 'cy' ? 'o.name_cy' : 'o.name_en')
      .limit(limit)
      .execute();
    return rows;
  }

  /** Whether there is anywhere the actor may create opportunities. */
  async function canCreateAnywhere(actor: Actor) {
    return (await organisationsFor(actor, 'en', 'opportunity.manage', 1)).length > 0;
  }

  async function organisationRef(id: string) {
    const row = await db
      .selectFrom('organisations')
      .select(['id', 'ancestors', 'archived_at', 'name_en', 'name_cy'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row
      ? {
          id: row.id,
          ancestors: row.ancestors,
          archived: row.archived_at !== null,
          nameEn: row.name_en,
          nameCy: row.name_cy,
        }
      : null;
  }

  async function createOpportunity(actor: Actor, organisationId: string, input: OpportunityInput) {
    return db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('opportunities')
        .values({ organisation_id: organisationId, ...columnsOf(input), created_by: actor.id })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit.record(
        {
          actorAccountId: actor.id,
          action: 'opportunity.created',
          subjectType: 'opportunity',
          subjectId: row.id,
          organisationId,
          details: { rung: input.rung, method: input.method },
        },
        trx,
      );
      return row.id;
    });
  }

  async function updateOpportunity(
    actor: Actor,
    opportunity: Opportunity,
    input: OpportunityInput,
  ) {
    return db.transaction().execute(async (trx) => {
      await trx
        .updateTable('opportunities')
        .set({ ...columnsOf(input), updated_at: new Date() })
        .where('id', '=', opportunity.id)
        .execute();
      const changed = (Object.keys(input) as (keyof OpportunityInput)[]).filter(
        (key) => JSON.stringify(input[key]) !== JSON.stringify(opportunity[key]),
      );
      await audit.record(
        {
          actorAccountId: actor.id,
          action: 'opportunity.updated',
          subjectType: 'opportunity',
          subjectId: opportunity.id,
          organisationId: opportunity.organisationId,
          details: { fields: changed },
        },
        trx,
      );
      // an open opportunity that now suits other people: match again (nobody is told twice)
      const rematch =
        opportunity.status === 'open' && changed.some((key) => matchingFields.includes(key));
      if (rematch) {
        const now = new Date();
        await jobs.send(
          MATCH_JOB,
          { opportunityId: opportunity.id, accountId: actor.id },
          { singletonKey: `${opportunity.id}:${now.toISOString()}` },
          trx,
        );
      }
      return { rematch };
    });
  }

  /**
   * Moves an opportunity to another status. Opening checks the closing date has not passed and
   * queues the matching job (in the same transaction, so it runs only if the change commits).
   */
  async function changeStatus(
    actor: Actor,
    opportunity: Opportunity,
    to: OpportunityStatus,
    now = new Date(),
  ): Promise<ChangeResult> {
    return db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('opportunities')
        .select(['status', 'closing_date'])
        .where('id', '=', opportunity.id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (!transitions[current.status]?.includes(to))
        return { ok: false as const, error: 'transition' as const };
      if (to === 'open' && current.closing_date && current.closing_date < ukToday(now))
        return { ok: false as const, error: 'closingDatePassed' as const };
      await trx
        .updateTable('opportunities')
        .set({
          status: to,
          updated_at: now,
          ...(to === 'open' ? { opened_at: now } : {}),
          ...(to === 'closed' ? { closed_at: now } : {}),
          ...(to === 'completed' ? { completed_at: now } : {}),
        })
        .where('id', '=', opportunity.id)
        .execute();
      await audit.record(
        {
          actorAccountId: actor.id,
          action: 'opportunity.status_changed',
          subjectType: 'opportunity',
          subjectId: opportunity.id,
          organisationId: opportunity.organisationId,
          details: { from: current.status, to },
        },
        trx,
      );
      if (to === 'open')
        await jobs.send(
          MATCH_JOB,
          { opportunityId: opportunity.id, accountId: actor.id },
          { singletonKey: `${opportunity.id}:${now.toISOString()}` },
          trx,
        );
      const updated = await find(opportunity.id, trx);
      return { ok: true as const, opportunity: updated! };
    });
  }

  const matchOpportunity = opportunityMatching(deps, find);

  /**
   * How many people were told about an opportunity (every run) and, at the last matching, how
   * many it suited but were not told, for each reason (phone or visit: a worker's task).
   */
  async function invitationCounts(opportunity: Opportunity) {
    const rows = await db
      .selectFrom('opportunity_invitations')
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('opportunity_id', '=', opportunity.id)
      .groupBy('status')
      .execute();
    const queued = Number(rows.find((r) => r.status === 'queued')?.n ?? 0);
    const reasons = Object.entries(opportunity.matchSummary?.blocked ?? {})
      .map(([reason, count]) => ({ reason, count }))
      .filter((r) => r.count > 0)
      .sort((a, b) => b.count - a.count);
    const blocked = reasons.reduce((sum, r) => sum + r.count, 0);
    return { matched: opportunity.matchedAt !== null, queued, blocked, reasons };
  }

  /** Open opportunities marked public, not past their closing date (no personal data). */
  async function listPublic(page: number, now = new Date()) {
    const today = ukToday(now);
    const base = db
      .selectFrom('opportunities as op')
      .innerJoin('organisations as o', 'o.id', 'op.organisation_id')
      .where('op.status', '=', 'open')
      .where('op.public', '=', true)
      .where('o.archived_at', 'is', null)
      .where((eb) =>
        eb.or([eb('op.closing_date', 'is', null), eb('op.closing_date', '>=', today)]),
      );
    const [count, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
      base
        .select([...listColumns, 'op.attendance'])
        .orderBy(sql`op.closing_date asc nulls last`)
        .orderBy('op.id')
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
        .execute(),
    ]);
    const total = Number(count.n);
    return { total, rows, page, pageCount: Math.ceil(total / PAGE_SIZE) };
  }

  async function findPublic(id: string, now = new Date()) {
    const opportunity = await find(id);
    if (
      !opportunity ||
      opportunity.status !== 'open' ||
      !opportunity.public ||
      (opportunity.closingDate !== null && opportunity.closingDate < ukToday(now))
    )
      return null;
    return opportunity;
  }

  return {
    find,
    list,
    organisationsFor,
    canCreateAnywhere,
    organisationRef,
    createOpportunity,
    updateOpportunity,
    changeStatus,
    matchOpportunity,
    invitationCounts,
    listPublic,
    findPublic,
  };
}

export type OpportunitiesService = ReturnType<typeof createOpportunitiesService>;

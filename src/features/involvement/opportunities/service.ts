import { sql, type Selectable, type Transaction } from 'kysely';
import type { Actor } from '#platform/auth/sessions.ts';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import { contactPeople } from '#features/register';
import type { ContactDependencies } from '#features/register';
import type { Database } from '#platform/db/database.ts';
import type { DB } from '#platform/db/schema.ts';
import {
  activityForMethod,
  type OpportunitiesTable,
  type OpportunityMatchSummary,
  type OpportunityStatus,
} from '../tables.ts';
import type { Language } from '#platform/i18n/i18n.ts';
import type { Jobs } from '#platform/jobs/types.ts';
import { scopeOf, type OrganisationRef } from '#platform/permissions/policy.ts';
import { formatDate } from '#platform/views/views.ts';
import { londonParts, transitions, type ListQuery, type OpportunityInput } from './schema.ts';

/**
 * Opportunities (issue 4, item 1-2): create, edit, publish (draft → open → closed → completed,
 * or cancelled) and, on opening, the `opportunity.match` job that finds the people an
 * opportunity suits and tells each of them once through the batch safe-contact function.
 * Every change is audited inside its transaction. See docs/opportunities.md.
 */

export const PAGE_SIZE = 25;
export const MATCH_JOB = 'opportunity.match';
/** The answers that decide who an opportunity suits: changing one on an open opportunity matches
 * again. */
const matchingFields: readonly string[] = ['method', 'audiences', 'welshMedium', 'startsAt'];

export interface Opportunity extends OpportunityInput {
  id: string;
  organisationId: string;
  organisation: OrganisationRef & { nameEn: string; nameCy: string };
  status: OpportunityStatus;
  createdAt: Date;
  updatedAt: Date;
  openedAt: Date | null;
  closedAt: Date | null;
  completedAt: Date | null;
  matchSummary: OpportunityMatchSummary | null;
  matchedAt: Date | null;
}

type Row = Selectable<OpportunitiesTable> & {
  org_name_en: string;
  org_name_cy: string;
  org_ancestors: string[];
};

function toOpportunity(row: Row): Opportunity {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisation: {
      id: row.organisation_id,
      ancestors: row.org_ancestors,
      nameEn: row.org_name_en,
      nameCy: row.org_name_cy,
    },
    titleEn: row.title_en,
    titleCy: row.title_cy,
    descriptionEn: row.description_en,
    descriptionCy: row.description_cy,
    rung: row.rung,
    level: row.level,
    ntaScope: row.nta_scope,
    ntaMode: row.nta_mode,
    method: row.method,
    audiences: row.audiences as OpportunityInput['audiences'],
    closedGroupEn: row.closed_group_en,
    closedGroupCy: row.closed_group_cy,
    welshMedium: row.welsh_medium,
    opensOn: row.opens_on,
    closingDate: row.closing_date,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    attendance: row.attendance,
    locationEn: row.location_en,
    locationCy: row.location_cy,
    timeCommitmentEn: row.time_commitment_en,
    timeCommitmentCy: row.time_commitment_cy,
    expectedHours: row.expected_hours,
    skillsNeeded: row.skills_needed as OpportunityInput['skillsNeeded'],
    trainingNeeded: row.training_needed as OpportunityInput['trainingNeeded'],
    payment: row.payment,
    paymentDetailsEn: row.payment_details_en,
    paymentDetailsCy: row.payment_details_cy,
    accessibilityEn: row.accessibility_en,
    accessibilityCy: row.accessibility_cy,
    places: row.places,
    backups: row.backups,
    public: row.public,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    openedAt: row.opened_at,
    closedAt: row.closed_at,
    completedAt: row.completed_at,
    matchSummary: row.match_summary,
    matchedAt: row.matched_at,
  };
}

function columnsOf(input: OpportunityInput) {
  return {
    title_en: input.titleEn,
    title_cy: input.titleCy,
    description_en: input.descriptionEn,
    description_cy: input.descriptionCy,
    rung: input.rung,
    level: input.level,
    nta_scope: input.ntaScope,
    nta_mode: input.ntaMode,
    method: input.method,
    audiences: input.audiences,
    closed_group_en: input.closedGroupEn,
    closed_group_cy: input.closedGroupCy,
    welsh_medium: input.welshMedium,
    opens_on: input.opensOn,
    closing_date: input.closingDate,
    starts_at: input.startsAt,
    ends_at: input.endsAt,
    attendance: input.attendance,
    location_en: input.locationEn,
    location_cy: input.locationCy,
    time_commitment_en: input.timeCommitmentEn,
    time_commitment_cy: input.timeCommitmentCy,
    expected_hours: input.expectedHours,
    skills_needed: input.skillsNeeded,
    training_needed: input.trainingNeeded,
    payment: input.payment,
    payment_details_en: input.paymentDetailsEn,
    payment_details_cy: input.paymentDetailsCy,
    accessibility_en: input.accessibilityEn,
    accessibility_cy: input.accessibilityCy,
    places: input.places,
    backups: input.backups,
    public: input.public,
  };
}

type Executor = Database | Transaction<DB>;

const withOrganisation = (executor: Executor) =>
  executor
    .selectFrom('opportunities as op')
    .innerJoin('organisations as o', 'o.id', 'op.organisation_id')
    .selectAll('op')
    .select([
      'o.name_en as org_name_en',
      'o.name_cy as org_name_cy',
      'o.ancestors as org_ancestors',
    ]);

/** Today in the UK (YYYY-MM-DD). */
export const ukToday = (now = new Date()) => londonParts(now).date;

export type ChangeResult =
  { ok: true; opportunity: Opportunity } | { ok: false; error: 'transition' | 'closingDatePassed' };

export interface MatchSummary {
  matched: number;
  queued: number;
  blocked: number;
  /** Where the time went (ms): the matching query, the batch contact, the invitation rows. */
  ms?: { match: number; contact: number; invitations: number };
}

export function createOpportunitiesService(deps: {
  db: Database;
  audit: AuditLog;
  jobs: Jobs;
  contact: Omit<ContactDependencies, 'notifier'>;
  publicUrl: string;
}) {
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
        .select([
          'op.id',
          'op.title_en',
          'op.title_cy',
          'op.rung',
          'op.method',
          'op.status',
          'op.closing_date',
          'op.starts_at',
          'o.name_en as org_name_en',
          'o.name_cy as org_name_cy',
        ])
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
  ) {
    const scope = scopeOf(actor, permission);
    if (scope !== null && scope.length === 0) return [];
    let query = db
      .selectFrom('organisations as o')
      .select(['o.id', 'o.name_en', 'o.name_cy', 'o.ancestors'])
      .where('o.archived_at', 'is', null);
    if (scope !== null)
      query = query.where(sql<boolean>`${sql.ref('o.ancestors')} && ${sql.val(scope)}::uuid[]`);
    const rows = await query
      .orderBy(lang === 'cy' ? 'o.name_cy' : 'o.name_en')
      .limit(1000)
      .execute();
    return rows;
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

  /**
   * Finds the people an open opportunity suits and tells each of them once, in their own
   * language, through the batch safe-contact function (which refuses people without consent to
   * contact, paused people and so on, recording why). Matching: active, not erased, connected to
   * the organisation or one below it, of a kind the opportunity is for (if it says), willing to
   * do the method's activity (if it needs one), Welsh-speaking or preferring Welsh when it is
   * held in Welsh, and not unavailable when it starts. People already told are left out, so the
   * job can run again (a retry, or re-opening) without telling anyone twice.
   */
  async function matchOpportunity(opportunityId: string, accountId: string | null) {
    return db.transaction().execute(async (trx) => {
      const opportunity = await find(opportunityId, trx);
      if (!opportunity || opportunity.status !== 'open')
        return { matched: 0, queued: 0, blocked: 0 } satisfies MatchSummary;
      const conditions = [
        sql`p.status = 'active'`,
        sql`p.erased_at is null`,
        sql`p.scope_ids @> array[${opportunity.organisationId}]::uuid[]`,
        // told before (or handed to a worker before): never again
        sql`not exists (select 1 from opportunity_invitations i
              where i.opportunity_id = ${opportunity.id} and i.person_id = p.id)`,
      ];
      if (opportunity.audiences.length)
        conditions.push(sql`p.kind = any(${sql.val(opportunity.audiences)}::text[])`);
      const activity = activityForMethod[opportunity.method];
      if (activity) conditions.push(sql`${activity} = any(p.willing_activities)`);
      if (opportunity.welshMedium)
        conditions.push(sql`(p.speaks_welsh or p.preferred_language = 'cy')`);
      if (opportunity.startsAt) {
        const start = londonParts(opportunity.startsAt);
        const end = opportunity.endsAt ? londonParts(opportunity.endsAt) : null;
        const endTime = !end ? null : end.date === start.date ? end.time : '23:59';
        conditions.push(
          endTime
            ? sql`not exists (select 1 from person_unavailable_times u where u.person_id = p.id
                and (u.weekday is null or u.weekday = ${start.weekday})
                and u.starts_at < ${endTime}::time and u.ends_at > ${start.time}::time)`
            : sql`not exists (select 1 from person_unavailable_times u where u.person_id = p.id
                and (u.weekday is null or u.weekday = ${start.weekday})
                and u.starts_at <= ${start.time}::time and u.ends_at > ${start.time}::time)`,
          sql`not exists (select 1 from person_unavailable_dates d where d.person_id = p.id
                and d.date = ${start.date}::date)`,
        );
      }
      const clock = [performance.now()];
      // Consent to contact is part of matching (the batch contact function checks it again):
      // people without it are only counted, so 100,000 of them cost one query.
      const matched = await sql<{ id: string; consented: boolean }>`select p.id,
            exists (select 1 from consents c where c.person_id = p.id and c.purpose = 'contact'
              and c.withdrawn_at is null) as consented
          from people p
          where ${sql.join(conditions, sql` and `)}`.execute(trx);
      const personIds = matched.rows.filter((r) => r.consented).map((r) => r.id);
      const withoutConsent = matched.rows.length - personIds.length;
      const at = opportunity.startsAt ?? null;
      const personalisation = ({ language }: { language: Language }) => ({
        title: language === 'cy' ? opportunity.titleCy : opportunity.titleEn,
        organisation:
          language === 'cy' ? opportunity.organisation.nameCy : opportunity.organisation.nameEn,
        date: at
          ? formatDate(at, language)
          : deps.contact.i18n.t(language)('opportunities:invitation.dateToBeArranged'),
        closingDate: opportunity.closingDate
          ? formatDate(opportunity.closingDate, language)
          : deps.contact.i18n.t(language)('opportunities:invitation.noClosingDate'),
        link: `${deps.publicUrl}/portal/opportunities/${opportunity.id}`,
      });
      clock.push(performance.now());
      const results = await contactPeople(deps.contact, trx, {
        personIds,
        organisationId: opportunity.organisationId,
        template: 'opportunityInvitation',
        personalisation,
        samePersonalisationForLanguage: true,
        recordBlocked: 'tasks',
      });
      clock.push(performance.now());
      // who was told, or handed to a worker to phone or visit: once each, ever
      const told = results.filter((r) => r.messageId !== null);
      for (let i = 0; i < told.length; i += 10_000) {
        const chunk = told.slice(i, i + 10_000);
        await sql`insert into opportunity_invitations (opportunity_id, person_id, message_id, status)
            select ${opportunity.id}::uuid, * from unnest(
              ${chunk.map((r) => r.personId)}::uuid[],
              ${chunk.map((r) => r.messageId)}::uuid[],
              ${chunk.map((r) => (r.status === 'queued' ? 'queued' : `blocked:${r.reason}`))}::text[])
            on conflict (opportunity_id, person_id) do nothing`.execute(trx);
      }
      const blocked: Record<string, number> = withoutConsent ? { no_consent: withoutConsent } : {};
      for (const r of results)
        if (r.status === 'blocked') blocked[r.reason] = (blocked[r.reason] ?? 0) + 1;
      const queued = results.length - results.filter((r) => r.status === 'blocked').length;
      await trx
        .updateTable('opportunities')
        .set({
          match_summary: JSON.stringify({ matched: matched.rows.length, queued, blocked }),
          matched_at: new Date(),
        })
        .where('id', '=', opportunity.id)
        .execute();
      clock.push(performance.now());
      const summary: MatchSummary = {
        matched: matched.rows.length,
        queued,
        blocked: Object.values(blocked).reduce((a, b) => a + b, 0),
      };
      const ms = (i: number) => Math.round(clock[i + 1]! - clock[i]!);
      summary.ms = { match: ms(0), contact: ms(1), invitations: ms(2) };
      await audit.record(
        {
          actorAccountId: accountId,
          action: 'opportunity.invitations_queued',
          subjectType: 'opportunity',
          subjectId: opportunity.id,
          organisationId: opportunity.organisationId,
          details: { matched: summary.matched, queued: summary.queued, blocked: summary.blocked },
        },
        trx,
      );
      return summary;
    });
  }

  jobs.register<{ opportunityId: string; accountId?: string }>(
    MATCH_JOB,
    async (data) => matchOpportunity(data.opportunityId, data.accountId ?? null),
    { retryLimit: 2, expireInSeconds: 600 },
  );

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
        .select([
          'op.id',
          'op.title_en',
          'op.title_cy',
          'op.rung',
          'op.method',
          'op.attendance',
          'op.closing_date',
          'op.starts_at',
          'o.name_en as org_name_en',
          'o.name_cy as org_name_cy',
        ])
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

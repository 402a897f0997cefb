import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { InterestStatus, OpportunityStatus } from '../tables.ts';
import type { PersonStatus } from '#features/register';
import { visibleTo, type Viewer } from '#features/register';
import { RECENT_PLACES, WINDOW_MONTHS } from './fairness.ts';

/**
 * SQL for selection. Staff reads are limited twice: the opportunity's organisation is checked
 * against the actor's permission (routes), and the people shown are those the actor may see
 * (`visibleTo`). A person in the portal sees only opportunities of organisations they are
 * connected to (or one above them) and only their own expressions of interest.
 */
type Db = Kysely<DB>;

export const PAGE_SIZE = 25;

/** "Today" in the UK, in SQL (closing dates are UK dates). */
const today = sql`(now() at time zone 'Europe/London')::date`;
const window = sql.raw(`interval '${String(WINDOW_MONTHS)} months'`);

export interface OpportunityRow {
  id: string;
  organisation_id: string;
  ancestors: string[];
  organisation_name_en: string;
  organisation_name_cy: string;
  title_en: string;
  title_cy: string;
  description_en: string;
  description_cy: string;
  rung: number;
  level: string;
  method: string;
  audiences: string[];
  closed_group_en: string | null;
  closed_group_cy: string | null;
  opens_on: string | null;
  closing_date: string | null;
  starts_at: Date | null;
  ends_at: Date | null;
  attendance: string;
  location_en: string | null;
  location_cy: string | null;
  time_commitment_en: string | null;
  time_commitment_cy: string | null;
  expected_hours: number | null;
  payment: string;
  payment_details_en: string | null;
  payment_details_cy: string | null;
  accessibility_en: string | null;
  accessibility_cy: string | null;
  welsh_medium: boolean;
  places: number;
  backups: number;
  status: OpportunityStatus;
  /** Open, and today is between its opening and closing dates. */
  taking_interest: boolean;
}

const opportunityColumns = sql`o.id, o.organisation_id, g.ancestors,
  g.name_en as organisation_name_en, g.name_cy as organisation_name_cy,
  o.title_en, o.title_cy, o.description_en, o.description_cy, o.rung, o.level, o.method,
  o.audiences, o.closed_group_en, o.closed_group_cy, o.opens_on::text as opens_on,
  o.closing_date::text as closing_date, o.starts_at, o.ends_at, o.attendance,
  o.location_en, o.location_cy, o.time_commitment_en, o.time_commitment_cy,
  o.expected_hours::float8 as expected_hours, o.payment, o.payment_details_en,
  o.payment_details_cy, o.accessibility_en, o.accessibility_cy, o.welsh_medium, o.places,
  o.backups, o.status,
  (o.status = 'open' and (o.closing_date is null or o.closing_date >= ${today})
    and (o.opens_on is null or o.opens_on <= ${today})) as taking_interest`;

/** An opportunity with its organisation's place in the tree (for the permission check). */
export async function findOpportunity(db: Db, id: string) {
  const result = await sql<OpportunityRow>`select ${opportunityColumns}
    from opportunities o join organisations g on g.id = o.organisation_id
    where o.id = ${id}`.execute(db);
  return result.rows[0];
}

/** The opportunity row locked for a change of decisions (concurrent saves wait in turn). */
export async function lockOpportunity(trx: Db, id: string) {
  await sql`select id from opportunities where id = ${id} for update`.execute(trx);
}

// ---------------------------------------------------------------- the portal

export interface PortalPersonRow {
  id: string;
  kind: string;
  status: PersonStatus;
  scope_ids: string[];
  erased: boolean;
}

export async function findPortalPerson(db: Db, personId: string) {
  const result = await sql<PortalPersonRow>`select id, kind, status, scope_ids,
      erased_at is not null as erased
    from people where id = ${personId}`.execute(db);
  return result.rows[0];
}

/** The conditions under which a person may see an opportunity in the portal and say they are interested. */
const openFor = (person: PortalPersonRow) => sql`o.status = 'open'
  and (o.closing_date is null or o.closing_date >= ${today})
  and (o.opens_on is null or o.opens_on <= ${today})
  and (cardinality(o.audiences) = 0 or ${person.kind} = any(o.audiences))
  and o.organisation_id = any(${sql.val(person.scope_ids)}::uuid[])`;

export interface PortalListRow {
  id: string;
  title_en: string;
  title_cy: string;
  rung: number;
  method: string;
  closing_date: string | null;
  starts_at: Date | null;
  organisation_name_en: string;
  organisation_name_cy: string;
  interest_status: InterestStatus | null;
}

/** One page of the open opportunities a person may take part in, soonest closing first. */
export async function openOpportunitiesFor(db: Db, person: PortalPersonRow, page: number) {
  const where = openFor(person);
  const rows = await sql<PortalListRow>`select o.id, o.title_en, o.title_cy, o.rung, o.method,
      o.closing_date::text as closing_date, o.starts_at,
      g.name_en as organisation_name_en, g.name_cy as organisation_name_cy,
      e.status as interest_status
    from opportunities o join organisations g on g.id = o.organisation_id
    left join expressions_of_interest e on e.opportunity_id = o.id and e.person_id = ${person.id}
    where ${where}
    order by o.closing_date nulls last, o.created_at desc, o.id
    limit ${PAGE_SIZE} offset ${(page - 1) * PAGE_SIZE}`.execute(db);
  const counted = await sql<{
    n: number;
  }>`select count(*)::int as n from opportunities o where ${where}`.execute(db);
  return { rows: rows.rows, total: counted.rows[0]?.n ?? 0 };
}

/** An opportunity the person may see in the portal: open for them, or one they expressed interest in. */
export async function portalOpportunity(db: Db, person: PortalPersonRow, id: string) {
  const result = await sql<
    OpportunityRow & { open_for_person: boolean }
  >`select ${opportunityColumns},
      (${openFor(person)}) as open_for_person
    from opportunities o join organisations g on g.id = o.organisation_id
    where o.id = ${id} and ((${openFor(person)}) or exists (select 1 from expressions_of_interest x
      where x.opportunity_id = o.id and x.person_id = ${person.id}))`.execute(db);
  return result.rows[0];
}

export interface InterestRow {
  id: string;
  opportunity_id: string;
  method: string;
  note: string | null;
  support_needed: string | null;
  status: InterestStatus;
  decision_reason: string | null;
  decision_reason_for_person: string | null;
  told_at: Date | null;
  created_at: Date;
}

export async function interestOf(db: Db, personId: string, opportunityId: string) {
  const result = await sql<InterestRow>`select id, opportunity_id, method, note, support_needed,
      status, decision_reason, decision_reason_for_person, told_at, created_at
    from expressions_of_interest where person_id = ${personId} and opportunity_id = ${opportunityId}`.execute(
    db,
  );
  return result.rows[0];
}

export interface OwnInterestRow {
  opportunity_id: string;
  title_en: string;
  title_cy: string;
  status: InterestStatus;
  /** The reason is shown to the person only once they have been told. */
  decision_reason: string | null;
  decision_reason_for_person: string | null;
  told_at: Date | null;
  created_at: Date;
}

/** The person's own expressions of interest, newest first (the 25 most recent). */
export async function interestsOfPerson(db: Db, personId: string) {
  const result = await sql<OwnInterestRow>`select e.opportunity_id, o.title_en, o.title_cy,
      e.status, e.decision_reason, e.decision_reason_for_person, e.told_at, e.created_at
    from expressions_of_interest e join opportunities o on o.id = e.opportunity_id
    where e.person_id = ${personId}
    order by e.created_at desc, e.id
    limit ${PAGE_SIZE}`.execute(db);
  return result.rows;
}

// ---------------------------------------------------------------- staff

export interface CandidateRow {
  id: string;
  display_name: string;
  status: PersonStatus;
  in_audience: boolean;
}

/** A person the viewer may see, and whether the opportunity is for them (connected to its organisation or below). */
export async function findCandidate(
  db: Db,
  viewer: Viewer,
  personId: string,
  opportunity: Pick<OpportunityRow, 'organisation_id' | 'audiences'>,
) {
  const result = await sql<CandidateRow>`select p.id, p.display_name, p.status,
      (p.scope_ids @> array[${opportunity.organisation_id}]::uuid[]
        and (cardinality(${sql.val(opportunity.audiences)}::text[]) = 0
          or p.kind = any(${sql.val(opportunity.audiences)}::text[]))) as in_audience
    from people p
    where p.id = ${personId} and p.erased_at is null and ${visibleTo(viewer)}`.execute(db);
  return result.rows[0];
}

/** An expression of interest as staff see it: the decision's note, and the person. */
export interface ApplicantRow extends Omit<InterestRow, 'opportunity_id'> {
  person_id: string;
  decision_note: string | null;
  decided_at: Date | null;
  display_name: string;
  kind: string;
  preferred_language: 'en' | 'cy';
  speaks_welsh: boolean;
  person_status: PersonStatus;
  times_involved: number;
  times_selected: number;
  times_decided: number;
}

/**
 * One page of the applicants (not withdrawn) the viewer may see, in the order they applied,
 * each with their involvement and selections over the last 12 months (other opportunities only).
 */
export async function applicants(db: Db, viewer: Viewer, opportunityId: string, page: number) {
  const where = sql`e.opportunity_id = ${opportunityId} and e.status <> 'withdrawn'
    and p.erased_at is null and ${visibleTo(viewer)}`;
  const rows = await sql<ApplicantRow>`select e.id, e.person_id, e.method, e.note,
      e.support_needed, e.status, e.decision_reason, e.decision_reason_for_person, e.decision_note,
      e.decided_at, e.told_at,
      e.created_at, p.display_name, p.kind, p.preferred_language, p.speaks_welsh,
      p.status as person_status,
      (select count(*)::int from involvement_records r where r.person_id = p.id
        and r.took_part_on >= ${today} - ${window}) as times_involved,
      (select count(*)::int from expressions_of_interest x where x.person_id = p.id
        and x.opportunity_id <> e.opportunity_id and x.status = 'selected'
        and x.decided_at >= now() - ${window}) as times_selected,
      (select count(*)::int from expressions_of_interest x where x.person_id = p.id
        and x.opportunity_id <> e.opportunity_id
        and x.status in ('selected', 'backup', 'not_selected')
        and x.decided_at >= now() - ${window}) as times_decided
    from expressions_of_interest e join people p on p.id = e.person_id
    where ${where}
    order by e.created_at, e.id
    limit ${PAGE_SIZE} offset ${(page - 1) * PAGE_SIZE}`.execute(db);
  return rows.rows;
}

/** An opportunity's applications counted by status, and those decided but not told yet. */
const countColumns = sql`
      count(*) filter (where status = 'interested')::int as interested,
      count(*) filter (where status = 'selected')::int as selected,
      count(*) filter (where status = 'backup')::int as backup,
      count(*) filter (where status = 'not_selected')::int as not_selected,
      count(*) filter (where status = 'withdrawn')::int as withdrawn,
      count(*) filter (where told_at is null
        and status in ('selected', 'backup', 'not_selected'))::int as to_tell`;

/**
 * How many applications the opportunity has in each status (all of them, for the totals), and
 * how many decided applicants have not been told yet: one query.
 */
export async function statusCounts(db: Db, opportunityId: string) {
  const result = await sql<Record<InterestStatus | 'to_tell', number>>`select ${countColumns}
    from expressions_of_interest where opportunity_id = ${opportunityId}`.execute(db);
  const { to_tell: toTell, ...counts } = result.rows[0] ?? {
    interested: 0,
    selected: 0,
    backup: 0,
    not_selected: 0,
    withdrawn: 0,
    to_tell: 0,
  };
  return { counts, toTell };
}

/**
 * The people who filled the most recent places (RECENT_PLACES) in the organisation and the
 * organisations below it over the window, newest first, not counting this opportunity.
 */
const recentPlacesQuery = (organisationId: string, opportunityId: string) => sql`select e.person_id
    from expressions_of_interest e
    join opportunities o on o.id = e.opportunity_id
    join organisations g on g.id = o.organisation_id
    where e.status = 'selected' and e.opportunity_id <> ${opportunityId}
      and e.decided_at >= now() - ${window}
      and g.ancestors @> array[${organisationId}]::uuid[]
    order by e.decided_at desc, e.id
    limit ${RECENT_PLACES}`;

/** The selection screen's summary in one query: totals by status, how many to tell, the recent places. */
export async function screenSummary(db: Db, opportunityId: string, organisationId: string) {
  const result = await sql<Record<InterestStatus | 'to_tell', number> & { recent: string[] }>`select
      ${countColumns},
      (select coalesce(array_agg(r.person_id::text), '{}')
        from (${recentPlacesQuery(organisationId, opportunityId)}) r) as recent
    from expressions_of_interest where opportunity_id = ${opportunityId}`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('screenSummary: no row');
  const { to_tell: toTell, recent, ...counts } = row;
  return { counts, toTell, recent };
}

export interface ToTellRow {
  id: string;
  person_id: string;
  status: 'selected' | 'backup' | 'not_selected';
  decision_reason: string | null;
  decision_reason_for_person: string | null;
  display_name: string;
  preferred_language: 'en' | 'cy';
}

/** Decided applicants who have not been told yet (all of them, whoever can see them: staff act for the organisation). */
export async function decidedNotTold(db: Db, opportunityId: string) {
  const result = await sql<ToTellRow>`select e.id, e.person_id, e.status, e.decision_reason,
      e.decision_reason_for_person, p.display_name, p.preferred_language
    from expressions_of_interest e join people p on p.id = e.person_id
    where e.opportunity_id = ${opportunityId} and e.told_at is null and p.erased_at is null
      and e.status in ('selected', 'backup', 'not_selected')
    order by e.created_at, e.id`.execute(db);
  return result.rows;
}

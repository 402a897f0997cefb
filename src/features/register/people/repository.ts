import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { rolesWith } from '#platform/permissions/policy.ts';
import type { ConsentPurpose, PersonStatus } from '../tables.ts';
import { COUNT_CAP, dayParts, type DayPart } from './schema.ts';
import { inSubtrees } from '#platform/permissions/organisation-in-scope.ts';

/**
 * SQL for the involvement register. Every read is filtered by who is asking (`Viewer`):
 * staff see people connected to an organisation in their subtrees (`scope_ids && ...`, GIN
 * index); commissioners see only people with a live `share_identified` consent; the person
 * themselves (portal) sees only their own record. Nobody else sees anyone.
 */
type Db = Kysely<DB>;

export interface Viewer {
  /** Roots of the subtrees whose people the viewer may see; null = everywhere. */
  view: string[] | null;
  /** Roots of the subtrees whose consenting people (share_identified) the viewer may see. */
  consented: string[];
  /** The person themselves, signed in to the portal. */
  self?: string | undefined;
}

/** The SQL condition "the viewer may see the person `alias`". */
export function visibleTo(viewer: Viewer, alias = 'p'): RawBuilder<boolean> {
  if (viewer.view === null) return sql<boolean>`true`;
  const scope = sql.ref(`${alias}.scope_ids`);
  const branches: RawBuilder<boolean>[] = [];
  if (viewer.view.length) branches.push(sql<boolean>`${scope} && ${sql.val(viewer.view)}::uuid[]`);
  // identified_scope_ids is scope_ids while the person's share_identified consent is live
  // (kept by triggers: migrations/0016_identified_scope.sql), so no consent lookup per row
  if (viewer.consented.length)
    branches.push(
      sql<boolean>`${sql.ref(`${alias}.identified_scope_ids`)} && ${sql.val(viewer.consented)}::uuid[]`,
    );
  if (viewer.self) branches.push(sql<boolean>`${sql.ref(`${alias}.id`)} = ${viewer.self}`);
  if (!branches.length) return sql<boolean>`false`;
  return sql<boolean>`(${sql.join(branches, sql` or `)})`;
}

/** People (`p`) not erased whom the viewer may see; the caller selects and narrows. */
export const visiblePeople = (db: Db, viewer: Viewer) =>
  db.selectFrom('people as p').where('p.erased_at', 'is', null).where(visibleTo(viewer));

/**
 * Recomputes a person's `scope_ids` (the ancestors of every organisation they are connected
 * to) after connections change. Call inside the transaction that changed them.
 */
export async function refreshPersonScope(trx: Db, personId: string) {
  await sql`update people set scope_ids = coalesce((
      select array_agg(distinct a) from person_organisations po
      join organisations o on o.id = po.organisation_id, unnest(o.ancestors) a
      where po.person_id = ${personId}), '{}'), updated_at = now()
    where id = ${personId}`.execute(trx);
}

// ---------------------------------------------------------------- search

export interface SearchFilters {
  name?: string | undefined;
  kind?: string | undefined;
  status?: PersonStatus | undefined;
  /** People connected to this organisation or one below it. */
  organisationId?: string | undefined;
  /** All of these activities. */
  willing?: string[];
  skills?: string[];
  trained?: string | undefined;
  /** Prefers Welsh or speaks Welsh. */
  welsh?: boolean;
  /** Free on this weekday (1 = Monday) … */
  weekday?: number | undefined;
  /** … in this part of the day. */
  part?: DayPart | undefined;
}

export interface ListedPerson {
  id: string;
  displayName: string;
  kind: string;
  status: PersonStatus;
  pauseReviewDate: string | null;
  preferredLanguage: 'en' | 'cy';
  speaksWelsh: boolean;
  willingActivities: string[];
  organisationNameEn: string;
  organisationNameCy: string;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function searchConditions(viewer: Viewer, filters: SearchFilters) {
  const conditions: RawBuilder<unknown>[] = [visibleTo(viewer), sql`p.erased_at is null`];
  const name = filters.name?.normalize('NFC').trim().toLowerCase();
  if (name) conditions.push(sql`lower(p.display_name) like ${`${escapeLike(name)}%`}`);
  if (filters.kind) conditions.push(sql`p.kind = ${filters.kind}`);
  if (filters.status) conditions.push(sql`p.status = ${filters.status}`);
  if (filters.organisationId)
    conditions.push(sql`p.scope_ids @> array[${filters.organisationId}]::uuid[]`);
  if (filters.willing?.length)
    conditions.push(sql`p.willing_activities @> ${sql.val(filters.willing)}::text[]`);
  if (filters.skills?.length) conditions.push(sql`p.skills @> ${sql.val(filters.skills)}::text[]`);
  if (filters.trained)
    conditions.push(sql`p.training_completed @> array[${filters.trained}]::text[]`);
  if (filters.welsh) conditions.push(sql`(p.preferred_language = 'cy' or p.speaks_welsh)`);
  if (filters.weekday !== undefined || filters.part !== undefined) {
    // a day without a part: free for some of the day (no unavailable time covering 09:00-21:00)
    const [start, end] = filters.part ? dayParts[filters.part] : ['09:00', '21:00'];
    const day =
      filters.weekday === undefined
        ? sql`u.weekday is null`
        : sql`(u.weekday = ${filters.weekday} or u.weekday is null)`;
    const clash = filters.part
      ? sql`u.starts_at < ${end}::time and u.ends_at > ${start}::time`
      : sql`u.starts_at <= ${start}::time and u.ends_at >= ${end}::time`;
    conditions.push(sql`not exists (select 1 from person_unavailable_times u
      where u.person_id = p.id and ${day} and ${clash})`);
  }
  return sql.join(conditions, sql` and `);
}

/**
 * One page of the people the viewer may see that match the filters, by name, and how many
 * match (counted up to COUNT_CAP + 1, so a broad search never counts the whole register).
 */
export async function searchPeople(
  db: Db,
  viewer: Viewer,
  filters: SearchFilters,
  page: { limit: number; offset: number },
) {
  const where = searchConditions(viewer, filters);
  const rows = await sql<ListedPerson>`
    select p.id, p.display_name as "displayName", p.kind, p.status,
      p.pause_review_date as "pauseReviewDate", p.preferred_language as "preferredLanguage",
      p.speaks_welsh as "speaksWelsh", p.willing_activities as "willingActivities",
      o.name_en as "organisationNameEn", o.name_cy as "organisationNameCy"
    from people p join organisations o on o.id = p.organisation_id
    where ${where}
    order by lower(p.display_name), p.id
    limit ${page.limit} offset ${page.offset}`.execute(db);
  let total: number;
  if (page.offset === 0 && rows.rows.length < page.limit) total = rows.rows.length;
  else {
    const counted = await sql<{ n: number }>`
      select count(*)::int as n from (select 1 from people p where ${where} limit ${COUNT_CAP + 1}) s`.execute(
      db,
    );
    total = counted.rows[0]?.n ?? 0;
  }
  return {
    rows: rows.rows,
    total: Math.max(total, page.offset + rows.rows.length),
    capped: total > COUNT_CAP,
  };
}

// ---------------------------------------------------------------- one person

export interface ConnectedOrganisation {
  id: string;
  nameEn: string;
  nameCy: string;
  ancestors: string[];
}
export interface ConsentRow {
  id: string;
  purpose: ConsentPurpose;
  wordingVersion: string;
  method: string;
  givenAt: string;
  recordedByName: string | null;
  withdrawnAt: string | null;
  withdrawnByName: string | null;
  withdrawalMethod: string | null;
}
export interface SupporterRow {
  id: string;
  name: string | null;
  relationship: string;
  relatedPersonId: string | null;
  /** The related person's name, when the viewer may see them. */
  relatedName: string | null;
  mayShare: string[];
}
export interface StatusRow {
  status: PersonStatus;
  pauseReviewDate: string | null;
  reason: string | null;
  changedAt: string;
  changedByName: string | null;
}

export interface PersonRecord {
  id: string;
  organisationId: string;
  scopeIds: string[];
  kind: string;
  displayName: string;
  legalName: string | null;
  dateOfBirth: string | null;
  ageBand: string | null;
  status: PersonStatus;
  pauseReviewDate: string | null;
  preferredLanguage: 'en' | 'cy';
  speaksWelsh: boolean;
  formats: string[];
  interpreterLanguage: string | null;
  channels: string[];
  phone: string | null;
  email: string | null;
  address: string | null;
  noVoicemail: boolean;
  plainEnvelope: boolean;
  noContactViaFamily: boolean;
  /** Texts and e-mails may say who they are from and what they are about (default: discreet). */
  fullerMessages: boolean;
  quietFrom: string | null;
  quietTo: string | null;
  /** The worker who gives messages in person (channel in_person). */
  namedWorkerAccountId: string | null;
  namedWorkerName: string | null;
  travelLimit: string | null;
  accessNeeds: string | null;
  venueNeeds: string[];
  supportNeeded: string | null;
  willingActivities: string[];
  skills: string[];
  interests: string | null;
  trainingCompleted: string[];
  orientation: string | null;
  commitmentGroup: string | null;
  emergencyArrangements: string | null;
  createdAt: Date;
  updatedAt: Date;
  erasedAt: Date | null;
  organisations: ConnectedOrganisation[];
  consents: ConsentRow[];
  unavailableTimes: {
    weekday: number | null;
    startsAt: string;
    endsAt: string;
    reason: string | null;
  }[];
  unavailableDates: { date: string; reason: string | null }[];
  supporters: SupporterRow[];
  /** People who named this person as a supporter and let them see it ('involvement'). */
  supporting: { personId: string; displayName: string; relationship: string }[];
  statusHistory: StatusRow[];
}

/**
 * A person with everything on their record, in one query, or undefined when there is no
 * such person or the viewer may not see them.
 */
export async function findPerson(db: Db, viewer: Viewer, id: string) {
  const result = await sql<PersonRecord>`
    select p.id, p.organisation_id as "organisationId", p.scope_ids as "scopeIds", p.kind,
      p.display_name as "displayName", p.legal_name as "legalName",
      p.date_of_birth as "dateOfBirth", p.age_band as "ageBand", p.status,
      p.pause_review_date as "pauseReviewDate", p.preferred_language as "preferredLanguage",
      p.speaks_welsh as "speaksWelsh", p.formats, p.interpreter_language as "interpreterLanguage",
      p.channels, p.phone, p.email, p.address, p.no_voicemail as "noVoicemail",
      p.plain_envelope as "plainEnvelope", p.no_contact_via_family as "noContactViaFamily",
      p.fuller_messages as "fullerMessages",
      to_char(p.quiet_from, 'HH24:MI') as "quietFrom", to_char(p.quiet_to, 'HH24:MI') as "quietTo",
      p.named_worker_account_id as "namedWorkerAccountId",
      (select a.name from accounts a where a.id = p.named_worker_account_id) as "namedWorkerName",
      p.travel_limit as "travelLimit", p.access_needs as "accessNeeds",
      p.venue_needs as "venueNeeds", p.support_needed as "supportNeeded", p.willing_activities as "willingActivities",
      p.skills, p.interests, p.training_completed as "trainingCompleted", p.orientation,
      p.commitment_group as "commitmentGroup", p.emergency_arrangements as "emergencyArrangements",
      p.created_at as "createdAt", p.updated_at as "updatedAt", p.erased_at as "erasedAt",
      coalesce((select json_agg(json_build_object('id', o.id, 'nameEn', o.name_en,
          'nameCy', o.name_cy, 'ancestors', o.ancestors) order by o.name_en)
        from person_organisations po join organisations o on o.id = po.organisation_id
        where po.person_id = p.id), '[]') as organisations,
      coalesce((select json_agg(json_build_object('id', c.id, 'purpose', c.purpose,
          'wordingVersion', c.wording_version, 'method', c.method, 'givenAt', c.given_at,
          'recordedByName', ra.name, 'withdrawnAt', c.withdrawn_at, 'withdrawnByName', wa.name,
          'withdrawalMethod', c.withdrawal_method) order by c.given_at desc)
        from consents c left join accounts ra on ra.id = c.recorded_by
        left join accounts wa on wa.id = c.withdrawn_by
        where c.person_id = p.id), '[]') as consents,
      coalesce((select json_agg(json_build_object('weekday', u.weekday,
          'startsAt', to_char(u.starts_at, 'HH24:MI'), 'endsAt', to_char(u.ends_at, 'HH24:MI'),
          'reason', u.reason) order by u.weekday nulls first, u.starts_at)
        from person_unavailable_times u where u.person_id = p.id), '[]') as "unavailableTimes",
      coalesce((select json_agg(json_build_object('date', d.date, 'reason', d.reason)
          order by d.date)
        from person_unavailable_dates d where d.person_id = p.id), '[]') as "unavailableDates",
      coalesce((select json_agg(json_build_object('id', s.id, 'name', s.name,
          'relationship', s.relationship, 'relatedPersonId', s.related_person_id,
          'relatedName', case when r.id is not null and r.erased_at is null and ${visibleTo(viewer, 'r')}
            then r.display_name end,
          'mayShare', s.may_share) order by s.updated_at, s.id)
        from person_supporters s left join people r on r.id = s.related_person_id
        where s.person_id = p.id), '[]') as supporters,
      coalesce((select json_agg(json_build_object('personId', q.id, 'displayName', q.display_name,
          'relationship', s.relationship) order by q.display_name)
        from person_supporters s join people q on q.id = s.person_id
        where s.related_person_id = p.id and 'involvement' = any(s.may_share)
          and q.erased_at is null and ${visibleTo(viewer, 'q')}), '[]') as supporting,
      coalesce((select json_agg(h order by h."changedAt" desc) from (
          select sh.status, sh.pause_review_date as "pauseReviewDate", sh.reason,
            sh.changed_at as "changedAt", a.name as "changedByName"
          from person_status_history sh left join accounts a on a.id = sh.changed_by
          where sh.person_id = p.id order by sh.changed_at desc, sh.id desc limit 20) h), '[]')
        as "statusHistory"
    from people p
    where p.id = ${id} and ${visibleTo(viewer)}`.execute(db);
  return result.rows[0];
}

/** The person's row for a change: locked until the transaction ends. */
export async function lockPerson(trx: Db, viewer: Viewer, id: string) {
  const result = await sql<{
    id: string;
    organisationId: string;
    scopeIds: string[];
    status: PersonStatus;
    displayName: string;
    erasedAt: Date | null;
  }>`select p.id, p.organisation_id as "organisationId", p.scope_ids as "scopeIds", p.status,
      p.display_name as "displayName", p.erased_at as "erasedAt"
    from people p where p.id = ${id} and ${visibleTo(viewer)} for update of p`.execute(trx);
  return result.rows[0];
}

/** The organisations the actor may register people at (for the organisation question). */
export async function organisationsInScope(db: Db, scope: string[] | null) {
  if (scope?.length === 0) return [];
  return db
    .selectFrom('organisations as o')
    .select(['o.id', 'o.name_en as nameEn', 'o.name_cy as nameCy', 'o.kind'])
    .where('o.archived_at', 'is', null)
    .where('o.kind', 'not in', ['nation'])
    .where(inSubtrees(scope))
    .orderBy(sql`array_length(o.ancestors, 1)`)
    .orderBy('o.name_en')
    .limit(500)
    .execute();
}

export async function findOrganisation(db: Db, id: string) {
  return db
    .selectFrom('organisations')
    .select([
      'id',
      'name_en as nameEn',
      'name_cy as nameCy',
      'ancestors',
      'archived_at as archivedAt',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A page of the audit entries about a person (the history of changes), newest first. */
export async function personHistory(
  db: Db,
  personId: string,
  page: { limit: number; offset: number },
) {
  const rows = await db
    .selectFrom('audit_log as l')
    .leftJoin('accounts as a', 'a.id', 'l.actor_account_id')
    .select([
      'l.id',
      'l.occurred_at as occurredAt',
      'l.action',
      'l.details',
      'a.name as actorName',
      sql<number>`count(*) over ()`.as('total'),
    ])
    .where('l.subject_type', '=', 'person')
    .where('l.subject_id', '=', personId)
    .orderBy('l.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { rows, total: rows[0]?.total ?? 0 };
}

// ---------------------------------------------------------------- named workers and waiting

/** Staff who may be a person's named worker: hold person.manage where the person is. */
const workersWhere = (db: Db, scopeIds: string[]) =>
  db
    .selectFrom('accounts as a')
    .where('a.disabled_at', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('memberships as m')
          .select('m.account_id')
          .whereRef('m.account_id', '=', 'a.id')
          .where('m.role', 'in', [...rolesWith('person.manage')])
          .where(sql<boolean>`m.organisation_id = any(${sql.val(scopeIds)}::uuid[])`),
      ),
    );

/** May the account be the named worker of someone connected to `scopeIds`? */
export async function isWorker(db: Db, scopeIds: string[], accountId: string) {
  const found = await workersWhere(db, scopeIds)
    .select('a.id')
    .where('a.id', '=', accountId)
    .executeTakeFirst();
  return found !== undefined;
}

/** Who may be the named worker of someone connected to `scopeIds`, by name. */
export function listWorkers(db: Db, scopeIds: string[]) {
  return workersWhere(db, scopeIds)
    .select(['a.id', 'a.name'])
    .orderBy('a.name')
    .limit(200)
    .execute();
}

/** Open portal requests and messages a worker must give by phone or in person. */
export async function waitingFor(db: Db, personId: string) {
  const [requests, tasks] = await Promise.all([
    db
      .selectFrom('person_requests')
      .select(['kind', 'created_at'])
      .where('person_id', '=', personId)
      .where('resolved_at', 'is', null)
      .orderBy('created_at')
      .limit(10)
      .execute(),
    db
      .selectFrom('person_messages')
      .select(['channel', 'created_at'])
      .where('person_id', '=', personId)
      .where('status', '=', 'blocked')
      .where('reason', '=', 'needs_person')
      .orderBy('created_at')
      .limit(10)
      .execute(),
  ]);
  return { requests, tasks };
}

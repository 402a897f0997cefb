/**
 * Reading one meeting for its pages: the meeting with its organisation, venue, chair and place in
 * its series (one query), its agenda, its invitees counted by reply, the staff who may chair it,
 * and the organisations a list may be filtered by. No query per invitee.
 */
import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { inviteeNeedsJson, needsOf, type Viewer } from '#features/register';
import { meetingColumns, meetingsWithOrganisation } from '../access.ts';
import type { ProofingOverride, ProofingPapers } from '../proofing/rules.ts';
import { venueFeatures, type Reply, type VenueFeature } from '../tables.ts';
import { inSubtrees } from '#platform/permissions/organisation-in-scope.ts';

type Db = Kysely<DB>;

/** An agenda item as its pages show it. */
export interface AgendaItem {
  id: string;
  position: number;
  titleEn: string;
  titleCy: string;
  summaryEn: string | null;
  summaryCy: string | null;
  minutes: number | null;
}

/**
 * A meeting with everything its page shows — its venue and what the venue offers, its agenda,
 * its invitees counted by reply, its neighbours in its series — in one query; undefined when
 * there is none.
 */
export function findMeeting(db: Db, id: string) {
  return meetingDetails(db).where('m.id', '=', id).executeTakeFirst();
}

/** The query behind `findMeeting`, for pages that read more in the same round trip. */
function meetingDetails(db: Db) {
  return meetingsWithOrganisation(db)
    .leftJoin('venues as v', 'v.id', 'm.venue_id')
    .leftJoin('accounts as chair', 'chair.id', 'm.chair_account_id')
    .leftJoin('meeting_series as s', 's.id', 'm.series_id')
    .select((eb) => [
      ...meetingColumns,
      'o.name_en as organisationNameEn',
      'o.name_cy as organisationNameCy',
      'm.series_id as seriesId',
      's.repeat',
      'm.purpose_en as purposeEn',
      'm.purpose_cy as purposeCy',
      'm.rung',
      'm.attendance_mode as attendanceMode',
      'm.venue_id as venueId',
      'v.name as venueName',
      'v.address as venueAddress',
      // what the venue offers, for the user-proofing checks (null without a venue)
      sql<Record<VenueFeature, boolean> | null>`case when v.id is null then null else
        json_build_object(${sql.join(
          venueFeatures.map((f) => sql`${sql.lit(f)}::text, ${sql.ref(`v.${f}`)}`),
        )}) end`.as('venueFeatures'),
      sql<AgendaItem[]>`coalesce((select json_agg(json_build_object('id', a.id,
        'position', a.position, 'titleEn', a.title_en, 'titleCy', a.title_cy,
        'summaryEn', a.summary_en, 'summaryCy', a.summary_cy, 'minutes', a.minutes)
        order by a.position) from meeting_agenda_items a where a.meeting_id = m.id), '[]')`.as(
        'agenda',
      ),
      sql<{ reply: Reply | null; n: number }[]>`coalesce((select json_agg(json_build_object(
        'reply', r.reply, 'n', r.n)) from (select reply, count(*)::int as n from meeting_invitees
        where meeting_id = m.id group by reply) r), '[]')`.as('replyCounts'),
      'm.online_details as onlineDetails',
      'm.chair_account_id as chairAccountId',
      'chair.name as chairName',
      'm.languages',
      'm.simultaneous_translation as simultaneousTranslation',
      'm.interpreter_language as interpreterLanguage',
      'm.closed_to as closedTo',
      'm.break_planned as breakPlanned',
      'm.expenses_offered as expensesOffered',
      'm.papers_due_days as papersDueDays',
      'm.minutes_due_days as minutesDueDays',
      'm.cancelled_at as cancelledAt',
      'm.minutes_published_at as minutesPublishedAt',
      eb
        .selectFrom('meetings as p')
        .select('p.id')
        .whereRef('p.series_id', '=', 'm.series_id')
        .where(sql<boolean>`(p.starts_at, p.id) < (m.starts_at, m.id)`)
        .orderBy('p.starts_at', 'desc')
        .orderBy('p.id', 'desc')
        .limit(1)
        .as('previousId'),
      eb
        .selectFrom('meetings as n')
        .select('n.id')
        .whereRef('n.series_id', '=', 'm.series_id')
        .where(sql<boolean>`(n.starts_at, n.id) > (m.starts_at, m.id)`)
        .orderBy('n.starts_at')
        .orderBy('n.id')
        .limit(1)
        .as('nextId'),
      eb
        .selectFrom('meetings as c')
        .select((c) => c.fn.countAll<string>().as('n'))
        .whereRef('c.series_id', '=', 'm.series_id')
        .as('seriesCount'),
    ]);
}

export type MeetingDetails = NonNullable<Awaited<ReturnType<typeof findMeeting>>>;

/** What the meeting page shows of its papers and minutes (their count and dates, no rows). */
export interface PapersAtAGlance {
  /** Papers and minutes. */
  count: number;
  agendaPapers: number;
  minutes: boolean;
  firstUploadedAt: Date | null;
  /** The user-proofing check's view of the agenda papers. */
  proofing: ProofingPapers;
}

/** People from the register invited: what the user-proofing checklist reads of them. */
export interface InvitedPerson {
  inviteeId: string;
  personId: string;
}

/** The meeting page's query, built for a meeting and a viewer (see `findMeetingPage`). */
function meetingPageQuery(db: Db, id: string, viewer: Viewer) {
  return meetingDetails(db)
    .select([
      sql<{
        count: number;
        agenda: number;
        minutes: boolean | null;
        first: string | null;
        lastAgenda: string | null;
        without: number;
      }>`(select json_build_object('count', count(*), 'agenda',
        count(*) filter (where p.kind = 'agenda_paper'), 'minutes', bool_or(p.kind = 'minutes'),
        'first', min(p.uploaded_at),
        'lastAgenda', max(p.uploaded_at) filter (where p.kind = 'agenda_paper'),
        'without', count(*) filter (where p.kind = 'agenda_paper'
          and coalesce(p.summary_en, p.summary_cy, '') = '' and p.format <> 'easy_read'))
        from meeting_papers p where p.meeting_id = m.id)`.as('papersAtAGlance'),
      sql<InvitedPerson[]>`coalesce((select json_agg(json_build_object('inviteeId', i.id,
        'personId', i.person_id)) from meeting_invitees i
        where i.meeting_id = m.id and i.person_id is not null), '[]')`.as('invited'),
      inviteeNeedsJson(
        viewer,
        sql<string[]>`array(select i.person_id from meeting_invitees i
          where i.meeting_id = m.id and i.person_id is not null)`,
        sql.ref('m.starts_at'),
        sql.ref('m.ends_at'),
      ).as('needs'),
      sql<(Omit<ProofingOverride, 'createdAt'> & { id: string; createdAt: string })[]>`coalesce((
        select json_agg(json_build_object('id', v.id, 'check', v.check_key,
        'inviteeId', v.invitee_id, 'reason', v.reason, 'createdAt', v.created_at)
        order by v.created_at) from meeting_proofing_overrides v where v.meeting_id = m.id),
        '[]')`.as('overrides'),
    ])
    .where('m.id', '=', id);
}

type MeetingPageRow = NonNullable<
  Awaited<ReturnType<ReturnType<typeof meetingPageQuery>['executeTakeFirst']>>
>;

/*
 * The page's query is made once for each shape of viewer (everywhere; some subtrees; consented
 * people; themselves) with stand-ins where the meeting and the viewer's values go, and each page
 * puts its own values in their place: Kysely's building and compiling of this query cost more of
 * Node's time than PostgreSQL took to run it (docs/performance.md).
 */
const ID = '\u0000meeting';
const SELF = '\u0000self';
const VIEW = ['\u0000view'];
const CONSENTED = ['\u0000consented'];
const pageQueries = new Map<string, CompiledQuery<MeetingPageRow>>();

function compiledPageQuery(db: Db, id: string, viewer: Viewer): CompiledQuery<MeetingPageRow> {
  const shape = `${viewer.view === null ? 'all' : viewer.view.length ? 'some' : 'none'}:${
    viewer.consented.length ? 'consented' : ''
  }:${viewer.self ? 'self' : ''}`;
  let compiled = pageQueries.get(shape);
  if (!compiled) {
    compiled = meetingPageQuery(db, ID, {
      view: viewer.view && (viewer.view.length ? VIEW : []),
      consented: viewer.consented.length ? CONSENTED : [],
      self: viewer.self && SELF,
    }).compile();
    pageQueries.set(shape, compiled);
  }
  const values = new Map<unknown, unknown>([
    [ID, id],
    [SELF, viewer.self],
    [VIEW, viewer.view],
    [CONSENTED, viewer.consented],
  ]);
  return {
    ...compiled,
    parameters: compiled.parameters.map((p) => (values.has(p) ? values.get(p) : p)),
  };
}

/**
 * The meeting page's one query: the meeting (as `findMeeting`), its papers at a glance, the
 * people invited, what they need as the `viewer` may see it (the register's SQL) and the
 * user-proofing overrides — all the page and its checklist summary read.
 */
export async function findMeetingPage(db: Db, id: string, viewer: Viewer) {
  const {
    rows: [row],
  } = await db.executeQuery(compiledPageQuery(db, id, viewer));
  if (!row) return undefined;
  const { papersAtAGlance: glance, invited, needs, overrides, ...meeting } = row;
  const papers: PapersAtAGlance = {
    count: glance.count,
    agendaPapers: glance.agenda,
    minutes: glance.minutes === true,
    firstUploadedAt: glance.first ? new Date(glance.first) : null,
    proofing: {
      count: glance.agenda,
      lastUploadedAt: glance.lastAgenda ? new Date(glance.lastAgenda) : null,
      withoutPlainSummary: glance.without,
    },
  };
  return {
    meeting,
    papers,
    invited,
    needs: needsOf(needs),
    overrides: overrides.map((o) => ({ ...o, createdAt: new Date(o.createdAt) })),
  };
}

/** The agenda in order. */
export function agendaOf(db: Db, meetingId: string): Promise<AgendaItem[]> {
  return db
    .selectFrom('meeting_agenda_items')
    .select([
      'id',
      'position',
      'title_en as titleEn',
      'title_cy as titleCy',
      'summary_en as summaryEn',
      'summary_cy as summaryCy',
      'minutes',
    ])
    .where('meeting_id', '=', meetingId)
    .orderBy('position')
    .execute();
}

/**
 * Staff who may chair a meeting of the organisation: active accounts with a role at it, above it
 * or below it, by name.
 */
export function staffFor(db: Db, organisationId: string) {
  return db
    .selectFrom('accounts as a')
    .innerJoin('memberships as ms', 'ms.account_id', 'a.id')
    .innerJoin('organisations as mo', 'mo.id', 'ms.organisation_id')
    .innerJoin('organisations as o', (join) => join.on('o.id', '=', organisationId))
    .select(['a.id', 'a.name'])
    .distinct()
    .where('a.disabled_at', 'is', null)
    .where(
      sql<boolean>`(mo.id = any(o.ancestors) or ${sql.val(organisationId)}::uuid = any(mo.ancestors))`,
    )
    .orderBy('a.name')
    .orderBy('a.id')
    .limit(500)
    .execute();
}

/** Unarchived organisations in the scope (null: everywhere), for a filter or a choice. */
export function organisationsIn(db: Db, scope: readonly string[] | null) {
  if (scope?.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('organisations as o')
    .select(['o.id', 'o.name_en as nameEn', 'o.name_cy as nameCy', 'o.ancestors'])
    .where('o.archived_at', 'is', null)
    .where('o.kind', '<>', 'nation')
    .where(inSubtrees(scope))
    .orderBy(sql`array_length(o.ancestors, 1)`)
    .orderBy('o.name_en')
    .limit(500)
    .execute();
}

import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { meetingColumns, meetingsWithOrganisation } from '../access.ts';
import { venueFeatures as featureColumns, type ProofingCheck } from '../tables.ts';
import type { ProofingMeeting, ProofingOverride, ProofingPapers, ProofingVenue } from './rules.ts';

type Db = Kysely<DB>;

/** A meeting as the checklist needs it, with its organisation's place in the tree. */
export interface MeetingToProof extends ProofingMeeting {
  id: string;
  organisationId: string;
  ancestors: string[];
  titleEn: string;
  titleCy: string;
  status: 'planned' | 'cancelled';
  venueId: string | null;
}

export async function findMeetingToProof(db: Db, id: string): Promise<MeetingToProof | undefined> {
  return meetingsWithOrganisation(db)
    .select([
      ...meetingColumns,
      'm.venue_id as venueId',
      'm.attendance_mode as attendanceMode',
      'm.languages',
      'm.simultaneous_translation as simultaneousTranslation',
      'm.interpreter_language as interpreterLanguage',
      'm.break_planned as breakPlanned',
      'm.expenses_offered as expensesOffered',
      'm.papers_due_days as papersDueDays',
      'm.minutes_due_days as minutesDueDays',
      'm.minutes_published_at as minutesPublishedAt',
    ])
    .where('m.id', '=', id)
    .executeTakeFirst();
}

export async function venueFeatures(db: Db, venueId: string): Promise<ProofingVenue | undefined> {
  return db
    .selectFrom('venues')
    .select(featureColumns)
    .where('id', '=', venueId)
    .executeTakeFirst();
}

/** People from the register invited (staff and guests bring no recorded needs). */
export async function invitedPeople(db: Db, meetingId: string) {
  return db
    .selectFrom('meeting_invitees')
    .select(['id as inviteeId', 'person_id as personId'])
    .where('meeting_id', '=', meetingId)
    .where('person_id', 'is not', null)
    .$narrowType<{ personId: string }>()
    .execute();
}

export async function overridesOf(db: Db, meetingId: string) {
  return db
    .selectFrom('meeting_proofing_overrides as v')
    .select([
      'v.id',
      'v.check_key as check',
      'v.invitee_id as inviteeId',
      'v.reason',
      'v.created_at as createdAt',
    ])
    .where('v.meeting_id', '=', meetingId)
    .orderBy('v.created_at')
    .execute() as Promise<(ProofingOverride & { id: string })[]>;
}

/** The meeting's agenda papers (not minutes): how many, the last upload, plain summaries. */
export async function papersSummary(db: Db, meetingId: string): Promise<ProofingPapers> {
  const row = await db
    .selectFrom('meeting_papers')
    .select([
      sql<number>`count(*)::int`.as('count'),
      sql<Date | null>`max(uploaded_at)`.as('last'),
      sql<number>`(count(*) filter (where coalesce(summary_en, summary_cy, '') = ''
        and format <> 'easy_read'))::int`.as('without'),
    ])
    .where('meeting_id', '=', meetingId)
    .where('kind', '=', 'agenda_paper')
    .executeTakeFirstOrThrow();
  return { count: row.count, lastUploadedAt: row.last, withoutPlainSummary: row.without };
}

export async function insertOverride(
  db: Db,
  values: {
    meetingId: string;
    check: ProofingCheck;
    inviteeId: string | null;
    reason: string;
    createdBy: string;
  },
) {
  return db
    .insertInto('meeting_proofing_overrides')
    .values({
      meeting_id: values.meetingId,
      check_key: values.check,
      invitee_id: values.inviteeId,
      reason: values.reason,
      created_by: values.createdBy,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
}

export async function deleteOverride(db: Db, meetingId: string, overrideId: string) {
  return db
    .deleteFrom('meeting_proofing_overrides')
    .where('meeting_id', '=', meetingId)
    .where('id', '=', overrideId)
    .returning(['id', 'check_key as check', 'invitee_id as inviteeId'])
    .executeTakeFirst();
}

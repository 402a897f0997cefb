import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { DB } from '#platform/db/schema.ts';
import { HttpError } from '#platform/http/errors.ts';
import type { Permission } from '#platform/permissions/policy.ts';
import type { PaperFormat, PaperKind, PaperLanguage, PaperMediaType } from './tables.ts';
import {
  authoriseMeeting,
  meetingColumns,
  meetingsWithOrganisation,
  type MeetingRow,
} from '../access.ts';

/**
 * Meeting papers and minutes (issue 10 item 4). The bytes live in PostgreSQL
 * (meeting_paper_files, docs/decisions/0009): an upload is one transaction with its audit entry,
 * so a refused or failed one stores nothing and a refused replacement keeps the old file.
 */

type Db = Kysely<DB>;

export interface PaperMeeting extends MeetingRow {
  papersDueDays: number;
  minutesPublishedAt: Date | null;
}

/** What describes a paper (the upload form's fields). */
export interface PaperDetails {
  kind: PaperKind;
  titleEn: string;
  titleCy: string;
  language: PaperLanguage;
  format: PaperFormat;
  summaryEn: string | null;
  summaryCy: string | null;
}

export interface Paper extends PaperDetails {
  id: string;
  meetingId: string;
  fileName: string;
  mediaType: PaperMediaType;
  sizeBytes: number;
  sha256: string;
  uploadedAt: Date;
  publishedAt: Date | null;
}

/** A file that passed inspection. */
export interface CheckedFile {
  fileName: string;
  mediaType: PaperMediaType;
  data: Buffer;
}

const paperColumns = [
  'p.id',
  'p.meeting_id as meetingId',
  'p.kind',
  'p.title_en as titleEn',
  'p.title_cy as titleCy',
  'p.language',
  'p.format',
  'p.summary_en as summaryEn',
  'p.summary_cy as summaryCy',
  'p.file_name as fileName',
  'p.media_type as mediaType',
  'p.size_bytes as sizeBytes',
  'p.sha256',
  'p.uploaded_at as uploadedAt',
  'p.published_at as publishedAt',
] as const;

/** The papers and minutes of a meeting (without their bytes), papers first, oldest first. */
export function papersOf(db: Db, meetingId: string): Promise<Paper[]> {
  return db
    .selectFrom('meeting_papers as p')
    .select(paperColumns)
    .where('p.meeting_id', '=', meetingId)
    .orderBy('p.kind')
    .orderBy('p.uploaded_at')
    .orderBy('p.id')
    .execute();
}

/**
 * When each meeting's first agenda paper was uploaded (meetings without one are absent): the
 * user-proofing check compares it with `papers_due_days` before the meeting.
 */
export async function earliestPaperUploads(
  db: Db,
  meetingIds: readonly string[],
): Promise<Map<string, Date>> {
  if (meetingIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('meeting_papers')
    .select(['meeting_id as meetingId', sql<Date>`min(uploaded_at)`.as('first')])
    .where('meeting_id', 'in', [...meetingIds])
    .where('kind', '=', 'agenda_paper')
    .groupBy('meeting_id')
    .execute();
  return new Map(rows.map((row) => [row.meetingId, row.first]));
}

/**
 * The meeting, if the actor holds the permission at its organisation: 404 when the meeting or
 * its organisation is invisible to the actor, 403 when visible but the permission is not held.
 */
export async function meetingFor(
  db: Db,
  actor: Actor,
  id: string,
  permission: Permission,
  lock = false,
): Promise<PaperMeeting> {
  const query = meetingsWithOrganisation(db)
    .select([
      ...meetingColumns,
      'm.papers_due_days as papersDueDays',
      'm.minutes_published_at as minutesPublishedAt',
    ])
    .where('m.id', '=', id);
  return authoriseMeeting(
    actor,
    await (lock ? query.forUpdate('m') : query).executeTakeFirst(),
    permission,
  );
}

export interface PapersDependencies {
  db: Db;
  audit: AuditLog;
}

export function createPapersService({ db, audit }: PapersDependencies) {
  const record = (
    trx: Db,
    actor: Actor,
    action: string,
    meeting: PaperMeeting,
    paperId: string,
    details: Record<string, unknown> = {},
  ) =>
    audit.record(
      {
        actorAccountId: actor.id,
        action,
        subjectType: 'meeting_paper',
        subjectId: paperId,
        organisationId: meeting.organisationId,
        details: { meetingId: meeting.id, ...details },
      },
      trx,
    );

  /** A paper of the meeting, or 404. */
  const paperOf = async (trx: Db, meeting: PaperMeeting, paperId: string, lock = false) => {
    const query = trx
      .selectFrom('meeting_papers as p')
      .select(paperColumns)
      .where('p.id', '=', paperId)
      .where('p.meeting_id', '=', meeting.id);
    const paper = await (lock ? query.forUpdate() : query).executeTakeFirst();
    if (!paper) throw new HttpError(404);
    return paper;
  };

  const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

  return {
    meetingFor: (actor: Actor, id: string, permission: Permission) =>
      meetingFor(db, actor, id, permission),
    papersOf: (meetingId: string) => papersOf(db, meetingId),
    paper: (meeting: PaperMeeting, paperId: string) => paperOf(db, meeting, paperId),

    /** Stores a new paper and its bytes (one transaction, audited); answers its id. */
    addPaper(actor: Actor, meetingId: string, details: PaperDetails, file: CheckedFile) {
      return db.transaction().execute(async (trx) => {
        const meeting = await meetingFor(trx, actor, meetingId, 'meeting.manage', true);
        const { id } = await trx
          .insertInto('meeting_papers')
          .values({
            meeting_id: meeting.id,
            kind: details.kind,
            title_en: details.titleEn,
            title_cy: details.titleCy,
            language: details.language,
            format: details.format,
            summary_en: details.summaryEn,
            summary_cy: details.summaryCy,
            file_name: file.fileName,
            media_type: file.mediaType,
            size_bytes: file.data.length,
            sha256: sha256(file.data),
            uploaded_by: actor.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('meeting_paper_files')
          .values({ paper_id: id, content: file.data })
          .execute();
        await record(trx, actor, 'meeting_paper.uploaded', meeting, id, {
          kind: details.kind,
          mediaType: file.mediaType,
          sizeBytes: file.data.length,
        });
        return id;
      });
    },

    /** Puts a new file in place of a paper's (the details stay; the upload time is now). */
    replaceFile(actor: Actor, meetingId: string, paperId: string, file: CheckedFile) {
      return db.transaction().execute(async (trx) => {
        const meeting = await meetingFor(trx, actor, meetingId, 'meeting.manage', true);
        await paperOf(trx, meeting, paperId, true);
        await trx
          .updateTable('meeting_papers')
          .set({
            file_name: file.fileName,
            media_type: file.mediaType,
            size_bytes: file.data.length,
            sha256: sha256(file.data),
            uploaded_by: actor.id,
            uploaded_at: sql<Date>`now()`,
          })
          .where('id', '=', paperId)
          .execute();
        await trx
          .updateTable('meeting_paper_files')
          .set({ content: file.data })
          .where('paper_id', '=', paperId)
          .execute();
        await record(trx, actor, 'meeting_paper.replaced', meeting, paperId, {
          mediaType: file.mediaType,
          sizeBytes: file.data.length,
        });
      });
    },

    /**
     * Deletes a paper and its bytes. Deleting the last published minutes of a meeting makes its
     * minutes unpublished again.
     */
    deletePaper(actor: Actor, meetingId: string, paperId: string) {
      return db.transaction().execute(async (trx) => {
        const meeting = await meetingFor(trx, actor, meetingId, 'meeting.manage', true);
        const paper = await paperOf(trx, meeting, paperId, true);
        await trx.deleteFrom('meeting_papers').where('id', '=', paperId).execute();
        if (paper.publishedAt) {
          const left = await trx
            .selectFrom('meeting_papers')
            .select('id')
            .where('meeting_id', '=', meeting.id)
            .where('published_at', 'is not', null)
            .executeTakeFirst();
          if (!left)
            await trx
              .updateTable('meetings')
              .set({ minutes_published_at: null, updated_at: sql<Date>`now()` })
              .where('id', '=', meeting.id)
              .execute();
        }
        await record(trx, actor, 'meeting_paper.deleted', meeting, paperId, { kind: paper.kind });
      });
    },

    /**
     * Publishes minutes: the paper's published_at and, the first time, the meeting's
     * minutes_published_at. Publishing again changes nothing.
     */
    publishMinutes(actor: Actor, meetingId: string, paperId: string) {
      return db.transaction().execute(async (trx) => {
        const meeting = await meetingFor(trx, actor, meetingId, 'meeting.manage', true);
        const paper = await paperOf(trx, meeting, paperId, true);
        if (paper.kind !== 'minutes') throw new HttpError(404);
        if (paper.publishedAt) return false;
        await trx
          .updateTable('meeting_papers')
          .set({ published_at: sql<Date>`now()` })
          .where('id', '=', paperId)
          .execute();
        await trx
          .updateTable('meetings')
          .set({
            minutes_published_at: sql<Date>`coalesce(minutes_published_at, now())`,
            updated_at: sql<Date>`now()`,
          })
          .where('id', '=', meeting.id)
          .execute();
        await record(trx, actor, 'meeting_minutes.published', meeting, paperId);
        return true;
      });
    },

    /**
     * A paper with its bytes, for download by staff who may see the meeting. Reading minutes
     * before they are published is audited (they may name people and what they said).
     */
    download(actor: Actor, meetingId: string, paperId: string) {
      return db.transaction().execute(async (trx) => {
        const meeting = await meetingFor(trx, actor, meetingId, 'meeting.view');
        const paper = await paperOf(trx, meeting, paperId);
        const file = await trx
          .selectFrom('meeting_paper_files')
          .select('content')
          .where('paper_id', '=', paperId)
          .executeTakeFirstOrThrow();
        if (paper.kind === 'minutes' && !paper.publishedAt)
          await record(trx, actor, 'meeting_minutes.downloaded', meeting, paperId);
        return { paper, content: file.content };
      });
    },

    /**
     * Published minutes of an open meeting, for anyone (no sign-in); undefined otherwise. Other
     * meetings' minutes are not public yet (see docs/meetings.md).
     */
    async publicMinutes(meetingId: string, paperId: string) {
      const row = await db
        .selectFrom('meeting_papers as p')
        .innerJoin('meetings as m', 'm.id', 'p.meeting_id')
        .innerJoin('meeting_paper_files as f', 'f.paper_id', 'p.id')
        .select([...paperColumns, 'f.content'])
        .where('p.id', '=', paperId)
        .where('p.meeting_id', '=', meetingId)
        .where('p.kind', '=', 'minutes')
        .where('p.published_at', 'is not', null)
        .where('m.kind', '=', 'open_meeting')
        .where('m.status', '=', 'planned')
        .executeTakeFirst();
      if (!row) return undefined;
      const { content, ...paper } = row;
      return { paper, content };
    },
  };
}

export type PapersService = ReturnType<typeof createPapersService>;

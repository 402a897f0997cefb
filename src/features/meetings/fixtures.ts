import crypto from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { MeetingPapersTable } from './papers/tables.ts';
import type { MeetingInviteesTable, MeetingsTable } from './tables.ts';

/**
 * Meetings and papers inserted directly, for the authorisation matrix's rows and the tests
 * (`test/support/meetings.ts` and `meetings-papers.ts` pass them on).
 */

/** A small but real PDF. */
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

/**
 * An online forum of the organisation: starting `startsInHours` from now (negative: in the past)
 * or at `starts_at`, `hours` long; `values` override any column.
 */
export async function insertMeeting(
  db: Kysely<DB>,
  organisationId: string,
  options: { startsInHours?: number; hours?: number } & Partial<Insertable<MeetingsTable>> = {},
) {
  const { startsInHours = 24, hours = 2, ...values } = options;
  const startsAt =
    values.starts_at === undefined
      ? new Date(Date.now() + startsInHours * 3_600_000)
      : new Date(values.starts_at);
  const row = await db
    .insertInto('meetings')
    .values({
      organisation_id: organisationId,
      kind: 'forum',
      title_en: 'Service user forum',
      title_cy: 'Fforwm defnyddwyr gwasanaeth',
      attendance_mode: 'online',
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + hours * 3_600_000),
      ...values,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** People or guests on the meeting's invitee list (each row's columns as given); their ids. */
export async function insertInvitees(
  db: Kysely<DB>,
  meetingId: string,
  invitees: Omit<Insertable<MeetingInviteesTable>, 'meeting_id'>[],
) {
  const rows = await db
    .insertInto('meeting_invitees')
    .values(invitees.map((invitee) => ({ ...invitee, meeting_id: meetingId })))
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/**
 * A paper of the meeting with its file (`content`, the PDF above unless given): an English agenda
 * paper in the standard format; `values` override any column.
 */
export async function insertPaper(
  db: Kysely<DB>,
  meetingId: string,
  values: Partial<Insertable<MeetingPapersTable>> = {},
  content: Buffer = PDF,
) {
  const row = await db
    .insertInto('meeting_papers')
    .values({
      meeting_id: meetingId,
      kind: 'agenda_paper',
      title_en: 'Agenda',
      title_cy: 'Agenda',
      language: 'en',
      file_name: 'agenda.pdf',
      media_type: 'application/pdf',
      size_bytes: content.length,
      sha256: crypto.createHash('sha256').update(content).digest('hex'),
      ...values,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('meeting_paper_files').values({ paper_id: row.id, content }).execute();
  return row.id;
}

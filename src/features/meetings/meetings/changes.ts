/**
 * Changing meetings on the database: editing one meeting or it and the later ones of its series,
 * cancelling them, and replacing an agenda. Each runs in the caller's transaction; the caller
 * checks who may and records the audit entries.
 */
import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { londonParts } from '#platform/time/london.ts';
import { meetingTimes } from './rules.ts';
import type { AgendaItemInput, MeetingFields, Scope } from './schema.ts';

type Db = Kysely<DB>;

/** The columns the edit form sets (besides the date and times). */
export const editableColumns = [
  'kind',
  'title_en',
  'title_cy',
  'purpose_en',
  'purpose_cy',
  'rung',
  'attendance_mode',
  'venue_id',
  'online_details',
  'chair_account_id',
  'languages',
  'simultaneous_translation',
  'interpreter_language',
  'closed_to',
  'break_planned',
  'expenses_offered',
  'papers_due_days',
  'minutes_due_days',
] as const;

/** A meeting a change starts from: this one, and the series it may be part of. */
export interface ChangeTarget {
  id: string;
  seriesId: string | null;
  startsAt: Date;
}

/**
 * The meetings a change or cancellation applies to, locked: this one, and with `later` the planned
 * meetings of its series that start after it.
 */
async function targetsOf(trx: Db, meeting: ChangeTarget, scope: Scope) {
  return trx
    .selectFrom('meetings')
    .select([...editableColumns, 'id', 'starts_at', 'ends_at', 'status'])
    .where((eb) =>
      scope === 'later' && meeting.seriesId
        ? eb.or([
            eb('id', '=', meeting.id),
            eb.and([
              eb('series_id', '=', meeting.seriesId),
              eb('starts_at', '>', meeting.startsAt),
              eb('status', '=', 'planned'),
            ]),
          ])
        : eb('id', '=', meeting.id),
    )
    .orderBy('starts_at')
    .forUpdate()
    .execute();
}

const same = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

/**
 * Applies the edit form to the meeting (its date too) and, with `later`, to the later planned
 * meetings of its series (everything but their date; the times on each one's own date).
 * Returns, for each meeting changed, the names of the fields that changed (no values).
 */
export async function changeMeetings(
  trx: Db,
  meeting: ChangeTarget,
  fields: MeetingFields,
  scope: Scope,
  now: Date,
): Promise<{ id: string; fields: string[] }[]> {
  const { date, startTime, endTime } = fields;
  // a column the fields leave out (undefined) is kept as it is; null clears it
  const given = editableColumns.filter((column) => fields[column] !== undefined);
  const columns = Object.fromEntries(given.map((column) => [column, fields[column]])) as {
    [K in (typeof editableColumns)[number]]?: MeetingFields[K];
  };
  const changes: { id: string; fields: string[] }[] = [];
  for (const row of await targetsOf(trx, meeting, scope)) {
    const day = row.id === meeting.id ? date : londonParts(new Date(row.starts_at)).date;
    const { startsAt, endsAt } = meetingTimes(day, startTime, endTime, now);
    const next = { ...columns, starts_at: startsAt, ends_at: endsAt };
    const changed = ([...given, 'starts_at', 'ends_at'] as const).filter(
      (key) => !same(row[key], next[key]),
    );
    if (changed.length === 0) continue;
    await trx
      .updateTable('meetings')
      .set({ ...next, updated_at: now })
      .where('id', '=', row.id)
      .execute();
    changes.push({ id: row.id, fields: changed });
  }
  return changes;
}

/** Cancels the meeting (and with `later` the later ones of its series); the ids cancelled. */
export async function cancelMeetings(trx: Db, meeting: ChangeTarget, scope: Scope, now: Date) {
  const ids = (await targetsOf(trx, meeting, scope))
    .filter((row) => row.status === 'planned')
    .map((row) => row.id);
  if (ids.length === 0) return [];
  await trx
    .updateTable('meetings')
    .set({ status: 'cancelled', cancelled_at: now, updated_at: now })
    .where('id', 'in', ids)
    .execute();
  return ids;
}

/** Replaces the meeting's agenda with these items (already numbered 1, 2, 3…). */
export async function replaceAgenda(trx: Db, meetingId: string, items: AgendaItemInput[]) {
  await trx.deleteFrom('meeting_agenda_items').where('meeting_id', '=', meetingId).execute();
  if (items.length)
    await trx
      .insertInto('meeting_agenda_items')
      .values(items.map((item) => ({ ...item, meeting_id: meetingId })))
      .execute();
}

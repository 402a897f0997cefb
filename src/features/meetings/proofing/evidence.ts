import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { atOrBelow } from '#platform/permissions/organisation-in-scope.ts';
import type { EvidenceProvider, Figure, Scope } from '#platform/modules/contract.ts';
import { formatDate } from '#platform/views/views.ts';
import { BREAK_AFTER_MINUTES } from './rules.ts';

/**
 * What meetings answer for the assessment and insight capabilities, for an organisation and
 * everything below it over a period: minutes published in time and Welsh provision (evidence
 * with the meetings behind each answer), and counts of meetings held, attendance and overrides.
 */

/** Meetings (not cancelled) at the organisation or below it, starting in [from, to). */
export function meetingsIn(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('meetings as m')
    .where(atOrBelow('m.organisation_id', scope.organisationId))
    .where('m.status', '=', 'planned')
    .where('m.starts_at', '>=', scope.from)
    .where('m.starts_at', '<', scope.to);
}

/**
 * An evidence answer from `meetings` (`meetingsIn`, narrowed): of them, those for which `met`
 * holds, each a record linking to its meeting's page (`/meetings/:id` and then `page`).
 */
export async function answerFromMeetings(
  meetings: ReturnType<typeof meetingsIn>,
  met: RawBuilder<boolean>,
  page = '',
) {
  const rows = await meetings
    .select(['m.id', 'm.title_en', 'm.starts_at', met.as('met')])
    .orderBy('m.starts_at')
    .execute();
  const metRows = rows.filter((r) => r.met);
  return {
    met: metRows.length,
    of: rows.length,
    records: metRows.map((r) => ({
      type: 'meeting',
      id: r.id,
      label: `${r.title_en}, ${formatDate(r.starts_at, 'en')}`,
      href: `/meetings/${r.id}${page}`,
    })),
  };
}

/** Of meetings whose minutes are due by now, those published within the meeting's days. */
export const minutesInTime: EvidenceProvider = {
  id: 'meetings.minutes-in-time',
  criteria: ['WF Annex 3', 'NW barriers'],
  text: 'proofing:evidence.minutesInTime',
  async answer({ db }, scope) {
    return answerFromMeetings(
      meetingsIn(db, scope).where(
        sql<boolean>`m.ends_at + m.minutes_due_days * interval '1 day' < now()`,
      ),
      sql<boolean>`m.minutes_published_at is not null
        and m.minutes_published_at <= m.ends_at + m.minutes_due_days * interval '1 day'`,
    );
  },
};

/** Meetings held bilingually, in Welsh, or with simultaneous translation. */
export const welshProvision: EvidenceProvider = {
  id: 'meetings.welsh-provision',
  criteria: ['WF 3.5', 'WF Annex 3'],
  text: 'proofing:evidence.welshProvision',
  async answer({ db }, scope) {
    return answerFromMeetings(
      meetingsIn(db, scope),
      sql<boolean>`m.languages <> 'en' or m.simultaneous_translation`,
    );
  },
};

/** The meeting's own check went ahead anyway with a recorded reason. */
const overridden = (check: string) =>
  sql<boolean>`exists (select 1 from meeting_proofing_overrides v
    where v.meeting_id = m.id and v.check_key = ${check} and v.invitee_id is null)`;

/**
 * User-proofing compliance: of the meetings held, those that met every check that is about the
 * meeting itself — all agenda papers out `papers_due_days` before, a break in a meeting over two
 * hours, expenses offered, minutes published in time once due — or went ahead on one with a
 * recorded reason. (The checks about each invitee's time, access and language are worked out
 * live on the meeting's checklist from the register.)
 */
export const proofingCompliance: EvidenceProvider = {
  id: 'meetings.proofing-compliance',
  criteria: ['WF Annex 3', 'WF 3.1', 'WF 3.3', 'NW barriers'],
  text: 'proofing:evidence.compliance',
  async answer({ db }, scope) {
    return answerFromMeetings(
      meetingsIn(db, scope).where('m.ends_at', '<', sql<Date>`now()`),
      sql<boolean>`
          (coalesce((select max(p.uploaded_at) from meeting_papers p
              where p.meeting_id = m.id and p.kind = 'agenda_paper')
            <= m.starts_at - m.papers_due_days * interval '1 day', false)
            or ${overridden('papers_early')})
          and (m.ends_at - m.starts_at <= interval '${sql.raw(String(BREAK_AFTER_MINUTES))} minutes'
            or m.break_planned or ${overridden('break')})
          and (m.expenses_offered or ${overridden('expenses')})
          and (m.ends_at + m.minutes_due_days * interval '1 day' >= now()
            or m.minutes_published_at <= m.ends_at + m.minutes_due_days * interval '1 day'
            or ${overridden('minutes_published')})`,
    );
  },
};

export const meetingFigures: Figure[] = [
  {
    id: 'meetings.held',
    text: 'proofing:figures.held',
    async count({ db }, scope) {
      const row = await meetingsIn(db, scope)
        .where('m.ends_at', '<', sql<Date>`now()`)
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow();
      return row.n;
    },
  },
  {
    id: 'meetings.attendance',
    text: 'proofing:figures.attendance',
    suppressBelow: 5,
    async count({ db }, scope) {
      const row = await meetingsIn(db, scope)
        .innerJoin('meeting_invitees as i', 'i.meeting_id', 'm.id')
        .where('i.attendance', 'in', ['attended', 'left_early'])
        .where('i.person_id', 'is not', null)
        .select(sql<number>`count(distinct i.person_id)::int`.as('n'))
        .executeTakeFirstOrThrow();
      return row.n;
    },
  },
  {
    id: 'meetings.overrides',
    text: 'proofing:figures.overrides',
    async count({ db }, scope) {
      const row = await meetingsIn(db, scope)
        .innerJoin('meeting_proofing_overrides as v', 'v.meeting_id', 'm.id')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow();
      return row.n;
    },
  },
];

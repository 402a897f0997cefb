import { sql } from 'kysely';
import type { EvidenceProvider } from '#platform/modules/contract.ts';
import { answerFromMeetings, meetingsIn } from '../proofing/evidence.ts';

/**
 * Papers out in time (WF Annex 3): of the meetings held in the period (not cancelled, started
 * by now) at the organisation or below it, those whose first paper went up at least the
 * meeting's papers days before the start.
 */
export const papersInTime: EvidenceProvider = {
  id: 'meetings.papers-in-time',
  criteria: ['WF Annex 3'],
  text: 'invitations:evidence.papersInTime',
  answer: ({ db }, scope) =>
    answerFromMeetings(
      meetingsIn(db, scope).where('m.starts_at', '<', sql<Date>`now()`),
      sql<boolean>`coalesce((select min(p.uploaded_at) from meeting_papers p
        where p.meeting_id = m.id and p.kind = 'agenda_paper')
        <= m.starts_at - m.papers_due_days * interval '1 day', false)`,
      '/papers',
    ),
};

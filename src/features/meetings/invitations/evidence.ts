import { sql } from 'kysely';
import type { EvidenceProvider } from '#platform/modules/contract.ts';
import { formatDate } from '#platform/views/views.ts';

/**
 * Papers out in time (WF Annex 3): of the meetings held in the period (not cancelled, started
 * by now) at the organisation or below it, those whose first paper went up at least the
 * meeting's papers days before the start.
 */
export const papersInTime: EvidenceProvider = {
  id: 'meetings.papers-in-time',
  criteria: ['WF Annex 3'],
  text: 'invitations:evidence.papersInTime',
  async answer({ db }, scope) {
    const rows = await db
      .selectFrom('meetings as m')
      .where(
        sql<boolean>`m.organisation_id = any(array(select o.id from organisations o
          where o.ancestors @> array[${scope.organisationId}]::uuid[]))`,
      )
      .where('m.status', '=', 'planned')
      .where('m.starts_at', '>=', scope.from)
      .where('m.starts_at', '<', scope.to)
      .where('m.starts_at', '<', sql<Date>`now()`)
      .select([
        'm.id',
        'm.title_en',
        'm.starts_at',
        sql<boolean>`coalesce((select min(p.uploaded_at) from meeting_papers p
          where p.meeting_id = m.id and p.kind = 'agenda_paper')
          <= m.starts_at - m.papers_due_days * interval '1 day', false)`.as('met'),
      ])
      .orderBy('m.starts_at')
      .execute();
    const met = rows.filter((r) => r.met);
    return {
      met: met.length,
      of: rows.length,
      records: met.map((r) => ({
        type: 'meeting',
        id: r.id,
        label: `${r.title_en}, ${formatDate(r.starts_at, 'en')}`,
        href: `/meetings/${r.id}/papers`,
      })),
    };
  },
};

import { sql, type Kysely } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import { appendAuditBatch } from '#platform/audit/audit-batch.ts';
import type { Database } from '#platform/db/database.ts';
import type { DB } from '#platform/db/schema.ts';
import { londonParts } from '#platform/time/london.ts';
import { settingsFor } from '../deadlines/deadlines.ts';
import { itemNumber } from '../items/receive.ts';

export const ESCALATE_JOB = 'feedback.escalate';

/**
 * Who an escalated complaint goes to: the commissioners of the organisation the service's
 * settings name; when none is named, the administrators of the service's organisations.
 */
export async function escalationRecipients(db: Kysely<DB>, organisationId: string) {
  const settings = await settingsFor(db, organisationId);
  const where = settings.commissionerOrganisationId
    ? sql<boolean>`m.organisation_id = ${settings.commissionerOrganisationId} and m.role = 'commissioner'`
    : sql<boolean>`m.role = 'organisation_admin' and exists (select 1 from organisations o
        where o.id = ${organisationId} and m.organisation_id = any(o.ancestors))`;
  return db
    .selectFrom('accounts as a')
    .innerJoin('memberships as m', 'm.account_id', 'a.id')
    .select(['a.id', 'a.email', 'a.language'])
    .distinct()
    .where('a.disabled_at', 'is', null)
    .where(where)
    .execute();
}

/**
 * Escalates every complaint whose deadline has passed by `now` (UK day): not acknowledged by its
 * acknowledge-by day, or no outcome by its respond-by day. A deadline is a working day, so a
 * complaint due on the Wednesday after a bank-holiday weekend escalates on the Thursday, not
 * on the Saturday. Runs hourly; each complaint escalates once. The escalated items.
 */
export async function escalateOverdue(deps: { db: Database; audit: AuditLog }, now: Date) {
  const today = londonParts(now).date;
  return deps.db.transaction().execute(async (trx) => {
    const { rows } = await sql<{
      id: string;
      number: number;
      organisation_id: string;
      escalated_reason: 'acknowledge_overdue' | 'respond_overdue';
    }>`
      update feedback_items set
        escalated_at = ${now},
        escalated_reason = case when status = 'received' and acknowledge_by < ${today}::date
          then 'acknowledge_overdue' else 'respond_overdue' end,
        version = version + 1
      where kind = 'complaint' and escalated_at is null and merged_into_id is null
        and status in ('received', 'acknowledged', 'looking')
        and ((status = 'received' and acknowledge_by < ${today}::date) or respond_by < ${today}::date)
      returning id, number, organisation_id, escalated_reason`.execute(trx);
    await appendAuditBatch(
      trx,
      rows.map((r) => ({
        actorAccountId: null,
        action: 'feedback.escalated',
        subjectType: 'feedback_item',
        subjectId: r.id,
        organisationId: r.organisation_id,
        details: { number: itemNumber(r.number), reason: r.escalated_reason },
      })),
    );
    return rows;
  });
}

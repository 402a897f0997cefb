import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { atOrBelow } from '#platform/permissions/organisation-in-scope.ts';
import type { EvidenceProvider, Figure, Scope } from '#platform/modules/contract.ts';
import { formatDate } from '#platform/views/views.ts';
import { itemNumber } from './receive.ts';

/** Items received in the scope's period at the organisation or below (duplicates and safeguarding left out). */
function receivedIn(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('feedback_items as f')
    .where(atOrBelow('f.organisation_id', scope.organisationId))
    .where('f.received_at', '>=', scope.from)
    .where('f.received_at', '<', scope.to)
    .where('f.merged_into_id', 'is', null)
    .where('f.safeguarding', '=', false);
}

/** Of the items received in the period (narrowed by `which`), those meeting `met`, with the records. */
function itemsWhere(
  which: RawBuilder<boolean>,
  met: RawBuilder<boolean>,
): EvidenceProvider['answer'] {
  return async ({ db }, scope) => {
    const rows = await receivedIn(db, scope)
      .where(which)
      .select(['f.id', 'f.number', 'f.received_at as receivedAt', met.as('met')])
      .orderBy('f.received_at')
      .limit(5000)
      .execute();
    const found = rows.filter((r) => r.met);
    return {
      met: found.length,
      of: rows.length,
      records: found.slice(0, 200).map((r) => ({
        type: 'feedback_item',
        id: r.id,
        label: `${itemNumber(r.number)}, ${formatDate(r.receivedAt, 'en')}`,
        href: `/feedback/items/${r.id}`,
      })),
    };
  };
}

/**
 * A way to give feedback in place (WM; BT barriers): of the services at or below the
 * organisation with an inbox open, those that received feedback in the period.
 */
export const feedbackInPlace: EvidenceProvider = {
  id: 'feedback.mechanism-in-place',
  criteria: ['WM feedback', 'BT barriers', 'NW experience tracking'],
  text: 'feedback:evidence.inPlace',
  async answer({ db }, scope) {
    const rows = await db
      .selectFrom('feedback_inboxes as i')
      .innerJoin('organisations as o', 'o.id', 'i.organisation_id')
      .where(sql<boolean>`o.ancestors @> array[${scope.organisationId}]::uuid[]`)
      .where('i.enabled', '=', true)
      .select([
        'o.id',
        'o.name_en as nameEn',
        sql<boolean>`exists (select 1 from feedback_items f where f.organisation_id = o.id
          and f.received_at >= ${scope.from} and f.received_at < ${scope.to})`.as('used'),
      ])
      .orderBy('o.name_en')
      .execute();
    const used = rows.filter((r) => r.used);
    return {
      met: used.length,
      of: rows.length,
      records: used.map((r) => ({
        type: 'organisation',
        id: r.id,
        label: r.nameEn,
        href: `/feedback?service=${r.id}&status=all`,
      })),
    };
  },
};

/** People told what happened (WF Annex 2 principle 9): of the items received, those with an outcome published. */
export const outcomesPublished: EvidenceProvider = {
  id: 'feedback.outcomes-published',
  criteria: ['WF Annex 2 principle 9', 'BT reacting to feedback'],
  text: 'feedback:evidence.published',
  answer: itemsWhere(sql<boolean>`true`, sql<boolean>`f.status = 'published'`),
};

/** Complaints answered in time (WF 3.2, WM): of the complaints received, those with an outcome by their day. */
export const complaintsInTime: EvidenceProvider = {
  id: 'feedback.complaints-in-time',
  criteria: ['WF 3.2', 'WM complaints'],
  text: 'feedback:evidence.inTime',
  answer: itemsWhere(
    sql<boolean>`f.kind = 'complaint'`,
    sql<boolean>`f.decided_at is not null and (f.decided_at at time zone 'Europe/London')::date <= f.respond_by`,
  ),
};

const counted =
  (where: RawBuilder<boolean>): Figure['count'] =>
  async ({ db }, scope) => {
    const row = await receivedIn(db, scope)
      .where(where)
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    return row.n;
  };

export const feedbackFigures: Figure[] = [
  {
    id: 'feedback.received',
    text: 'feedback:figures.received',
    suppressBelow: 0,
    count: counted(sql<boolean>`true`),
  },
  {
    id: 'feedback.published',
    text: 'feedback:figures.published',
    suppressBelow: 0,
    count: counted(sql<boolean>`f.status = 'published'`),
  },
  {
    id: 'feedback.closed',
    text: 'feedback:figures.closed',
    suppressBelow: 0,
    count: counted(sql<boolean>`f.status in ('published', 'closed')`),
  },
  {
    id: 'feedback.outcome-within-four-weeks',
    text: 'feedback:figures.quick',
    suppressBelow: 0,
    count: counted(
      sql<boolean>`f.decided_at is not null and f.decided_at < f.received_at + interval '28 days'`,
    ),
  },
  {
    id: 'feedback.complaints-escalated',
    text: 'feedback:figures.escalated',
    suppressBelow: 0,
    count: counted(sql<boolean>`f.kind = 'complaint' and f.escalated_at is not null`),
  },
];

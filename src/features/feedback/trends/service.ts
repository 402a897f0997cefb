import { sql } from 'kysely';
import { authoriseAt, findOrganisation } from '#features/admin';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import { scopeOf } from '#platform/permissions/policy.ts';
import { atOrBelow } from '#platform/permissions/organisation-in-scope.ts';

/** The months a trends page covers (this one and the eleven before it). */
export const MONTHS = 12;

/** What is counted: items not merged into another and not safeguarding (those stay private). */
const counted = sql<boolean>`f.merged_into_id is null and not f.safeguarding`;

/**
 * Trends (issue 12 item 7), feedback.view: for an organisation and everything below it over the
 * last twelve months, items by month and kind, the share with a published outcome and the median
 * days to an outcome; the top themes; and, for a commissioner or a provider, the same per
 * organisation directly below, so providers can be compared.
 */
export function createFeedbackTrends({ db }: { db: Database }) {
  /** The organisation asked for, or the actor's first: authorised for feedback.view. */
  async function organisationFor(actor: Actor, organisationId: string | null) {
    let id = organisationId;
    if (!id) {
      const scope = scopeOf(actor, 'feedback.view');
      id =
        scope?.[0] ??
        (
          await db
            .selectFrom('organisations')
            .select('id')
            .where('parent_id', 'is', null)
            .orderBy('name_en')
            .executeTakeFirst()
        )?.id ??
        null;
    }
    const organisation = id ? await findOrganisation(db, id) : undefined;
    if (!organisation) throw new HttpError(404);
    authoriseAt(actor, 'feedback.view', organisation);
    return organisation;
  }

  return {
    async trends(actor: Actor, organisationId: string | null, now = new Date()) {
      const organisation = await organisationFor(actor, organisationId);
      const since = sql<Date>`date_trunc('month', ${now}::timestamptz at time zone 'Europe/London')
        - make_interval(months => ${MONTHS - 1})`;
      const month = sql<string>`to_char(date_trunc('month', f.received_at at time zone 'Europe/London'), 'YYYY-MM')`;
      const below = atOrBelow('f.organisation_id', organisation.id);
      const daysToOutcome = sql<number | null>`round((percentile_cont(0.5) within group (order by
        extract(epoch from f.decided_at - f.received_at) / 86400)
        filter (where f.decided_at is not null))::numeric, 1)::float`;
      const recent = sql<boolean>`(f.received_at at time zone 'Europe/London') >= ${since}`;
      const [months, themes, children] = await Promise.all([
        db
          .selectFrom('feedback_items as f')
          .where(below)
          .where(recent)
          .where(counted)
          .select([
            month.as('month'),
            sql<number>`count(*)::int`.as('received'),
            sql<number>`count(*) filter (where f.kind = 'complaint')::int`.as('complaints'),
            sql<number>`count(*) filter (where f.kind = 'compliment')::int`.as('compliments'),
            sql<number>`count(*) filter (where f.status = 'published')::int`.as('published'),
            daysToOutcome.as('medianDays'),
          ])
          .groupBy(month)
          .orderBy(month)
          .execute(),
        db
          .selectFrom('feedback_items as f')
          .innerJoin('feedback_item_themes as it', 'it.item_id', 'f.id')
          .innerJoin('feedback_themes as t', 't.id', 'it.theme_id')
          .where(below)
          .where(recent)
          .where(counted)
          .select([
            't.name_en as nameEn',
            't.name_cy as nameCy',
            sql<number>`count(*)::int`.as('items'),
          ])
          .groupBy(['t.id', 't.name_en', 't.name_cy'])
          .orderBy(sql`count(*)`, 'desc')
          .limit(10)
          .execute(),
        db
          .selectFrom('organisations as c')
          .innerJoin('organisations as o', (join) =>
            join.on(sql<boolean>`o.ancestors @> array[c.id]`),
          )
          .innerJoin('feedback_items as f', 'f.organisation_id', 'o.id')
          .where('c.parent_id', '=', organisation.id)
          .where(recent)
          .where(counted)
          .select([
            'c.id',
            'c.name_en as nameEn',
            'c.name_cy as nameCy',
            sql<number>`count(*)::int`.as('received'),
            sql<number>`count(*) filter (where f.status = 'published')::int`.as('published'),
            sql<number>`count(*) filter (where f.escalated_at is not null)::int`.as('escalated'),
            daysToOutcome.as('medianDays'),
          ])
          .groupBy(['c.id', 'c.name_en', 'c.name_cy'])
          .orderBy('c.name_en')
          .execute(),
      ]);
      return { organisation, months, themes, children };
    },
  };
}

export type FeedbackTrends = ReturnType<typeof createFeedbackTrends>;

import { sql } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import type { Nation } from '../settings/schema.ts';

/** A bank holiday as the form gives it: `day` is YYYY-MM-DD. */
export interface HolidayInput {
  nation: Nation;
  day: string;
  nameEn: string;
  nameCy: string;
}

/**
 * Bank holidays by UK nation, which complaint deadlines skip: the ones from this year on, and
 * platform administrators' additions and removals (audited).
 */
export function createHolidaysService(deps: { db: Database; audit: AuditLog }) {
  const { db, audit } = deps;
  return {
    /** This year's holidays and later ones, by nation and day. */
    upcoming: () =>
      db
        .selectFrom('working_day_holidays')
        .select([
          'nation',
          sql<string>`day::text`.as('day'),
          'name_en as nameEn',
          'name_cy as nameCy',
        ])
        .where(sql<boolean>`day >= date_trunc('year', now())::date`)
        .orderBy('nation')
        .orderBy('day')
        .execute(),

    /** Adds a holiday, or renames the one already on that day. */
    async add(actor: Actor, holiday: HolidayInput) {
      const names = { name_en: holiday.nameEn, name_cy: holiday.nameCy };
      await db
        .insertInto('working_day_holidays')
        .values({ nation: holiday.nation, day: holiday.day, ...names })
        .onConflict((oc) => oc.columns(['nation', 'day']).doUpdateSet(names))
        .execute();
      await audit.record({
        actorAccountId: actor.id,
        action: 'feedback.holiday_added',
        details: { nation: holiday.nation, day: holiday.day },
      });
    },

    /** Removes a holiday; false when there was none that day. */
    async remove(actor: Actor, nation: Nation, day: string) {
      const removed = await db
        .deleteFrom('working_day_holidays')
        .where('nation', '=', nation)
        .where('day', '=', day)
        .returning('day')
        .executeTakeFirst();
      if (!removed) return false;
      await audit.record({
        actorAccountId: actor.id,
        action: 'feedback.holiday_removed',
        details: { nation, day },
      });
      return true;
    },
  };
}

export type HolidaysService = ReturnType<typeof createHolidaysService>;

import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { londonParts } from '#platform/time/london.ts';
import type { Nation } from '../items/tables.ts';
import { addWorkingDays } from './working-days.ts';

type Executor = Kysely<DB>;

/** The settings a service works to when none of its organisations has set them. */
export const DEFAULT_SETTINGS = {
  acknowledgeDays: 2,
  respondDays: 20,
  nation: 'england-and-wales' as Nation,
  commissionerOrganisationId: null as string | null,
  safeguardingLeadId: null as string | null,
};
export type FeedbackSettings = typeof DEFAULT_SETTINGS & { setAt: string | null };

/**
 * The feedback settings a service works to: those of the nearest organisation at or above it
 * that has set them (a provider's settings cover its services; a service may set its own).
 */
export async function settingsFor(db: Executor, organisationId: string): Promise<FeedbackSettings> {
  const row = await db
    .selectFrom('feedback_settings as s')
    .innerJoin('organisations as o', (join) =>
      join.on('o.id', '=', organisationId).on(sql<boolean>`s.organisation_id = any(o.ancestors)`),
    )
    .select([
      's.organisation_id as setAt',
      's.acknowledge_days as acknowledgeDays',
      's.respond_days as respondDays',
      's.nation',
      's.commissioner_organisation_id as commissionerOrganisationId',
      's.safeguarding_lead_id as safeguardingLeadId',
    ])
    .orderBy(sql`array_position(o.ancestors, s.organisation_id)`, 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ?? { ...DEFAULT_SETTINGS, setAt: null };
}

/** A nation's bank holidays from `from` for the next year and a half (enough for any deadline). */
export async function holidaysFrom(db: Executor, nation: Nation, from: string) {
  const rows = await db
    .selectFrom('working_day_holidays')
    .select(sql<string>`day::text`.as('day'))
    .where('nation', '=', nation)
    .where('day', '>=', from)
    .where(sql<boolean>`day < ${from}::date + 550`)
    .execute();
  return new Set(rows.map((r) => r.day));
}

/**
 * A complaint's deadlines: acknowledged and answered within the service's timescales, counted in
 * working days of its nation from the UK day it arrived (that day itself does not count).
 */
export async function complaintDeadlines(db: Executor, organisationId: string, receivedAt: Date) {
  const settings = await settingsFor(db, organisationId);
  const day = londonParts(receivedAt).date;
  const holidays = await holidaysFrom(db, settings.nation, day);
  return {
    acknowledge_by: addWorkingDays(day, settings.acknowledgeDays, holidays),
    respond_by: addWorkingDays(day, settings.respondDays, holidays),
  };
}

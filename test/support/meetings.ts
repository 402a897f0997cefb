import { after, before } from 'node:test';
import type { Insertable, Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { MeetingsTable } from '#app/features/meetings/tables.ts';
import { startTestApp, type TestApp } from './app.ts';
import { organisationTree } from './fixture.ts';

/**
 * The meetings tests' frame: an app started for the describe block, a region with providers A
 * and B below it (organisationTree: `org`, `signedIn`...), and meetings inserted directly.
 */
export function meetingsSuite(label: string, name?: string) {
  const suite = { t: undefined as unknown as TestApp };
  const tree = organisationTree(() => suite.t, label, name);
  before(async () => {
    suite.t = await startTestApp();
    await tree.add('Region');
    await tree.add('Provider A', 'Region');
    await tree.add('Provider B', 'Region');
  });
  after(() => suite.t.close());
  return {
    ...tree,
    get t() {
      return suite.t;
    },
  };
}

/**
 * An online forum of the organisation inserted directly: starting `startsInHours` from now
 * (negative: in the past), `hours` long; `values` override any column.
 */
export async function insertMeeting(
  db: Kysely<DB>,
  organisationId: string,
  options: { startsInHours?: number; hours?: number } & Partial<Insertable<MeetingsTable>> = {},
) {
  const { startsInHours = 24, hours = 2, ...values } = options;
  const startsAt = new Date(Date.now() + startsInHours * 3_600_000);
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

import { after, before } from 'node:test';
import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
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
    await tree.addAll({ Region: null, 'Provider A': 'Region', 'Provider B': 'Region' });
  });
  after(() => suite.t.close());
  return {
    ...tree,
    get t() {
      return suite.t;
    },
  };
}

export { insertMeeting } from '#app/features/meetings/fixtures.ts';

/** A representative invited to the meeting and their back-up (people); the two invitees' ids. */
export async function insertRepresentativeAndBackup(
  db: Kysely<DB>,
  meetingId: string,
  people: { representative: string; backup: string },
) {
  const representative = await db
    .insertInto('meeting_invitees')
    .values({ meeting_id: meetingId, person_id: people.representative, role: 'representative' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const backup = await db
    .insertInto('meeting_invitees')
    .values({
      meeting_id: meetingId,
      person_id: people.backup,
      role: 'backup',
      backup_for: representative.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { representativeInvitee: representative.id, backupInvitee: backup.id };
}

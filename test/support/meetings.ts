import { after, before } from 'node:test';
import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { startTestApp, type TestApp } from './app.ts';
import { insertInvitees } from '#app/features/meetings/fixtures.ts';
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

export { insertInvitees, insertMeeting } from '#app/features/meetings/fixtures.ts';

/** A representative invited to the meeting and their back-up (people); the two invitees' ids. */
export async function insertRepresentativeAndBackup(
  db: Kysely<DB>,
  meetingId: string,
  people: { representative: string; backup: string },
) {
  const [representative] = await insertInvitees(db, meetingId, [
    { person_id: people.representative, role: 'representative' },
  ]);
  const [backup] = await insertInvitees(db, meetingId, [
    { person_id: people.backup, role: 'backup', backup_for: representative! },
  ]);
  return { representativeInvitee: representative!, backupInvitee: backup! };
}

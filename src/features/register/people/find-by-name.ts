import type { Actor } from '#platform/auth/sessions.ts';
import { appendAuditBatch } from '#platform/audit/audit-batch.ts';
import type { Database } from '#platform/db/database.ts';
import { searchPeople, type Viewer } from './repository.ts';

/**
 * People the viewer may see on the register, by name (the first `limit`), for another
 * capability's look-up: each name shown is audited under `action`, in the same transaction.
 */
export function findPeopleByName(
  db: Database,
  actor: Actor,
  viewer: Viewer,
  search: { name: string; limit: number; action: string },
) {
  return db.transaction().execute(async (trx) => {
    const found = await searchPeople(
      trx,
      viewer,
      { name: search.name },
      { limit: search.limit, offset: 0 },
    );
    await appendAuditBatch(
      trx,
      found.rows.map((p) => ({
        actorAccountId: actor.id,
        action: search.action,
        subjectType: 'person',
        subjectId: p.id,
        details: {},
      })),
    );
    return found.rows;
  });
}

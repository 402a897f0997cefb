import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';

/** Whether the person was sent this template (any variant) since the time given. */
export async function sentSince(db: Kysely<DB>, personId: string, template: string, since: Date) {
  const row = await db
    .selectFrom('person_messages')
    .select('id')
    .where('person_id', '=', personId)
    .where('template', 'like', `${template}%`)
    .where('created_at', '>', since)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

import type { Insertable, Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { receiptCode } from './receive.ts';
import type { FeedbackItemsTable } from './tables.ts';

/** An item straight into the database, for tests and the authorisation matrix. */
export function insertTestItem(
  db: Kysely<DB>,
  values: Partial<Insertable<FeedbackItemsTable>> & { organisation_id: string },
) {
  return db
    .insertInto('feedback_items')
    .values({
      channel: 'web',
      kind: 'suggestion',
      body: 'Could the group meet in the evening?',
      receipt_code: receiptCode(),
      ...values,
    })
    .returning(['id', 'number', 'receipt_code as receiptCode'])
    .executeTakeFirstOrThrow();
}

/** Every feedback item of an organisation, as stored (for tests that check what was kept). */
export const storedItems = (db: Kysely<DB>, organisationId: string) =>
  db
    .selectFrom('feedback_items')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .execute();

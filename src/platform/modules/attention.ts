import { sql, type Expression } from 'kysely';
import type { Actor } from '../auth/sessions.ts';
import type { Database } from '../db/database.ts';
import type { AttentionItem, AttentionProvider, Services } from './contract.ts';

/**
 * Counts named values in one statement (`select (…) as "name", …`, no FROM): each value is
 * put in parentheses, so a `select` of one column is a scalar subquery.
 */
export async function selectCounts(
  db: Database,
  counts: readonly (readonly [string, Expression<unknown>])[],
): Promise<Record<string, unknown>> {
  if (counts.length === 0) return {};
  return db
    .selectNoFrom(counts.map(([name, value]) => sql`(${value})`.as(name)))
    .executeTakeFirstOrThrow();
}

/** The items worth showing: a count of 0 waits for nobody. */
export const waiting = (items: readonly AttentionItem[]) => items.filter((item) => item.count > 0);

/**
 * Asks one attention provider alone, in one statement: the home page's fallback when the
 * statement of every provider's counts fails, and what tests of one provider call.
 */
export async function askAttention<Row extends Record<string, unknown>>(
  services: Services,
  provider: AttentionProvider<Row>,
  actor: Actor,
): Promise<AttentionItem[]> {
  const counts = provider.counts(services, actor);
  if (!counts) return [];
  const row = await selectCounts(services.db, Object.entries<Expression<unknown>>(counts));
  return waiting(provider.items(row as Row));
}

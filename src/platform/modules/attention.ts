import { sql, type Expression, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { TFunction } from 'i18next';
import type { Actor } from '../auth/sessions.ts';
import type { Database } from '../db/database.ts';
import { scopeOf, type Permission } from '../permissions/policy.ts';
import type { AttentionInputs, AttentionItem, AttentionProvider, Services } from './contract.ts';

/** A named value of a counts statement, in parentheses (a `select` is a scalar subquery). */
export const countColumn = (name: string, value: Expression<unknown>) => sql`(${value})`.as(name);

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
    .selectNoFrom(counts.map(([name, value]) => countColumn(name, value)))
    .executeTakeFirstOrThrow();
}

/**
 * How far an attention count goes: the home page shows a count this high or higher as "99+",
 * so a count can stop there. A platform administrator's counts reach tens of thousands at
 * national scale (meetings without minutes, unacknowledged feedback), and counting every one of
 * them on every home page cost more than the rest of the page; a list's own page has the full
 * count.
 */
export const ATTENTION_CAP = 100;

/**
 * The count of `query`'s rows up to `ATTENTION_CAP` (`select count(*) from (… limit 100)`): the
 * scan stops at the hundredth row, so a count costs the same at any scale.
 */
export function countUpTo<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
): RawBuilder<number> {
  const rows = query.select(sql<number>`1`.as('one')).limit(ATTENTION_CAP);
  return sql<number>`select count(*)::int from (${rows}) as counted`;
}

/** An item's text with its count, or "99+" from `ATTENTION_CAP` on (in the plural of 100). */
export const attentionText = (t: TFunction, { text, count }: AttentionItem): string =>
  count >= ATTENTION_CAP
    ? t(text, { count, replace: { count: `${ATTENTION_CAP - 1}+` } })
    : t(text, { count });

/** The inputs of a provider whose counts depend on where the actor holds a permission. */
export type ScopeInputs = { scope: readonly string[] | null };

/**
 * Where the actor holds `permission` (`scopeOf`: null everywhere), as a provider's inputs; null,
 * nothing to ask, where they hold it nowhere.
 */
export function scopeInputs(actor: Actor, permission: Permission): ScopeInputs | null {
  const scope = scopeOf(actor, permission);
  return scope === null || scope.length > 0 ? { scope } : null;
}

/** The items worth showing: a count of 0 waits for nobody. */
export const waiting = (items: readonly AttentionItem[]) => items.filter((item) => item.count > 0);

/**
 * Asks one attention provider alone, in one statement: the home page's fallback when the
 * statement of every provider's counts fails, and what tests of one provider call.
 */
export async function askAttention<
  Row extends Record<string, unknown>,
  Inputs extends AttentionInputs,
>(
  services: Services,
  provider: AttentionProvider<Row, Inputs>,
  actor: Actor,
): Promise<AttentionItem[]> {
  const inputs = provider.inputs(actor);
  if (!inputs) return [];
  const counts = provider.counts(services, inputs);
  const row = await selectCounts(services.db, Object.entries<Expression<unknown>>(counts));
  return waiting(provider.items(row as Row));
}

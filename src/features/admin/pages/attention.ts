import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from '#platform/auth/sessions.ts';
import { askAttention, waiting } from '#platform/modules/attention.ts';
import { attentionStatement, type Asking } from '#platform/modules/attention-statement.ts';
import type { AttentionItem, Services } from '#platform/modules/contract.ts';

/** Logs a provider that failed: its name and the error as the app logs errors (no values). */
const failed = (log: FastifyBaseLogger, provider: string, error: unknown) =>
  log.error({ provider, err: error }, 'attention provider failed');

/**
 * What waits for the signed-in member of staff: every module's attention providers' counts, asked
 * in one statement (`attentionStatement`: made once for each shape of inputs). A provider that
 * fails is left out (and logged without personal data) rather than taking the home page down
 * with it: one whose inputs or counts cannot be built, or whose values cannot be read, is
 * dropped, and if the statement itself fails, each provider is asked alone so that only the one
 * at fault is lost.
 */
export async function attentionFor(
  services: Services,
  actor: Actor,
  log: FastifyBaseLogger,
): Promise<AttentionItem[]> {
  const asked: Asking[] = [];
  for (const provider of services.modules.attention) {
    try {
      const inputs = provider.inputs(actor);
      if (inputs) asked.push({ provider, inputs });
    } catch (error) {
      failed(log, provider.name, error);
    }
  }
  if (asked.length === 0) return [];
  // through the connections that keep the statement's plan from its first run: left to
  // choose, PostgreSQL planned the statement of staff with an organisation scope afresh on
  // every page (5-8 ms, against 1-2 ms to run the kept plan; docs/performance.md, "Counting up
  // to 100, and a plan PostgreSQL keeps")
  const db = services.database.keptPlans;
  const { query, names } = attentionStatement(db, services, asked, (provider, error) =>
    failed(log, provider, error),
  );
  let row: Record<string, unknown>;
  try {
    row = (await db.executeQuery(query)).rows[0] ?? {};
  } catch (error) {
    log.warn({ err: error }, 'attention statement failed: asking each provider alone');
    // those whose counts were built (one that could not be is already logged)
    const built = asked.filter((_, i) => (names[i]?.length ?? 0) > 0);
    return oneByOne(services, actor, log, built);
  }
  return asked.flatMap(({ provider }, i) => {
    const counted = names[i] ?? [];
    if (counted.length === 0) return [];
    try {
      return waiting(
        provider.items(Object.fromEntries(counted.map((name) => [name, row[`p${i}_${name}`]]))),
      );
    } catch (error) {
      failed(log, provider.name, error);
      return [];
    }
  });
}

/** Asks each provider alone (side by side), leaving out those that fail. */
async function oneByOne(services: Services, actor: Actor, log: FastifyBaseLogger, asked: Asking[]) {
  const answers = await Promise.all(
    asked.map(async ({ provider }) => {
      try {
        return await askAttention(services, provider, actor);
      } catch (error) {
        failed(log, provider.name, error);
        return [];
      }
    }),
  );
  return answers.flat();
}

import type { FastifyBaseLogger } from 'fastify';
import type { Expression } from 'kysely';
import type { Actor } from '#platform/auth/sessions.ts';
import { askAttention, selectCounts, waiting } from '#platform/modules/attention.ts';
import type { AttentionItem, AttentionProvider, Services } from '#platform/modules/contract.ts';

/** A provider with something to count for the actor, and its counts. */
interface Asked {
  provider: AttentionProvider;
  counts: [string, Expression<unknown>][];
}

/** Logs a provider that failed: its name and the error as the app logs errors (no values). */
const failed = (log: FastifyBaseLogger, provider: string, error: unknown) =>
  log.error({ provider, err: error }, 'attention provider failed');

/**
 * What waits for the signed-in member of staff: every module's attention providers' counts, asked
 * in one statement (provider i's value `name` is the column `p<i>_name`). A provider that fails is
 * left out (and logged without personal data) rather than taking the home page down with it: one
 * whose counts cannot be built or read is dropped, and if the statement itself fails, each
 * provider is asked alone so that only the one at fault is lost.
 */
export async function attentionFor(
  services: Services,
  actor: Actor,
  log: FastifyBaseLogger,
): Promise<AttentionItem[]> {
  const asked: Asked[] = [];
  for (const provider of services.modules.attention) {
    try {
      const counts = provider.counts(services, actor);
      if (counts) asked.push({ provider, counts: Object.entries(counts) });
    } catch (error) {
      failed(log, provider.name, error);
    }
  }
  if (asked.length === 0) return [];
  let row: Record<string, unknown>;
  try {
    const counts = asked.flatMap(({ counts }, i) =>
      counts.map(([name, value]) => [`p${i}_${name}`, value] as const),
    );
    // through the connections that keep the statement's plan from its first run: left to
    // choose, PostgreSQL planned the statement of staff with an organisation scope afresh on
    // every page (5-8 ms, against 1-2 ms to run the kept plan; docs/performance.md, "Counting up
    // to 100, and a plan PostgreSQL keeps")
    row = await selectCounts(services.database.keptPlans, counts);
  } catch (error) {
    log.warn({ err: error }, 'attention statement failed: asking each provider alone');
    return oneByOne(services, actor, log, asked);
  }
  return asked.flatMap(({ provider, counts }, i) => {
    try {
      return waiting(
        provider.items(Object.fromEntries(counts.map(([name]) => [name, row[`p${i}_${name}`]]))),
      );
    } catch (error) {
      failed(log, provider.name, error);
      return [];
    }
  });
}

/** Asks each provider alone (side by side), leaving out those that fail. */
async function oneByOne(services: Services, actor: Actor, log: FastifyBaseLogger, asked: Asked[]) {
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

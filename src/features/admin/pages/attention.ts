import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from '#platform/auth/sessions.ts';
import type { AttentionItem, Services } from '#platform/modules/contract.ts';

/**
 * What waits for the signed-in member of staff: every module's attention providers, asked at once.
 * A provider that fails is left out (and logged without personal data) rather than taking the
 * home page down with it.
 */
export async function attentionFor(
  services: Services,
  actor: Actor,
  log: FastifyBaseLogger,
): Promise<AttentionItem[]> {
  const answers = await Promise.all(
    services.modules.attention.map(async (provider) => {
      try {
        return await provider.items(services, actor);
      } catch (error) {
        log.error(
          { provider: provider.name, error: error instanceof Error ? error.name : 'unknown' },
          'attention provider failed',
        );
        return [];
      }
    }),
  );
  return answers.flat().filter((item) => item.count > 0);
}

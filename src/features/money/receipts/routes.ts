import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { claimNumber } from '../claims/repository.ts';
import { latestReceipt, receiptHeaders } from './receipts.ts';

const lineParams = z.object({ claimId: z.guid(), lineId: z.guid() });

/**
 * Staff open a receipt added to a claim (money.view where they may see the claim; the look at
 * the claim is audited as `money.claim_viewed` when the person is named).
 */
export const staffReceiptRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  app.get(
    '/money/claims/:claimId/lines/:lineId/receipt',
    { ...guarded, compress: false },
    async (request, reply) => {
      const params = lineParams.safeParse(request.params);
      if (!params.success) throw new HttpError(404);
      const { claimId, lineId } = params.data;
      const { claim } = await services.claims.viewClaim(actorOf(request), claimId);
      const line = claim.lines.find((l) => l.id === lineId);
      const receipt = line && (await latestReceipt(services.db, claim.id, lineId));
      if (!line || !receipt) throw new HttpError(404);
      return reply
        .headers(receiptHeaders(receipt.mediaType, claimNumber(claim.number), line.position))
        .send(receipt.content);
    },
  );
};

import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '#platform/db/schema.ts';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { parsedOr404 } from '#platform/http/params.ts';
import { claimNumber } from '../claims/repository.ts';
import { latestReceipt, receiptHeaders } from './receipts.ts';

/** A receipt's address: the claim and its line. */
export const lineParams = z.object({ claimId: z.guid(), lineId: z.guid() });

/**
 * Sends the latest receipt of the line `lineId` of a claim the reader may see, named by the
 * claim's number and the line's position; 404 when the line or its receipt is missing.
 */
export async function sendReceipt(
  db: Kysely<DB>,
  reply: FastifyReply,
  claim: { id: string; number: number; lines: { id: string; position: number }[] },
  lineId: string,
) {
  const line = claim.lines.find((l) => l.id === lineId);
  const receipt = line && (await latestReceipt(db, claim.id, lineId));
  if (!line || !receipt) throw new HttpError(404);
  return reply
    .headers(receiptHeaders(receipt.mediaType, claimNumber(claim.number), line.position))
    .send(receipt.content);
}

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
      const { claimId, lineId } = parsedOr404(lineParams, request.params);
      const { claim } = await services.claims.viewClaim(actorOf(request), claimId);
      return sendReceipt(services.db, reply, claim, lineId);
    },
  );
};

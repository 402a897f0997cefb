import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { personGuarded, personOf } from '#platform/http/guards.ts';
import { keepFlash } from '#platform/http/flash.ts';
import { HttpError } from '#platform/http/errors.ts';
import { parsedOr404 } from '#platform/http/params.ts';
import { acceptUploads, checkUpload } from '#platform/http/uploads.ts';
import { receiptMediaTypes } from '../claims/tables.ts';
import { MAX_RECEIPT_BYTES, saveReceipt } from '../receipts/receipts.ts';
import { lineParams, sendReceipt } from '../receipts/routes.ts';
import { errorsShown } from '../forms.ts';
import { showView } from './present.ts';

/** A person's receipts for their own claim's lines: a photo or PDF added, and read back. */
export const portalReceiptRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const service = services.portalClaims;
  // Multipart for this plugin's routes only: the file is kept up to the limit and flagged past it.
  await acceptUploads(app, { fileSize: MAX_RECEIPT_BYTES, fields: 4, fieldSize: 1000, parts: 6 });

  app.post(
    '/portal/claims/:claimId/lines/:lineId/receipt',
    personGuarded,
    async (request, reply) => {
      const { claimId, lineId } = parsedOr404(lineParams, request.params);
      const personId = personOf(request).id;
      const claim = await service.ownClaim(personId, claimId);
      const line = claim.lines.find((l) => l.id === lineId);
      const open = ['draft', 'returned', 'submitted'].includes(claim.status);
      if (!line || line.category !== 'expense' || !open) throw new HttpError(404);
      const body = (request.body ?? {}) as { file?: unknown };
      const checked = await checkUpload(body.file, receiptMediaTypes);
      if (!checked.ok) {
        const shown = errorsShown(request, reply, [
          { field: `receipt-${lineId}`, message: `portalClaims:errors.receipt.${checked.problem}` },
        ]);
        return reply.render('money/portal-claims/views/show.njk', {
          ...showView(request, claim),
          ...shown,
        });
      }
      await saveReceipt(services.db, services.audit, {
        claim: { id: claim.id, organisationId: claim.organisationId, personId },
        lineId,
        mediaType: checked.type,
        content: checked.data,
        by: { accountId: null, via: 'portal' },
      });
      keepFlash(request, 'receipt');
      return reply.redirect(`/portal/claims/${claimId}`, 303);
    },
  );

  app.get(
    '/portal/claims/:claimId/lines/:lineId/receipt',
    { ...personGuarded, compress: false },
    async (request, reply) => {
      const { claimId, lineId } = parsedOr404(lineParams, request.params);
      const claim = await service.ownClaim(personOf(request).id, claimId);
      return sendReceipt(services.db, reply, claim, lineId);
    },
  );
};

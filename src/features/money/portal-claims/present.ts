import type { FastifyRequest } from 'fastify';
import { claimRows, lineRows } from '../claims/present.ts';
import { claimNumber, type Claim } from '../claims/repository.ts';

/** What the portal's claim page shows: the claim, its lines, receipts to add, what may be done. */
export const showView = (request: FastifyRequest, claim: Claim) => {
  const { t, lang } = request;
  const open = claim.status === 'draft' || claim.status === 'returned';
  return {
    pageTitle: t('portalClaims:show.title', { number: claimNumber(claim.number) }),
    claimId: claim.id,
    version: claim.version,
    returnedReason: claim.status === 'returned' ? claim.returnedReason : null,
    summary: claimRows(t, lang, claim, undefined).filter(
      (row) => row.key.text !== t('claims:show.person'),
    ),
    lines: lineRows(t, lang, claim.lines),
    receiptLines:
      open || claim.status === 'submitted'
        ? claim.lines
            .filter((l) => l.receipt === 'needed' || l.receipt === 'uploaded')
            .map((l) => ({
              id: l.id,
              position: l.position,
              kind: t(`claims:kinds.${l.kind}`),
              uploaded: l.receipt === 'uploaded',
              href: `/portal/claims/${claim.id}/lines/${l.id}/receipt`,
            }))
        : [],
    actions: [
      ...(open ? [{ change: 'submit', text: t('portalClaims:show.submit'), classes: '' }] : []),
      ...(open || claim.status === 'submitted'
        ? [
            {
              change: 'withdraw',
              text: t('portalClaims:show.withdraw'),
              classes: 'govuk-button--warning',
            },
          ]
        : []),
    ],
  };
};

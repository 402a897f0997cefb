import type { FastifyPluginAsync } from 'fastify';
import { local } from '#platform/i18n/i18n.ts';
import type { Services } from '#platform/modules/contract.ts';
import { canAnywhere } from '#platform/permissions/policy.ts';
import { actorOf, authoriseAnywhere, guarded } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { pagination } from '#platform/http/pagination.ts';
import { formatDate } from '#platform/views/views.ts';
import { formatPence } from '../pence.ts';
import { claimRows, historyRows, lineRows } from './present.ts';
import { transitions, type Transition } from './commands.ts';
import { changeable } from './edit.ts';
import { claimNumber } from './repository.ts';
import { claimParams, listQuery, type ListQuery } from './schema.ts';
import { claimStatuses } from './tables.ts';

const view = (name: string) => `money/claims/views/${name}.njk`;

/** The list's address with its filters and page. */
function listHref(query: ListQuery, page: number) {
  const params = new URLSearchParams();
  if (query.organisationId) params.set('organisationId', query.organisationId);
  if (query.status) params.set('status', query.status);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `/money/claims?${text}` : '/money/claims';
}

/** Expense claims for staff: the list (filtered by organisation and status) and a claim's page. */
export const claimsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { claims } = services;

  app.get('/money/claims', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'money.view');
    const query = listQuery.parse(request.query);
    const { t, lang } = request;
    const result = await claims.listClaims(actor, query, query.page);
    return reply.render(view('list'), {
      pageTitle: t('claims:list.title'),
      mayClaim: canAnywhere(actor, 'money.claim'),
      total: result.total,
      organisations: [
        { value: '', text: t('claims:list.anyOrganisation') },
        ...result.organisations.map((o) => ({
          value: o.id,
          text: local(request.lang, o.nameEn, o.nameCy),
          selected: o.id === query.organisationId,
        })),
      ],
      statuses: [
        { value: '', text: t('claims:list.anyStatus') },
        ...claimStatuses.map((s) => ({
          value: s,
          text: t(`claims:statuses.${s}`),
          selected: s === query.status,
        })),
      ],
      rows: result.rows.map((c) => ({
        id: c.id,
        number: claimNumber(c.number),
        date: formatDate(c.occurredOn, lang),
        organisation: local(request.lang, c.organisationNameEn, c.organisationNameCy),
        name: c.name ?? t('claims:hiddenName'),
        total: formatPence(c.totalPence, lang),
        status: t(`claims:statuses.${c.status}`),
      })),
      pagination: pagination(t, (n) => listHref(query, n), result.page, result.pageCount),
    });
  });

  app.get('/money/claims/:claimId', guarded, async (request, reply) => {
    const parsed = claimParams.safeParse(request.params);
    if (!parsed.success) throw new HttpError(404);
    const { t, lang } = request;
    const { claim, name, may } = await claims.viewClaim(actorOf(request), parsed.data.claimId);
    return reply.render(view('show'), {
      pageTitle: t('claims:show.title', { number: claimNumber(claim.number) }),
      summary: claimRows(t, lang, claim, name),
      lines: lineRows(t, lang, claim.lines),
      history: historyRows(t, lang, claim),
      returnedReason: claim.status === 'returned' ? claim.returnedReason : null,
      total: formatPence(claim.totalPence, lang),
      claimId: claim.id,
      version: claim.version,
      newClaimHref: may.claim
        ? `/money/claims/new?organisationId=${claim.organisationId}&personId=${claim.personId}`
        : null,
      changeHref:
        may.claim && (changeable as readonly string[]).includes(claim.status)
          ? `/money/claims/${claim.id}/edit`
          : null,
      advanceHref: claim.isAdvance && may.claim ? `/money/claims/${claim.id}/advance` : null,
      // receipts people or staff added, to open (staff who may see the claim)
      receiptLinks: claim.lines
        .filter((l) => l.receipt === 'uploaded' || l.receipt === 'seen_by_staff')
        .map((l) => ({
          href: `/money/claims/${claim.id}/lines/${l.id}/receipt`,
          text: t('claims:show.openReceipt', {
            item: t(`claims:kinds.${l.kind}`),
            amount: formatPence(l.amountPence, lang),
          }),
        })),
      receiptsToSee: may.claim
        ? claim.lines
            .filter((l) => l.receipt === 'needed' || l.receipt === 'uploaded')
            .map((l) => ({
              id: l.id,
              text: t('claims:show.markSeen', {
                item: t(`claims:kinds.${l.kind}`),
                amount: formatPence(l.amountPence, lang),
              }),
            }))
        : [],
      actions: may.claim
        ? (Object.keys(transitions) as Transition[])
            .filter((change) =>
              (transitions[change].from as readonly string[]).includes(claim.status),
            )
            .map((change) => ({
              change,
              text: t(`claims:actions.${change}`),
              classes: change === 'withdraw' ? 'govuk-button--warning' : undefined,
            }))
        : [],
    });
  });
};

import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { pageHref, pagination } from '#platform/http/pagination.ts';
import { parsedOr404 } from '#platform/http/params.ts';
import { inLanguage, presentItem, presentSummary } from './present.ts';
import type { BoardItem, SummaryRow } from './repository.ts';
import { MAX_PAGE } from './service.ts';

const view = (name: string) => `feedback/board/views/${name}.njk`;

const codeParams = z.object({ code: z.string().regex(/^[a-hjkmnp-z2-9]{5,8}$/) });
const areaParams = z.object({ organisationId: z.guid() });
const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(MAX_PAGE).catch(1).default(1),
});

/** What both boards show: the numbers, a page of items, the pages. */
function boardContext(
  request: FastifyRequest,
  found: { summary: SummaryRow[]; items: BoardItem[]; page: number; pageCount: number },
  base: string,
) {
  const { t, lang } = request;
  return {
    summary: presentSummary(t, lang, found.summary),
    items: found.items.map((item) => presentItem(t, lang, item)),
    pagination: pagination(t, pageHref(base, {}), found.page, found.pageCount, 'board:list.pages'),
  };
}

const pdf = (reply: FastifyReply, bytes: Buffer, name: string) =>
  reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${name}.pdf"`)
    .send(bytes);

/**
 * "You said, we did": a service's public board (`/you-said-we-did/:code`, its inbox's code),
 * the board of every service at or below an organisation, the board's A4 poster (public) and
 * the "tell us" poster with a QR code (staff with feedback.view). No session, no JavaScript.
 */
export const boardRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { boards } = services;

  app.get('/you-said-we-did/:code', async (request, reply) => {
    const { code } = parsedOr404(codeParams, request.params);
    const { page } = pageQuery.parse(request.query);
    const found = await boards.serviceBoard(code, page);
    if (!found) throw new HttpError(404);
    const { t, lang } = request;
    const service = inLanguage(lang, found.inbox.nameEn, found.inbox.nameCy);
    return reply.render(view('board'), {
      pageTitle: t('board:title'),
      caption: service,
      lead: t('board:lead', { service }),
      tellUs: `/f/${found.inbox.code}`,
      poster: `/you-said-we-did/${found.inbox.code}/poster.pdf`,
      ...boardContext(request, found, `/you-said-we-did/${found.inbox.code}`),
    });
  });

  app.get('/you-said-we-did/area/:organisationId', async (request, reply) => {
    const { organisationId } = parsedOr404(areaParams, request.params);
    const { page } = pageQuery.parse(request.query);
    const found = await boards.areaBoard(organisationId, page);
    if (!found) throw new HttpError(404);
    const { t, lang } = request;
    const area = inLanguage(lang, found.area.nameEn, found.area.nameCy);
    return reply.render(view('board'), {
      pageTitle: t('board:title'),
      caption: area,
      lead: t('board:areaLead', { area }),
      showService: true,
      ...boardContext(request, found, `/you-said-we-did/area/${found.area.id}`),
    });
  });

  app.get('/you-said-we-did/:code/poster.pdf', async (request, reply) => {
    const { code } = parsedOr404(codeParams, request.params);
    const bytes = await boards.boardPoster(code, request.lang);
    if (!bytes) throw new HttpError(404);
    return pdf(reply, bytes, `you-said-we-did-${code}`);
  });

  app.get('/feedback/inboxes/:organisationId/poster.pdf', guarded, async (request, reply) => {
    const { organisationId } = parsedOr404(areaParams, request.params);
    const poster = await boards.tellUsPoster(actorOf(request), organisationId);
    return pdf(reply, poster.bytes, `tell-us-${poster.code}`).header(
      'cache-control',
      'private, no-store',
    );
  });
};

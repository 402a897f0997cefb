import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { rungKey } from '../tables.ts';
import { HttpError } from '#platform/http/errors.ts';
import { detailRows } from './present.ts';
import { pageQuery } from './schema.ts';
import { pagination } from '#platform/http/pagination.ts';
import { idOf } from '#platform/http/params.ts';

/**
 * The public page (no sign-in): open opportunities marked public, and one of them. Only what an
 * opportunity says about itself — never who was told, who applied or any other personal data.
 */
export const publicOpportunitiesRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const opportunities = services.opportunities;
  const limit = { config: { rateLimit: { max: 120, timeWindow: '1 minute' } } };

  app.get('/open-opportunities', limit, async (request, reply) => {
    const t = request.t;
    const lang = request.lang;
    const { page } = pageQuery.parse(request.query);
    const result = await opportunities.listPublic(page);
    return reply.render('involvement/opportunities/views/public-list.njk', {
      pageTitle: t('opportunities:public.title'),
      total: result.total,
      rows: result.rows.map((row) => ({
        id: row.id,
        title: lang === 'cy' ? row.title_cy : row.title_en,
        organisation: lang === 'cy' ? row.org_name_cy : row.org_name_en,
        rung: t(`involvement:rungs.${rungKey(row.rung)}.name`),
        rungExplanation: t(`involvement:rungs.${rungKey(row.rung)}.explanation`),
        method: t(`involvement:methods.${row.method}`),
        attendance: t(`involvement:attendances.${row.attendance}`),
        closingDate: row.closing_date,
        startsAt: row.starts_at,
      })),
      pagination: pagination(
        t,
        (n) => (n > 1 ? `/open-opportunities?page=${n}` : '/open-opportunities'),
        result.page,
        result.pageCount,
        'opportunities:pagination.label',
      ),
    });
  });

  app.get('/open-opportunities/:id', limit, async (request, reply) => {
    const opportunity = await opportunities.findPublic(idOf(request));
    if (!opportunity) throw new HttpError(404);
    const lang = request.lang;
    return reply.render('involvement/opportunities/views/public-show.njk', {
      pageTitle: lang === 'cy' ? opportunity.titleCy : opportunity.titleEn,
      organisation:
        lang === 'cy' ? opportunity.organisation.nameCy : opportunity.organisation.nameEn,
      description: lang === 'cy' ? opportunity.descriptionCy : opportunity.descriptionEn,
      rows: detailRows(request.t, lang, opportunity).filter((_, i) => i > 0),
    });
  });
};

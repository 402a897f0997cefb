import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { rungKey } from '../tables.ts';
import { personOf, personGuarded } from '#platform/http/guards.ts';
import { recordRow } from './present.ts';
import { pageQuery } from './schema.ts';
import { pagination } from '#platform/http/pagination.ts';

/** The people's portal: "what I have done" — the person's own involvement records. */
export const involvementPortalRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { records } },
) => {
  app.get('/portal/involvement', personGuarded, async (request, reply) => {
    const person = personOf(request);
    const { page } = pageQuery.parse(request.query);
    const result = await records.ownRecords(person.id, person.organisationId, page);
    const t = request.t;
    return reply.render('involvement/records/views/portal.njk', {
      pageTitle: t('records:portal.title'),
      person,
      rows: result.rows.map((r) => recordRow(t, request.lang, r)),
      totals: {
        records: String(result.totals.records),
        hours: String(result.totals.hours),
        rungNames: result.totals.rungs.map((n) => t(`involvement:rungs.${rungKey(n)}.name`)),
      },
      pagination: pagination(
        t,
        (n) => `/portal/involvement${n > 1 ? `?page=${n}` : ''}`,
        result.page,
        result.pageCount,
        'records:pagination.label',
      ),
    });
  });
};

import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { canAnywhere } from '#platform/permissions/policy.ts';
import { londonParts } from '#platform/time/london.ts';
import { formatDate } from '#platform/views/views.ts';
import { paymentsOverview } from './overview.ts';

/**
 * The floats page (money.pay): cash floats still open across the organisations where the actor
 * pays, each organisation's floats a link away, and how many claims were paid on the day.
 */
export const paymentsOverviewRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  app.get('/money/floats', guarded, async (request, reply) => {
    const actor = actorOf(request);
    if (!canAnywhere(actor, 'money.pay')) throw new HttpError(403);
    const { t, lang } = request;
    const local = (en: string, cy: string) => (lang === 'cy' ? cy || en : en);
    const today = londonParts(new Date()).date;
    const overview = await paymentsOverview(services.db, actor, today);
    const { met, of } = overview.share;
    return reply.render('money/payments/views/overview.njk', {
      pageTitle: t('payments:overview.title'),
      floats: overview.floats.map((f) => ({
        href: `/money/floats/${f.organisationId}/${f.id}/reconcile`,
        name: f.name,
        organisation: local(f.nameEn, f.nameCy),
        openedOn: formatDate(f.openedOn, lang),
        daysOpen: t('payments:overview.daysOpen', { count: f.daysOpen }),
      })),
      organisations: overview.organisations.map((o) => ({
        href: `/money/floats/${o.id}`,
        text: local(o.nameEn, o.nameCy),
      })),
      share: of
        ? t('payments:overview.share', { met, of, percent: Math.round((met / of) * 100) })
        : t('payments:overview.noShare'),
    });
  });
};

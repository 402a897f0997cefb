import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Services } from '#platform/modules/contract.ts';
import { authoriseAnywhere, guarded } from '#platform/http/guards.ts';
import type { FeedbackTrends } from './service.ts';
import { local } from '#platform/i18n/i18n.ts';

const trendsQuery = z.object({ organisation: z.guid().nullable().catch(null).default(null) });

/** Percent of `of`, or a dash when there is nothing to divide. */
const percent = (part: number, of: number) => (of ? `${Math.round((part * 100) / of)}%` : '–');

/** Trends over the last twelve months for an organisation and below (`/feedback/trends`). */
export const feedbackTrendsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const trends: FeedbackTrends = services.feedbackTrends;

  app.get('/feedback/trends', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'feedback.view');
    const { t, lang } = request;
    const { organisation: asked } = trendsQuery.parse(request.query);
    const result = await trends.trends(actor, asked);
    const monthName = new Intl.DateTimeFormat(lang === 'cy' ? 'cy-GB' : 'en-GB', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    const days = (value: number | null) => (value === null ? '–' : String(value));
    return reply.render('feedback/trends/views/trends.njk', {
      pageTitle: t('feedback:trends.title'),
      organisation: local(lang, result.organisation.name_en, result.organisation.name_cy),
      months: result.months.map((m) => [
        { text: monthName.format(new Date(`${m.month}-01T00:00:00Z`)) },
        { text: String(m.received), format: 'numeric' },
        { text: String(m.complaints), format: 'numeric' },
        { text: String(m.compliments), format: 'numeric' },
        { text: percent(m.published, m.received), format: 'numeric' },
        { text: days(m.medianDays), format: 'numeric' },
      ]),
      themes: result.themes.map((th) => [
        { text: local(lang, th.nameEn, th.nameCy) },
        { text: String(th.items), format: 'numeric' },
      ]),
      children: result.children.map((c) => ({
        id: c.id,
        name: local(lang, c.nameEn, c.nameCy),
        received: String(c.received),
        published: percent(c.published, c.received),
        escalated: String(c.escalated),
        medianDays: days(c.medianDays),
      })),
    });
  });
};

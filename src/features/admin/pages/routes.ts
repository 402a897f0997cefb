import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { requireActor } from '#platform/http/guards.ts';
import { attentionText } from '#platform/modules/attention.ts';
import { attentionFor } from './attention.ts';

/** The start page, the signed-in dashboard and the statutory pages linked from every footer. */
export const pagesRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  app.get('/', async (request, reply) => {
    if (request.actor) return reply.redirect('/dashboard', 303);
    return reply.render('admin/pages/views/start.njk', {
      pageTitle: request.t('pages:start.title'),
    });
  });
  // The home page: what needs the person's attention, then everything they may use, by group.
  app.get('/dashboard', { preHandler: requireActor }, async (request, reply) =>
    reply.render('admin/pages/views/dashboard.njk', {
      pageTitle: request.t('pages:dashboard.title'),
      attention: (await attentionFor(services, request.actor!, request.log)).map((item) => ({
        href: item.href,
        text: attentionText(request.t, item),
      })),
    }),
  );
  for (const page of ['accessibility', 'privacy', 'cookies'] as const) {
    app.get(`/${page}`, async (request, reply) =>
      reply.render(`admin/pages/views/${page}.njk`, {
        pageTitle: request.t(`pages:${page}.title`),
      }),
    );
  }
};

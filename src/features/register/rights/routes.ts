import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { idOf } from '#platform/http/params.ts';

const exportQuery = z.object({ format: z.enum(['html', 'json']).catch('html') });

export const rightsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { rights } = services;

  app.get('/people/:id/subject-access', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const person = await rights.subject(actor, idOf(request));
    const { format } = exportQuery.parse(request.query);
    const data = await rights.exportFor(actor, person, format);
    if (format === 'json') {
      return reply
        .header('content-disposition', `attachment; filename="subject-access-${person.id}.json"`)
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(data, null, 2));
    }
    return reply.render('register/rights/views/subject-access.njk', {
      pageTitle: request.t('rights:export.title'),
      person,
      generatedAt: new Date(data.generatedAt),
      sections: await rights.pageOf(data, request.t, request.lang),
      jsonHref: `/people/${person.id}/subject-access?format=json`,
    });
  });

  app.get('/people/:id/erase', guarded, async (request, reply) => {
    const person = await rights.subject(actorOf(request), idOf(request));
    return reply.render('register/rights/views/erase.njk', {
      pageTitle: request.t('rights:erase.title'),
      person,
    });
  });

  app.post('/people/:id/erase', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const person = await rights.subject(actor, idOf(request));
    const result = await rights.erase(actor, person.id);
    return reply.render('register/rights/views/erased.njk', {
      pageTitle: request.t('rights:erased.title'),
      person,
      alreadyErased: result.alreadyErased,
    });
  });
};

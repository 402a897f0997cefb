import type { FastifyInstance } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, authoriseAnywhere, guarded } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Staff side of contact and the portal: /contact-tasks lists people waiting for a phone call or
 * visit from a named worker (the safe-contact function could not send those itself) and people
 * who asked from the portal to be paused or removed.
 */
export function contactTaskRoutes(app: FastifyInstance, services: Services) {
  const tasks = services.contactTasks;

  app.get('/contact-tasks', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'person.manage');
    const raw = Number((request.query as Record<string, unknown>).page ?? 1);
    const page = Number.isInteger(raw) && raw >= 1 && raw <= 10_000 ? raw : 1;
    const result = await tasks.list(actor, page);
    const flash = request.session?.data.contactTaskDone === true;
    if (flash && request.session) {
      const rest = { ...request.session.data };
      delete rest.contactTaskDone;
      request.session.data = rest;
      await services.sessions.saveData(request.session.id, rest);
    }
    return reply.render('register/portal/views/staff-tasks.njk', {
      pageTitle: request.t('contact:tasks.title'),
      ...result,
      ...(flash ? { flash: request.t('contact:tasks.done') } : {}),
      previousHref: page > 1 ? `/contact-tasks?page=${(page - 1).toString()}` : null,
      nextHref: page < result.pageCount ? `/contact-tasks?page=${(page + 1).toString()}` : null,
    });
  });

  app.post<{ Params: { kind: string; id: string } }>(
    '/contact-tasks/:kind/:id/done',
    guarded,
    async (request, reply) => {
      const { kind, id } = request.params;
      if ((kind !== 'message' && kind !== 'request') || !ID.test(id)) throw new HttpError(404);
      await tasks.complete(actorOf(request), kind, id.toLowerCase());
      const session = await request.ensureSession();
      session.data = { ...session.data, contactTaskDone: true };
      await services.sessions.saveData(session.id, session.data);
      return reply.redirect('/contact-tasks', 303);
    },
  );
}

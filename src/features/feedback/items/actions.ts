import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { keepFlash } from '#platform/http/flash.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Issue } from '#platform/validation/index.ts';
import { itemIdOf, renderConflict, renderItem, type ItemForm } from './routes.ts';
import { parseDecision, parseItemNumber, parseTriage, versionForm } from './schema.ts';

type Step = (actor: Actor, itemId: string, version: number) => Promise<unknown>;

/** The forms on an item's page: triage, safeguarding, merge, the loop's steps, escalation. */
export const feedbackActionsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { feedbackItems: items, feedbackLoop: loop } = services;

  const versionOf = (request: FastifyRequest) => {
    const parsed = versionForm.safeParse(request.form);
    if (!parsed.success) throw new HttpError(400);
    return parsed.data.version;
  };
  /** The item's page again, the form refused with its errors and what was entered (a 400). */
  const refused = (request: FastifyRequest, reply: FastifyReply, form: ItemForm, issues: Issue[]) =>
    renderItem(services, request, reply, { form, issues, values: request.form });
  /** After a change: back to the item with a message, or the conflict page. */
  const done = (
    request: FastifyRequest,
    reply: FastifyReply,
    itemId: string,
    result: unknown,
    flash: string,
  ) => {
    if (result === 'conflict') return renderConflict(request, reply, itemId);
    keepFlash(request, flash);
    return reply.redirect(`/feedback/items/${typeof result === 'string' ? result : itemId}`, 303);
  };

  const steps: Record<string, Step> = {
    acknowledge: loop.acknowledge,
    looking: loop.startLooking,
    publish: (actor, itemId, version) => loop.publish(actor, itemId, version),
    close: loop.close,
    escalate: (actor, itemId, version) => loop.escalateAsked(actor, itemId, version),
  };
  for (const [name, step] of Object.entries(steps))
    app.post(`/feedback/items/:itemId/${name}`, guarded, async (request, reply) => {
      const itemId = itemIdOf(request);
      const result = await step(actorOf(request), itemId, versionOf(request));
      return done(request, reply, itemId, result, name);
    });

  app.post('/feedback/items/:itemId/triage', guarded, async (request, reply) => {
    const itemId = itemIdOf(request);
    const version = versionOf(request);
    const parsed = parseTriage(request.form);
    if (!parsed.ok) return refused(request, reply, 'triage', parsed.issues);
    return done(
      request,
      reply,
      itemId,
      await items.triage(actorOf(request), itemId, version, parsed.value),
      'triage',
    );
  });

  app.post('/feedback/items/:itemId/safeguarding', guarded, async (request, reply) => {
    const itemId = itemIdOf(request);
    const flag = request.form.flag === 'yes';
    const result = await items.setSafeguarding(actorOf(request), itemId, versionOf(request), flag);
    if (result === 'conflict') return renderConflict(request, reply, itemId);
    keepFlash(request, flag ? 'flagged' : 'cleared');
    // a flagged item may now be hidden from whoever flagged it
    return reply.redirect(flag ? '/feedback' : `/feedback/items/${itemId}`, 303);
  });

  app.post('/feedback/items/:itemId/merge', guarded, async (request, reply) => {
    const itemId = itemIdOf(request);
    const version = versionOf(request);
    const number = parseItemNumber(request.form.into);
    const result =
      number === null ? 'unknown' : await items.merge(actorOf(request), itemId, version, number);
    if (result === 'unknown')
      return refused(request, reply, 'merge', [{ field: 'into', message: 'feedback:errors.into' }]);
    return done(request, reply, itemId, result, 'merged');
  });

  app.post('/feedback/items/:itemId/outcome', guarded, async (request, reply) => {
    const itemId = itemIdOf(request);
    const version = versionOf(request);
    const parsed = parseDecision(request.form, loop.today());
    if (!parsed.ok) return refused(request, reply, 'outcome', parsed.issues);
    return done(
      request,
      reply,
      itemId,
      await loop.decide(actorOf(request), itemId, version, parsed.value),
      'outcome',
    );
  });
};

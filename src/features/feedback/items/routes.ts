import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, authoriseAnywhere, guarded } from '#platform/http/guards.ts';
import { takeFlash } from '#platform/http/flash.ts';
import { pageHref, pagination } from '#platform/http/pagination.ts';
import { choices, formErrors, type Form, type Issue } from '#platform/validation/index.ts';
import { formatDateTime } from '#platform/views/views.ts';
import { itemNumber } from './receive.ts';
import { inboxQuery, itemParams, toFilter } from './schema.ts';
import { feedbackKinds } from './tables.ts';
import { itemPage } from './present.ts';
import { parsedOr404 } from '#platform/http/params.ts';
import { local } from '#platform/i18n/i18n.ts';

const view = (name: string) => `feedback/items/views/${name}.njk`;

/** The forms on an item's page, each re-shown with its own errors. */
export type ItemForm = 'triage' | 'merge' | 'outcome' | 'photo';

/** The service inbox (`/feedback`) and an item's page; the forms post to ./actions.ts. */
export const feedbackItemsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { feedbackItems } = services;

  app.get('/feedback', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'feedback.view');
    const { t, lang } = request;
    const query = inboxQuery.parse(request.query);
    const result = await feedbackItems.inbox(actor, toFilter(query), query.page);
    const params: Record<string, string> = {
      ...(query.status !== 'open' ? { status: query.status } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.service ? { service: query.service } : {}),
      ...(query.mine ? { mine: 'yes' } : {}),
    };
    return reply.render(view('list'), {
      pageTitle: t('feedback:inbox.title'),
      query,
      statuses: choices(
        t,
        ['open', 'all', 'received', 'acknowledged', 'looking', 'decided', 'published', 'closed'],
        'feedback:filters.',
        query.status,
        { select: true },
      ),
      kinds: [
        { value: '', text: t('feedback:filters.anyKind') },
        ...choices(t, feedbackKinds, 'feedback:kindNames.', query.kind, { select: true }),
      ],
      // the table is written out in the view: govuk-frontend's table macro cost most of the
      // page's rendering (docs/performance.md)
      rows: result.rows.map((r) => ({
        id: r.id,
        number: itemNumber(r.number),
        kind:
          t(`feedback:kindNames.${r.kind}`) +
          (r.urgency === 'urgent' ? ` (${t('feedback:urgencies.urgent')})` : '') +
          (r.safeguarding ? ` — ${t('feedback:inbox.safeguarding')}` : ''),
        excerpt: r.excerpt.length >= 120 ? `${r.excerpt}…` : r.excerpt,
        service: local(lang, r.nameEn, r.nameCy),
        step:
          t(`feedback:steps.${r.status}`) +
          (r.escalatedAt ? ` — ${t('feedback:inbox.escalated')}` : ''),
        received: formatDateTime(r.receivedAt, lang),
      })),
      total: result.capped
        ? t('feedback:inbox.totalCapped', { count: result.total })
        : t('feedback:inbox.total', { count: result.total }),
      pagination: pagination(t, pageHref('/feedback', params), result.page, result.pageCount),
    });
  });

  app.get('/feedback/items/:itemId', guarded, async (request, reply) => {
    const flash = await takeFlash<string>(services.sessions, request);
    return renderItem(services, request, reply, undefined, flash);
  });
};

export const itemIdOf = (request: FastifyRequest) => {
  return parsedOr404(itemParams, request.params).itemId;
};

/** An item's page, with one form's errors and what was typed when it failed. */
export async function renderItem(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  failed?: { form: ItemForm; issues: Issue[]; values: Form },
  flash?: string,
) {
  const viewed = await services.feedbackItems.viewItem(actorOf(request), itemIdOf(request));
  const errors = formErrors(request.t, failed?.issues ?? [], { dueOn: 'dueOn-day' });
  if (failed) reply.code(400);
  return reply.render(view('show'), {
    ...itemPage(request, viewed, services.feedbackLoop.today()),
    flash: flash ? request.t(`feedback:flash.${flash}`) : undefined,
    failedForm: failed?.form,
    values: failed?.values ?? {},
    errors: errors.fields,
    errorList: errors.errorList,
  });
}

/** Someone changed the item first, or it moved on: nothing was changed. */
export function renderConflict(request: FastifyRequest, reply: FastifyReply, itemId: string) {
  reply.code(409);
  return reply.render(view('conflict'), {
    pageTitle: request.t('feedback:conflict.title'),
    itemId,
  });
}

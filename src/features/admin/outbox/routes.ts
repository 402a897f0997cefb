import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { choices } from '#platform/validation/index.ts';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, requireActor } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { formatTime } from '../audit/present.ts';
import type { MessageRow } from './repository.ts';
import { isId, listQuery, messageParams } from './schema.ts';
import { baseTemplate, CODE_TEMPLATES } from './service.ts';
import { parsedOr404 } from '#platform/http/params.ts';

const TEMPLATE_NAME = /^[a-zA-Z][a-zA-Z0-9_]*$/;
/** A link carrying a one-time token (an invitation, a password reset): its last part is long and random. */
const ONE_TIME_LINK = /\bhttps?:\/\/\S+\/[A-Za-z0-9_-]{20,}/g;
/** One-time sign-in codes of the people's portal: whoever reads one can sign in as the person. */
const ONE_TIME_CODE = /\b\d{6}\b/g;
/** How much of a message the list shows. */
const EXCERPT = 100;

/**
 * A message as the pages show it, in the page's language: what kind of message it is, in
 * words, and the text as the person read it. One-time links are hidden from all but platform
 * administrators: whoever follows an invitation link gets the account it creates. A portal
 * sign-in code is hidden too, unless the reader chose to reveal it (`revealCode`, audited).
 */
function present(request: FastifyRequest, row: MessageRow, revealCode = false) {
  const { t, lang } = request;
  let body = row.body;
  if (!request.actor?.platformAdmin) {
    body = body.replace(ONE_TIME_LINK, t('outbox:message.linkHidden'));
    if (CODE_TEMPLATES.has(baseTemplate(row.template)) && !revealCode)
      body = body.replace(ONE_TIME_CODE, t('outbox:message.codeHidden'));
  }
  const template = baseTemplate(row.template);
  const kind = TEMPLATE_NAME.test(template)
    ? t(`outbox:templates.${template}`, { defaultValue: '' })
    : '';
  const text = body.replace(/\s+/g, ' ').trim();
  return {
    id: row.id,
    time: formatTime(row.created_at, lang, { seconds: false }),
    iso: row.created_at.toISOString(),
    channel: t(`outbox:channels.${row.channel}`),
    recipient: row.recipient,
    recipientLines: row.recipient.split(/\r?\n/),
    language: row.language === 'cy' ? 'Cymraeg' : 'English',
    languageCode: row.language,
    kind: kind || t('outbox:templates.other'),
    hasCode: CODE_TEMPLATES.has(template),
    subject: row.subject,
    excerpt: text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1).trimEnd()}…` : text,
    paragraphs: body.split(/\r?\n\s*\r?\n/).map((paragraph) => paragraph.split(/\r?\n/)),
    reference: row.reference,
    organisationName: lang === 'cy' ? row.organisation_name_cy : row.organisation_name_en,
  };
}

/** The outbox: what Cyd would have sent. Staff only; every look is audited. */
export const outboxRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const outbox = services.outbox;

  app.get('/outbox', { preHandler: requireActor }, async (request, reply) => {
    const query = listQuery.parse(request.query);
    if (query.organisation !== undefined && !isId(query.organisation)) throw new HttpError(404);
    const filters = {
      channel: query.channel,
      organisationId: query.organisation?.toLowerCase(),
    };
    const cursor = query.after ? { after: query.after } : { before: query.before };
    const result = await outbox.listMessages(actorOf(request), filters, cursor);
    const { t, lang } = request;
    const href = (page: Record<string, string>) => {
      const params = new URLSearchParams();
      if (filters.channel) params.set('channel', filters.channel);
      if (filters.organisationId) params.set('organisation', filters.organisationId);
      for (const [key, value] of Object.entries(page)) params.set(key, value);
      const search = params.toString();
      return `/outbox${search ? `?${search}` : ''}`;
    };
    return reply.render('admin/outbox/views/list.njk', {
      pageTitle: t('outbox:title'),
      query: filters,
      organisationName: result.organisation
        ? lang === 'cy'
          ? result.organisation.name_cy
          : result.organisation.name_en
        : null,
      channelItems: [
        { value: '', text: t('outbox:filters.anyChannel') },
        ...choices(t, ['email', 'sms', 'letter'], 'outbox:channels.', filters.channel, {
          select: true,
        }),
      ],
      messages: result.messages.map((row) => present(request, row)),
      newerHref: result.newer ? href({ after: result.newer }) : null,
      olderHref: result.older ? href({ before: result.older }) : null,
      delivers: services.notifier.delivers.map((channel) => t(`outbox:channels.${channel}`)),
      notifier: services.notifier.name,
    });
  });

  const idOf = (request: FastifyRequest) => {
    return parsedOr404(messageParams, request.params).id.toLowerCase();
  };

  app.get('/outbox/:id', { preHandler: requireActor }, async (request, reply) => {
    const { message, mayRevealCode } = await outbox.showMessage(actorOf(request), idOf(request));
    return reply.render('admin/outbox/views/message.njk', {
      pageTitle: request.t('outbox:message.title'),
      message: present(request, message),
      offerCode: mayRevealCode && !request.actor?.platformAdmin,
    });
  });

  // A sign-in code read by someone helping the person sign in: a form post (never a link a
  // browser could prefetch), audited; the page is not cached.
  app.post('/outbox/:id/code', { preHandler: requireActor }, async (request, reply) => {
    const message = await outbox.revealCode(actorOf(request), idOf(request));
    return reply.header('cache-control', 'no-store').render('admin/outbox/views/message.njk', {
      pageTitle: request.t('outbox:message.title'),
      message: present(request, message, true),
      codeRevealed: true,
    });
  });
};

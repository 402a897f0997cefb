import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../modules/contract.ts';
import { isDatabaseUnavailable } from './errors.ts';

type Status = 400 | 403 | 404 | 413 | 429 | 503;

/**
 * A multipart body the parser could not read (no boundary, cut short, a part ending early): the
 * parser throws plain errors for these, which are the client's fault, not ours.
 */
const MALFORMED_MULTIPART =
  /^(Multipart: Boundary not found|Unexpected end of (multipart data|form)|\w+ terminated early due to unexpected end of multipart data|Malformed part header)/;

/** Maps any error to a clear page in the visitor's language; never a stack trace. */
function statusOf(error: FastifyError): Status | 500 {
  if (isDatabaseUnavailable(error)) return 503;
  if (error.statusCode === undefined && MALFORMED_MULTIPART.test(error.message)) return 400;
  const status = error.statusCode ?? 500;
  if (status === 413) return 413;
  if (status === 429) return 429;
  if (status === 403) return 403;
  if (status === 404) return 404;
  if (status === 503) return 503;
  if (status >= 400 && status < 500) return 400;
  return 500;
}

export function installErrorPages(app: FastifyInstance, services: Services) {
  const renderError = (request: FastifyRequest, reply: FastifyReply, status: Status | 500) => {
    const t = request.t ?? services.i18n.t('en');
    const lang = request.lang ?? 'en';
    const wantsJson =
      request.url.startsWith('/api/') || request.url === '/readyz' || request.url === '/healthz';
    reply.code(status);
    if (wantsJson) return reply.send({ error: t(`errors:${String(status)}.title`) });
    const html = services.views.render('errors/error.njk', {
      t,
      lang,
      account: request.actor ?? null,
      csrfToken: request.session?.csrfToken ?? '',
      navigation: null,
      languageLinks: { en: '?lang=en', cy: '?lang=cy' },
      status,
      pageTitle: t(`errors:${String(status)}.title`),
    });
    return reply.type('text/html; charset=utf-8').send(html);
  };

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = statusOf(error);
    if (status === 500) request.log.error({ err: error }, 'unhandled error');
    else request.log.info({ code: error.code, status }, 'request refused');
    if (status === 429 && error.statusCode === 429) reply.header('retry-after', '60');
    return renderError(request, reply, status);
  });
  app.setNotFoundHandler((request, reply) => renderError(request, reply, 404));
}

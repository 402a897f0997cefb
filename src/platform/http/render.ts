import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Views } from '../views/views.ts';
import { FLASH_PARAM } from './flash.ts';

/** Builds the URL of the current page in another language (?lang=xx), keeping other query parameters. */
export function languageLink(request: FastifyRequest, lang: string) {
  const url = new URL(request.url, 'http://cyd.invalid');
  url.searchParams.set('lang', lang);
  // the flash message's one-time id has been used by this page
  url.searchParams.delete(FLASH_PARAM);
  return `${url.pathname}${url.search}`;
}

export function createRenderer(views: Views, navigationFor: (request: FastifyRequest) => object) {
  return function render(
    this: FastifyReply,
    template: string,
    context: Record<string, unknown> = {},
  ): FastifyReply {
    const request = this.request;
    // Forms need the session's CSRF token. Handlers of forms for visitors who are not signed
    // in call request.ensureSession() first; other pages create no session.
    const csrfToken = request.session?.csrfToken ?? '';
    const html = views.render(template, {
      t: request.t,
      lang: request.lang,
      account: request.actor,
      csrfToken,
      currentPath: new URL(request.url, 'http://cyd.invalid').pathname,
      navigation: navigationFor(request),
      languageLinks: { en: languageLink(request, 'en'), cy: languageLink(request, 'cy') },
      ...context,
    });
    return this.type('text/html; charset=utf-8').send(html);
  };
}

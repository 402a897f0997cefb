import zlib from 'node:zlib';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { DestinationStream } from 'pino';
import Fastify, { type FastifyInstance, type FastifyRequest, type RouteOptions } from 'fastify';
import { receivedTextRoutes } from '#platform/notify/received-text-routes.ts';
import type { Services } from '#app/services.ts';
import { SESSION_COOKIE } from '#platform/auth/sessions.ts';
import { safeEqual } from '#platform/auth/tokens.ts';
import { queryCounter } from '#platform/db/database.ts';
import { isLanguage } from '#platform/i18n/i18n.ts';
import { installErrorPages } from '#platform/http/error-pages.ts';
import { safeError } from '#platform/http/safe-error.ts';
import { MalformedInputError, parseForm, type FormBody } from '#platform/http/form-parser.ts';
import { createRenderer } from '#platform/http/render.ts';
import { buildDir, govukInlineScriptHash } from '#platform/views/assets.ts';
import { clearSessionCookie, setSessionCookie } from '#platform/http/session-cookie.ts';
import { navigationFor } from '#platform/http/navigation.ts';
import '#platform/http/types.ts';
import { flashOnRedirect } from '#platform/http/flash.ts';

export const LANGUAGE_COOKIE = '__Host-cyd-lang';
const ONE_YEAR_S = 365 * 24 * 3600;
const queryStores = new WeakMap<FastifyRequest, { count: number }>();
const MALFORMED = '\u0000malformed';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface AppOptions {
  /** Collects every route as it is registered (the authorisation matrix test reads this). */
  onRoute?: (route: RouteOptions) => void;
  /** Where the log goes (default standard output; tests read it). */
  logStream?: DestinationStream;
}

/** The app factory: every route and hook, given services built by buildServices(). */
export async function createApp(
  services: Services,
  options: AppOptions = {},
): Promise<FastifyInstance> {
  const { config } = services;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
      redact: {
        paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
        censor: '[redacted]',
      },
      serializers: {
        // errors without the data involved (SQL parameters, quoted values): no personal data
        err: (error: unknown) => ({ ...safeError(error) }),
        error: (error: unknown) => ({ ...safeError(error) }),
        // the path only: query strings may carry one-time tokens, and so may these paths
        req: (req: FastifyRequest) => ({
          method: req.method,
          path: req.url
            .split('?')[0]
            ?.replace(/^\/(invitations|password\/reset|r)\/[^/]+/, '/$1/[token]'),
          id: req.id,
        }),
      },
    },
    trustProxy: config.production,
    bodyLimit: 1_048_576,
    routerOptions: {
      ignoreTrailingSlash: true,
      // A malformed query string must not throw inside the router: mark it, refuse it below.
      querystringParser: (query: string) => {
        try {
          return parseForm(query);
        } catch {
          return { [MALFORMED]: '1' };
        }
      },
    },
    requestIdHeader: false,
  });
  if (options.onRoute) app.addHook('onRoute', options.onRoute);

  app.decorateRequest('lang', 'en');
  app.decorateRequest('t', null as never);
  app.decorateRequest('session', null);
  app.decorateRequest('actor', null);
  app.decorateRequest('person', null);
  app.decorateRequest('form', null as never);
  app.decorateRequest('ensureSession', null as never);
  app.decorateReply(
    'render',
    createRenderer(services.views, (request) =>
      navigationFor(request, services.modules.navigation),
    ),
  );

  // Helmet's headers, worked out once: @fastify/helmet rebuilt its middleware on every request
  // (a profiled page spent ~4% of its time there). No nonces: the one inline script is allowed
  // by its hash, so every response carries the same headers.
  const securityHeaders = headersOf(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", govukInlineScriptHash()],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: config.production ? [] : null,
        },
      },
      strictTransportSecurity: { maxAge: ONE_YEAR_S, includeSubDomains: true },
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginEmbedderPolicy: false,
      frameguard: { action: 'deny' },
    }),
  );
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(securityHeaders);
    done();
  });
  // Pages (a few KB to ~150 KB of HTML) are compressed in one synchronous call rather than
  // through a zlib stream per response: on 2 cores shared with PostgreSQL there is no spare core
  // for the stream's threadpool work to overlap with, and the stream's set-up costs more than
  // the compression (docs/performance.md). Streams (exports, downloads) still stream.
  // Level 3 (gzip) and quality 3 (brotli) rather than 6 and 4: half the CPU for 7-8 % more bytes
  // (a 22 KB page: 52 against 119 µs, 4.2 against 3.9 KB).
  await app.register(compress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    syncThreshold: 256 * 1024,
    zlibOptions: { level: 3 },
    brotliOptions: {
      params: {
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_QUALITY]: 3,
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(fastifyStatic, {
    root: buildDir,
    prefix: '/assets/',
    immutable: true,
    maxAge: ONE_YEAR_S * 1000,
    index: false,
    wildcard: true,
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer', bodyLimit: 1_048_576 },
    (_request, body, done) => {
      try {
        done(null, parseForm(body));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );

  if (config.exposeQueryCount) {
    // Counts SQL statements per request (the bench reads x-query-count).
    app.addHook('onRequest', (request, _reply, done) => {
      const store = { count: 0 };
      queryStores.set(request, store);
      queryCounter.run(store, done);
    });
    app.addHook('onSend', async (request, reply, payload) => {
      reply.header('x-query-count', String(queryStores.get(request)?.count ?? 0));
      return payload;
    });
  }

  // Language: ?lang= wins and is remembered; then the cookie; then the account's choice.
  app.addHook('onRequest', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    // a malformed query string is refused once the visitor's language and session are known
    const malformed = Boolean(query[MALFORMED]);
    const cookieLang = request.cookies[LANGUAGE_COOKIE];
    if (isLanguage(query.lang)) {
      request.lang = query.lang;
      if (cookieLang !== query.lang) {
        reply.setCookie(LANGUAGE_COOKIE, query.lang, {
          path: '/',
          secure: true,
          httpOnly: true,
          sameSite: 'lax',
          maxAge: ONE_YEAR_S,
        });
      }
    } else if (isLanguage(cookieLang)) {
      request.lang = cookieLang;
    }
    request.t = services.i18n.t(request.lang);
    request.ensureSession = async () => {
      if (request.session) return request.session;
      request.session = await services.sessions.create();
      setSessionCookie(reply, request.session);
      return request.session;
    };
    if (
      request.url.startsWith('/assets/') ||
      request.url === '/healthz' ||
      request.url === '/readyz'
    ) {
      return;
    }
    const sessionId = request.cookies[SESSION_COOKIE];
    if (sessionId) {
      request.session = await services.sessions.load(sessionId);
      if (!request.session) clearSessionCookie(reply);
      request.actor = request.session?.actor ?? null;
      request.person = request.session?.person ?? null;
      if (request.actor && !isLanguage(query.lang) && !isLanguage(cookieLang)) {
        request.lang = request.actor.language;
        request.t = services.i18n.t(request.lang);
      } else if (request.person && !isLanguage(query.lang) && !isLanguage(cookieLang)) {
        request.lang = request.person.language;
        request.t = services.i18n.t(request.lang);
      }
    }
    if (malformed) throw new MalformedInputError('Malformed query string');
  });

  // CSRF: every state-changing request carries the session's token.
  app.addHook('preHandler', async (request) => {
    request.form = (request.body as FormBody | undefined) ?? {};
    if (!UNSAFE_METHODS.has(request.method) || request.routeOptions.config.skipCsrf) return;
    const token = request.form._csrf;
    if (
      !request.session ||
      typeof token !== 'string' ||
      !safeEqual(token, request.session.csrfToken)
    ) {
      const error = new Error('CSRF token missing or invalid') as Error & {
        statusCode: number;
        code: string;
      };
      error.statusCode = 403;
      error.code = 'CYD_CSRF';
      throw error;
    }
  });

  // a redirect carries the id of the flash message its request kept (platform/http/flash.ts)
  app.addHook('onSend', flashOnRedirect(services.sessions));
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith('/assets/') && !reply.hasHeader('cache-control')) {
      reply.header('cache-control', request.session ? 'no-store' : 'no-cache');
    }
    return payload;
  });

  installErrorPages(app, services);

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const ok = await services.database.ping();
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable' });
  });

  // GOV.UK Notify's received-text callback: the modules' handlers share it
  await app.register(receivedTextRoutes, { services });
  for (const module of services.modules.modules)
    for (const routes of module.routes ?? []) await app.register(routes, { services });
  return app;
}

/** The headers an Express-style middleware sets, captured once (it must not depend on the request). */
function headersOf(
  middleware: (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void,
) {
  const headers = new Map<string, string>();
  const response = {
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  };
  const request = Object.create(null) as IncomingMessage;
  middleware(request, response as unknown as ServerResponse, (error) => {
    if (error) throw error as Error;
  });
  return Object.fromEntries(headers);
}

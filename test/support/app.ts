import { Writable } from 'node:stream';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { createApp } from '#app/app.ts';
import { loadConfig, type Config } from '#app/config.ts';
import { buildServices, type Services } from '#app/services.ts';
import type { DestinationStream } from 'pino';
import type { Module } from '#platform/modules/contract.ts';
import { openTestDatabase } from './database.ts';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  routes: RouteOptions[];
  config: Config;
  close(): Promise<void>;
}

/**
 * The real app on a fresh test database (PGlite or native PostgreSQL, per CYD_TEST_ENGINE); with
 * other modules than src/modules.ts's, or its log written to a stream the test reads.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { modules?: readonly Module[]; logStream?: DestinationStream } = {},
): Promise<TestApp> {
  const database = await openTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: 'memory://',
    ...env,
  });
  const services = await buildServices(config, {
    database,
    ...(options.modules ? { modules: options.modules } : {}),
  });
  const routes: RouteOptions[] = [];
  const app = await createApp(services, {
    onRoute: (route) => routes.push(route),
    ...(options.logStream ? { logStream: options.logStream } : {}),
  });
  await app.ready();
  return {
    app,
    services,
    routes,
    config,
    async close() {
      await app.close();
      await services.close(); // stops background jobs (pg-boss's pool, if a test sent a job)
      await database.close();
    },
  };
}

/** A log stream for startTestApp's `logStream` that keeps each line the app logs in `lines`. */
export function logCapture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

/** A browser-like client over app.inject: keeps cookies, finds the CSRF token on the last page. */
export class Agent {
  cookies = new Map<string, string>();
  lastBody = '';

  private readonly app: FastifyInstance;
  constructor(app: FastifyInstance) {
    this.app = app;
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(setCookie: string | string[] | undefined) {
    for (const line of ([] as string[]).concat(setCookie ?? [])) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '')
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(url: string) {
    const response = await this.app.inject({
      method: 'GET',
      url,
      headers: { cookie: this.cookieHeader() },
    });
    this.remember(response.headers['set-cookie']);
    this.lastBody = response.body;
    return response;
  }

  /** Follows a redirect: the page it points to, with its flash message (`?done=…`). */
  follow(response: { headers: Record<string, unknown> }) {
    const location = response.headers.location;
    if (typeof location !== 'string') throw new Error('Not a redirect');
    return this.get(location);
  }

  /** The CSRF token of the last page fetched. */
  csrf() {
    const match = /name="_csrf" value="([^"]+)"/.exec(this.lastBody);
    if (!match) throw new Error('No CSRF token on the last page');
    return match[1]!;
  }

  /** Posts a form; adds the CSRF token from the last page unless one is given. */
  async post(
    url: string,
    form: Record<string, string | string[]> = {},
    options: { csrf?: boolean } = {},
  ) {
    const params = new URLSearchParams();
    if (options.csrf !== false && !('_csrf' in form)) params.append('_csrf', this.csrf());
    for (const [key, value] of Object.entries(form)) {
      for (const v of ([] as string[]).concat(value)) params.append(key, v);
    }
    const response = await this.app.inject({
      method: 'POST',
      url,
      payload: params.toString(),
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    this.remember(response.headers['set-cookie']);
    this.lastBody = response.body;
    return response;
  }
}

/** Where a response redirects, without a flash message's one-time id (`?done=…`, issue 13). */
export function redirectPath(response: { headers: Record<string, unknown> }) {
  const location = typeof response.headers.location === 'string' ? response.headers.location : '';
  return location.replace(/([?&])done=[\w-]{16}(&|$)/, (_, before: string, after: string) =>
    after ? before : '',
  );
}

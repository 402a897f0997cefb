/**
 * `npx tsx test/bench/cpu.ts [/path ...]`: Node's CPU time per page, in-process, one request at a
 * time (fastify inject, the real database, no network and no other clients), and the median time
 * spent rendering each template. Where `npm run bench` says how fast, this says where the time
 * goes; profile it with `node --cpu-prof --import tsx test/bench/cpu.ts /people`.
 *
 *   DATA_DIR=/tmp/cyd-cpu npx tsx test/bench/cpu.ts /people /organisations
 *   N=500 EMAIL=platform-admin@demo.example npx tsx test/bench/cpu.ts /audit
 *   ENCODING=gzip npx tsx test/bench/cpu.ts /people   (compressed, as a browser asks)
 *
 * Uses DATA_DIR (a temporary one by default) with the demo data, or DATABASE_URL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '#app/app.ts';
import { loadConfig } from '#app/config.ts';
import { seedDemoOnFirstRun } from '#app/features/admin/organisations/seed-demo.ts';
import { buildServices } from '#app/services.ts';

const temporary = process.env.DATA_DIR ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'cyd-cpu-'));
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'test',
  EXPOSE_QUERY_COUNT: 'true',
  DATA_DIR: process.env.DATA_DIR ?? temporary!,
  LOG_LEVEL: 'warn',
});
const services = await buildServices(config);
await seedDemoOnFirstRun(services);

const renderTimes = new Map<string, number[]>();
const render = services.views.render;
services.views.render = (template: string, context: object) => {
  const started = performance.now();
  const html = render(template, context);
  renderTimes.set(template, [...(renderTimes.get(template) ?? []), performance.now() - started]);
  return html;
};
const app = await createApp(services);

const cookieOf = (cookies: { name: string; value: string }[]) =>
  cookies.map((c) => `${c.name}=${c.value}`).join('; ');
const signInPage = await app.inject({ url: '/sign-in' });
const csrf = /name="_csrf" value="([^"]+)"/.exec(signInPage.body)?.[1] ?? '';
const signedIn = await app.inject({
  method: 'POST',
  url: '/sign-in',
  headers: {
    cookie: cookieOf(signInPage.cookies),
    'content-type': 'application/x-www-form-urlencoded',
  },
  payload: new URLSearchParams({
    _csrf: csrf,
    email: process.env.EMAIL ?? 'organisation-admin@demo.example',
    password: config.demoPassword,
  }).toString(),
});
const cookie = cookieOf([
  ...signedIn.cookies,
  ...signInPage.cookies.filter((c) => !signedIn.cookies.some((s) => s.name === c.name)),
]);

const n = Number(process.env.N ?? 300);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN;
const paths = process.argv.slice(2);
for (const url of paths.length ? paths : ['/healthz', '/dashboard', '/organisations', '/people']) {
  const headers = {
    cookie,
    ...(process.env.ENCODING ? { 'accept-encoding': process.env.ENCODING } : {}),
  };
  const first = await app.inject({ url, headers });
  for (let i = 0; i < 50; i++) await app.inject({ url, headers }); // warm-up
  renderTimes.clear();
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < n; i++) await app.inject({ url, headers });
  const used = process.cpuUsage(cpu);
  const wall = performance.now() - started;
  const rendering = [...renderTimes.values()].map(median);
  process.stdout.write(
    `${url} ${first.statusCode} ${first.body.length} B, ${String(first.headers['x-query-count'])} queries: ` +
      `CPU ${((used.user + used.system) / 1000 / n).toFixed(2)} ms/request, ` +
      `wall ${(wall / n).toFixed(2)} ms, rendering ${rendering.length ? rendering[0]!.toFixed(2) : '-'} ms (median)\n`,
  );
}
await app.close();
await services.close();
if (temporary) fs.rmSync(temporary, { recursive: true, force: true });

/**
 * `npx tsx test/bench/meeting-page.ts`: the meeting page's budget (issue 10) — p95 ≤ 100 ms at 20
 * connections for a meeting with 60 invitees (people from the register) and 20 papers, signed in
 * as the demo involvement lead. Starts the real server on a temporary data directory with the
 * demo data, inserts the meeting, and prints JSON (requests/s, p50/p95/p99, SQL queries a
 * request, errors) for /meetings/:id and, for comparison, /meetings and /healthz.
 *
 *   npx tsx test/bench/meeting-page.ts --duration=4 --repeats=3 --connections=20
 */
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { openDatabase } from '#platform/db/database.ts';
import { startServer } from '../e2e/support/server.ts';
import { request, signIn } from './http-client.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const duration = option('duration', 4);
const repeats = option('repeats', 3);
const connections = option('connections', 20);
const log = (message: string) => process.stderr.write(`[meeting-bench] ${message}\n`);
const LEAD = 'involvement-lead@demo.example';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function load(url: string, cookie: string) {
  const latencies: number[] = [];
  const instance = autocannon({
    url,
    connections,
    duration,
    headers: { 'accept-encoding': 'gzip', cookie },
  });
  (instance as unknown as NodeJS.EventEmitter).on('response', (...event: unknown[]) => {
    latencies.push(event[3] as number);
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: result.requests.total / duration,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

const server = await startServer({ env: { EXPOSE_QUERY_COUNT: 'true' } });
try {
  const port = fs
    .readFileSync(path.join(server.dataDir, 'postgres', 'postmaster.pid'), 'utf8')
    .split('\n')[3]!
    .trim();
  const password = fs.readFileSync(path.join(server.dataDir, 'postgres-password'), 'utf8').trim();
  const database = await openDatabase({
    databaseUrl: `postgres://cyd:${encodeURIComponent(password)}@127.0.0.1:${port}/cyd`,
    dataDir: 'unused',
    poolSize: 2,
  });
  const { db } = database;
  const { organisation_id: organisationId } = await db
    .selectFrom('memberships as m')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .select('m.organisation_id')
    .where('a.email', '=', LEAD)
    .where('m.role', '=', 'involvement_lead')
    .executeTakeFirstOrThrow();
  const venue = await db
    .insertInto('venues')
    .values({ organisation_id: organisationId, name: 'Bench hall', address: '1 Bench Street' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const startsAt = new Date(Date.now() + 10 * 86_400_000);
  const meeting = await db
    .insertInto('meetings')
    .values({
      organisation_id: organisationId,
      kind: 'forum',
      title_en: 'Bench forum',
      title_cy: 'Fforwm mainc',
      attendance_mode: 'hybrid',
      venue_id: venue.id,
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + 2 * 3_600_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // people the lead may see first, then others (named to the lead only if visible), then guests
  const people = await db
    .selectFrom('people')
    .select('id')
    .orderBy(sql`${organisationId}::uuid = any(scope_ids)`, 'desc')
    .orderBy('id')
    .limit(60)
    .execute();
  const replies = ['yes', 'no', 'maybe', 'apologies', null] as const;
  await db
    .insertInto('meeting_invitees')
    .values([
      ...people.map((p, i) => ({
        meeting_id: meeting.id,
        person_id: p.id,
        reply: replies[i % replies.length],
      })),
      ...Array.from({ length: 60 - people.length }, (_, i) => ({
        meeting_id: meeting.id,
        guest_name: `Guest ${String(i + 1)}`,
        guest_email: `guest-${String(i + 1)}@example.test`,
        reply: replies[i % replies.length],
      })),
    ])
    .execute();
  await db
    .insertInto('meeting_papers')
    .values(
      Array.from({ length: 20 }, (_, i) => ({
        meeting_id: meeting.id,
        kind: 'agenda_paper' as const,
        title_en: `Paper ${String(i + 1)}`,
        title_cy: `Papur ${String(i + 1)}`,
        language: 'en' as const,
        file_name: `paper-${String(i + 1)}.pdf`,
        media_type: 'application/pdf' as const,
        size_bytes: 1000,
        sha256: 'a'.repeat(64),
      })),
    )
    .execute();
  await db
    .insertInto('meeting_agenda_items')
    .values(
      Array.from({ length: 8 }, (_, i) => ({
        meeting_id: meeting.id,
        position: i + 1,
        title_en: `Item ${String(i + 1)}`,
        title_cy: `Eitem ${String(i + 1)}`,
        minutes: 15,
      })),
    )
    .execute();
  await database.close();
  log(`meeting with 60 invitees (${String(people.length)} from the register) and 20 papers`);

  const cookie = await signIn(
    server.baseUrl,
    { email: LEAD, password: process.env.DEMO_PASSWORD ?? 'cyd-demo-2026' },
    log,
  );
  const results: Record<string, unknown> = {
    invitees: 60,
    fromRegister: people.length,
    papers: 20,
    connections,
  };
  for (const target of ['/healthz', '/meetings', `/meetings/${meeting.id}`]) {
    const sample = await request(`${server.baseUrl}${target}`, { cookie });
    if (sample.status !== 200) throw new Error(`${target} answered ${String(sample.status)}`);
    await load(`${server.baseUrl}${target}`, cookie); // warm-up
    const runs = [];
    for (let i = 0; i < repeats; i++) runs.push(await load(`${server.baseUrl}${target}`, cookie));
    results[target.replace(meeting.id, ':id')] = {
      requestsPerSecond: Math.round(median(runs.map((r) => r.requestsPerSecond))),
      p50: median(runs.map((r) => r.p50)),
      p95: median(runs.map((r) => r.p95)),
      p99: median(runs.map((r) => r.p99)),
      sqlQueries: Number(sample.headers['x-query-count'] ?? NaN),
      errors: runs.reduce((sum, r) => sum + r.errors + r.non2xx, 0),
    };
    log(`${target}: ${JSON.stringify(results[target.replace(meeting.id, ':id')])}`);
  }
  process.stdout.write(
    `${JSON.stringify({ ...results, loadAverage: (await import('node:os')).loadavg() }, null, 2)}\n`,
  );
} finally {
  await server.stop();
}

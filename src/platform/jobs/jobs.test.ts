import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { openTestDatabase, testEngine } from '#test/support/database.ts';
import { loadConfig } from '#app/config.ts';
import { buildServices } from '#app/services.ts';
import { hashToken } from '../auth/tokens.ts';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { createJobs, type JobContext, type Jobs, type JobsOptions } from './jobs.ts';

/** Polls until the condition holds, or fails after timeoutMs. */
async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`Not true after ${timeoutMs} ms`);
    await sleep(25);
  }
}

interface Entry {
  level: string;
  details: Record<string, unknown>;
  message: string;
}

function recordingLogger() {
  const entries: Entry[] = [];
  const log = (level: string) => (details: object, message: string) => {
    entries.push({ level, details: details as Record<string, unknown>, message });
  };
  return {
    entries,
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
  };
}

const fast: JobsOptions = { pollMs: 500, tickMs: 50 };

describe(`background jobs (${testEngine})`, () => {
  let database: DatabaseHandle & { url?: string };
  const built: Jobs[] = [];
  const jobsOn = (options: JobsOptions = {}) => {
    const jobs = createJobs(database, { ...fast, logLevel: 'silent', ...options });
    built.push(jobs);
    return jobs;
  };

  before(async () => {
    database = await openTestDatabase();
  });
  after(async () => {
    await Promise.all(built.map((jobs) => jobs.stop({ timeoutMs: 1_000 })));
    await database.close();
  });

  it('uses pg-boss', () => {
    assert.equal(jobsOn().kind, 'pg-boss');
  });

  it('runs a sent job once, with its data', async () => {
    const jobs = jobsOn();
    const runs: { data: object; job: JobContext }[] = [];
    jobs.register<{ n: number }>('test.send', async (data, job) => {
      runs.push({ data, job });
    });
    await jobs.start();
    const id = await jobs.send('test.send', { n: 1 });
    assert.ok(id);
    await waitFor(() => runs.length === 1);
    assert.deepEqual(runs[0]!.data, { n: 1 });
    assert.equal(runs[0]!.job.id, id);
    assert.equal(runs[0]!.job.attempt, 1);
    assert.equal(runs[0]!.job.name, 'test.send');
    await sleep(700);
    assert.equal(runs.length, 1);
    await jobs.stop();
  });

  it('works a job registered after start', async () => {
    const jobs = jobsOn();
    await jobs.start();
    let ran = false;
    jobs.register('test.late-registration', async () => {
      ran = true;
    });
    await jobs.send('test.late-registration', {});
    await waitFor(() => ran);
    await jobs.stop();
  });

  it('queues one job per idempotency key, even before the runner starts', async () => {
    const jobs = jobsOn();
    const keys: string[] = [];
    jobs.register<{ key: string }>('test.singleton', async (data) => {
      keys.push(data.key);
    });
    const first = await jobs.send('test.singleton', { key: 'a' }, { singletonKey: 'meeting:1' });
    const again = await jobs.send('test.singleton', { key: 'b' }, { singletonKey: 'meeting:1' });
    const other = await jobs.send('test.singleton', { key: 'c' }, { singletonKey: 'meeting:2' });
    assert.ok(first);
    assert.equal(again, null);
    assert.ok(other);
    await jobs.start();
    await waitFor(() => keys.length === 2);
    await sleep(700);
    assert.deepEqual(keys.sort(), ['a', 'c']);
    // Finished, but still remembered: the same key is still refused.
    assert.equal(
      await jobs.send('test.singleton', { key: 'd' }, { singletonKey: 'meeting:1' }),
      null,
    );
    await jobs.stop();
  });

  it('queues a job with the transaction that sent it, and not when it rolls back', async () => {
    const jobs = jobsOn();
    const seen: string[] = [];
    jobs.register<{ label: string }>('test.transactional', async (data) => {
      seen.push(data.label);
    });
    await jobs.start();
    await database.db.transaction().execute(async (trx) => {
      await jobs.send('test.transactional', { label: 'committed' }, {}, trx);
    });
    await database.db
      .transaction()
      .execute(async (trx) => {
        await jobs.send('test.transactional', { label: 'rolled back' }, {}, trx);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await waitFor(() => seen.length === 1);
    await sleep(1_200);
    assert.deepEqual(seen, ['committed']);
    await jobs.stop();
  });

  it('does not run a job before its startAfter', async () => {
    const jobs = jobsOn();
    const ranAt: number[] = [];
    jobs.register('test.later', async () => {
      ranAt.push(Date.now());
    });
    await jobs.start();
    const sent = Date.now();
    await jobs.send('test.later', {}, { startAfter: 2 });
    await jobs.send('test.later', {}, { startAfter: new Date(Date.now() + 2_000) });
    await waitFor(() => ranAt.length === 2);
    for (const time of ranAt) assert.ok(time - sent >= 1_900, `ran after ${time - sent} ms`);
    await jobs.stop();
  });

  it('retries a failed job, and gives up after retryLimit retries', async () => {
    const { entries, logger } = recordingLogger();
    const jobs = jobsOn({ logger });
    const flaky: number[] = [];
    const broken: number[] = [];
    jobs.register(
      'test.flaky',
      async (_data, job) => {
        flaky.push(job.attempt);
        if (job.attempt === 1) throw new Error('Could not reach someone@example.org');
      },
      { retryLimit: 2, retryDelaySeconds: 1 },
    );
    jobs.register(
      'test.broken',
      async (_data, job) => {
        broken.push(job.attempt);
        throw new Error('Always fails for someone@example.org');
      },
      { retryLimit: 1, retryDelaySeconds: 1 },
    );
    await jobs.start();
    await jobs.send('test.flaky', {});
    await jobs.send('test.broken', {});
    await waitFor(
      () => flaky.length === 2 && entries.some((e) => e.message === 'job failed; no retries left'),
      20_000,
    );
    await sleep(1_500);
    assert.deepEqual(flaky, [1, 2]);
    assert.deepEqual(broken, [1, 2]);
    const failures = entries.filter((e) => e.level !== 'debug' && e.details.job !== undefined);
    assert.deepEqual(
      failures.map((e) => [e.details.job, e.details.attempt, e.level, e.message]).sort(),
      [
        ['test.broken', 1, 'warn', 'job failed; it will be retried'],
        ['test.broken', 2, 'error', 'job failed; no retries left'],
        ['test.flaky', 1, 'warn', 'job failed; it will be retried'],
      ],
    );
    // The log says what failed, never the error message (it may hold personal data).
    assert.doesNotMatch(JSON.stringify(entries), /example\.org/);
    await jobs.stop();
  });

  it('stops gracefully: takes no new jobs and lets a running one finish', async () => {
    const jobs = jobsOn();
    let started = false;
    let finished = false;
    jobs.register('test.slow', async () => {
      started = true;
      await sleep(600);
      finished = true;
    });
    await jobs.start();
    await jobs.send('test.slow', {});
    await waitFor(() => started);
    await jobs.stop({ timeoutMs: 5_000 });
    assert.equal(finished, true);
    await assert.rejects(jobs.send('test.slow', {}), /stopped/);
    await jobs.stop(); // a second stop is harmless
  });

  it('gives up on a job that outlasts the stop timeout, aborts it, and retries it later', async () => {
    const first = jobsOn();
    let signal: AbortSignal | undefined;
    first.register(
      'test.stuck',
      async (_data, job) => {
        signal = job.signal;
        await new Promise((resolve) => job.signal.addEventListener('abort', resolve));
      },
      { retryDelaySeconds: 1 },
    );
    await first.start();
    await first.send('test.stuck', {});
    await waitFor(() => signal !== undefined);
    const stopping = Date.now();
    await first.stop({ timeoutMs: 1_000 });
    assert.ok(Date.now() - stopping < 4_000, `stop took ${Date.now() - stopping} ms`);
    assert.equal(signal!.aborted, true);

    const second = jobsOn();
    const attempts: number[] = [];
    second.register(
      'test.stuck',
      async (_data, job) => {
        attempts.push(job.attempt);
      },
      { retryDelaySeconds: 1 },
    );
    await second.start();
    await waitFor(() => attempts.length === 1, 15_000);
    assert.deepEqual(attempts, [2]);
    await second.stop();
  });

  it('refuses unknown jobs, bad names and bad schedules', () => {
    const jobs = jobsOn();
    assert.throws(() => jobs.register('Bad Name', async () => undefined), /lower case/);
    jobs.register('test.known', async () => undefined);
    assert.throws(() => jobs.register('test.known', async () => undefined), /already/);
    assert.throws(() => jobs.schedule('test.unknown', '* * * * *'), /No handler/);
    assert.throws(() => jobs.schedule('test.known', 'not cron'), /Invalid cron/);
    return assert.rejects(jobs.send('test.unknown', {}), /No handler/);
  });

  it('runs a scheduled job exactly once per slot with two app instances on one database', async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: 'memory://' });
    // Two instances: two connection pools and two pg-boss instances.
    const second = await openDatabase({
      databaseUrl: database.url,
      dataDir: 'unused',
      poolSize: 3,
    });
    let clock = new Date('2031-03-04T10:00:20Z');
    const runs: { instance: string; slot: string }[] = [];
    const instances = await Promise.all(
      [database, second].map(async (handle, index) => {
        const services = await buildServices(config, {
          database: handle,
          jobs: { ...fast, now: () => clock },
        });
        const instance = `instance ${index + 1}`;
        services.jobs.register<{ slot: string }>('test.scheduled', async (data) => {
          runs.push({ instance, slot: data.slot });
        });
        services.jobs.schedule('test.scheduled', { everyMs: 60_000 });
        return services;
      }),
    );
    try {
      await Promise.all(instances.map((services) => services.jobs.start()));
      await waitFor(() => runs.length >= 1);
      await sleep(1_500); // about 30 ticks on each instance
      assert.deepEqual(
        runs.map((run) => run.slot),
        ['2031-03-04T10:00:00.000Z'],
      );

      clock = new Date('2031-03-04T10:01:05Z');
      await waitFor(() => runs.length >= 2);
      await sleep(1_500);
      assert.deepEqual(
        runs.map((run) => run.slot),
        ['2031-03-04T10:00:00.000Z', '2031-03-04T10:01:00.000Z'],
      );

      // A slow clock on one instance cannot bring back a slot already past.
      clock = new Date('2031-03-04T10:00:30Z');
      await sleep(700);
      assert.equal(runs.length, 2);

      const claims = await database.db
        .selectFrom('job_runs')
        .select(['job_name', 'slot'])
        .where('job_name', 'in', ['test.scheduled', 'sessions.cleanup'])
        .orderBy('job_name')
        .orderBy('slot')
        .execute();
      assert.deepEqual(claims, [
        // The platform's own scheduled job ran once too, in the 10:00 quarter-hour.
        { job_name: 'sessions.cleanup', slot: '2031-03-04T10:00:00.000Z' },
        { job_name: 'test.scheduled', slot: '2031-03-04T10:00:00.000Z' },
        { job_name: 'test.scheduled', slot: '2031-03-04T10:01:00.000Z' },
      ]);
    } finally {
      await Promise.all(instances.map((services) => services.close()));
      await second.close();
    }
  });

  it('deletes expired sessions in the background, once the server starts jobs', async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: 'memory://' });
    const services = await buildServices(config, { database, jobs: fast });
    try {
      await services.sessions.create();
      const expired = await services.sessions.create();
      await database.db
        .updateTable('sessions')
        .set({ expires_at: new Date(Date.now() - 60_000) })
        .where('id_hash', '=', hashToken(expired.id))
        .execute();
      const count = async () =>
        Number(
          (
            await database.db
              .selectFrom('sessions')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      assert.equal(await count(), 2);
      // buildServices does not start jobs: nothing is cleaned up yet.
      await sleep(300);
      assert.equal(await count(), 2);
      // Other tests' claims used a clock in 2031; this one runs on today's slot.
      await database.db.deleteFrom('job_runs').where('job_name', '=', 'sessions.cleanup').execute();
      await services.jobs.start();
      await waitFor(async () => (await count()) === 1);
    } finally {
      await services.close();
    }
  });
});

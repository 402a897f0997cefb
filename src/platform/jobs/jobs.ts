import { sql, type Transaction } from 'kysely';
import type { Database, DatabaseHandle } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { PgBossBackend } from './pg-boss-backend.ts';
import { DEFAULT_TIME_ZONE, slotter, type When } from './schedule.ts';
import {
  describe,
  type Backend,
  type Dispatch,
  type HandlerOptions,
  type JobHandler,
  type Jobs,
  type JobsLogger,
  type JobsOptions,
  type Registration,
  type RunInfo,
  type ScheduleOptions,
  type SendOptions,
  type StopOptions,
} from './types.ts';
import { createLogger } from '../http/logger.ts';

export type * from './types.ts';
export type { When } from './schedule.ts';

const NAME = /^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/;
const PRUNE_EVERY_MS = 3_600_000;

interface ScheduledJob {
  name: string;
  slotAt: (now: Date) => Date;
  data: Record<string, unknown>;
  /** The last slot this instance claimed or saw claimed: no database work until the next. */
  lastSlot?: string;
}

/** Builds the jobs service (pg-boss on the database's server). Nothing runs until start(). */
export function createJobs(database: DatabaseHandle, options: JobsOptions = {}): Jobs {
  const logger = options.logger ?? createLogger('jobs', options.logLevel);
  const pollMs = options.pollMs ?? 2_000;
  const { databaseUrl } = database;
  return new JobService(database.db, logger, options, (dispatch) => {
    if (!databaseUrl) throw new Error('pg-boss needs the database URL');
    const poolSize = options.poolSize ?? 2;
    return new PgBossBackend({ connectionString: databaseUrl, poolSize, pollMs, logger }, dispatch);
  });
}

class JobService implements Jobs {
  readonly kind: Jobs['kind'];
  private readonly backend: Backend;
  readonly #handlers = new Map<string, Registration>();
  readonly #schedules = new Map<string, ScheduledJob>();
  readonly #running = new Set<AbortController>();
  readonly #now: () => Date;
  readonly #tickMs: number;
  readonly #stopTimeoutMs: number;
  #state: 'built' | 'starting' | 'started' | 'stopped' = 'built';
  #starting?: Promise<void>;
  #stopping?: Promise<void>;
  #timer?: NodeJS.Timeout;
  #ticking?: Promise<void>;
  #prunedAt = 0;

  private readonly db: Database;
  private readonly logger: JobsLogger;

  constructor(
    db: Database,
    logger: JobsLogger,
    options: JobsOptions,
    makeBackend: (dispatch: Dispatch) => Backend,
  ) {
    this.db = db;
    this.logger = logger;
    this.backend = makeBackend((name, data, run) => this.#run(name, data, run));
    this.kind = this.backend.kind;
    this.#now = options.now ?? (() => new Date());
    this.#tickMs = options.tickMs ?? 15_000;
    this.#stopTimeoutMs = options.stopTimeoutMs ?? 8_000;
  }

  register<T extends object>(name: string, handler: JobHandler<T>, options: HandlerOptions = {}) {
    if (!NAME.test(name))
      throw new Error(`Job names are lower case words joined by . or -: ${name}`);
    if (this.#handlers.has(name)) throw new Error(`Job "${name}" is already registered`);
    const registration: Registration = {
      name,
      handler: handler as JobHandler<object>,
      retryLimit: options.retryLimit ?? 3,
      retryDelaySeconds: options.retryDelaySeconds ?? 30,
      expireInSeconds: options.expireInSeconds ?? 900,
      concurrency: options.concurrency ?? 1,
    };
    this.#handlers.set(name, registration);
    if (this.#state === 'started') {
      this.backend.work(registration).catch((error: unknown) => {
        this.logger.error({ job: name, error: describe(error) }, 'could not start a job worker');
      });
    }
  }

  async send(name: string, data: object, options: SendOptions = {}, trx?: Transaction<DB>) {
    if (this.#state === 'stopped') throw new Error('Background jobs have stopped');
    return this.backend.enqueue(this.#registration(name), data, options, trx);
  }

  schedule(name: string, when: When, options: ScheduleOptions = {}) {
    this.#registration(name);
    this.#schedules.set(name, {
      name,
      slotAt: slotter(when, options.timeZone ?? DEFAULT_TIME_ZONE),
      data: options.data ?? {},
    });
  }

  async start() {
    if (this.#state === 'stopped') throw new Error('Background jobs have stopped');
    if (this.#starting) return this.#starting;
    this.#state = 'starting';
    this.#starting = (async () => {
      await this.backend.start([...this.#handlers.values()]);
      // stop() may have been called while the backend was starting.
      if (this.#state !== 'starting') return;
      this.#state = 'started';
      this.#timer = setInterval(() => this.#tick(), this.#tickMs);
      this.#timer.unref();
      this.#tick();
      this.logger.info(
        { engine: this.kind, jobs: [...this.#handlers.keys()] },
        'background jobs started',
      );
    })();
    return this.#starting;
  }

  stop(options: StopOptions = {}) {
    this.#stopping ??= this.#stop(options.timeoutMs ?? this.#stopTimeoutMs);
    return this.#stopping;
  }

  async #stop(timeoutMs: number) {
    this.#state = 'stopped';
    clearInterval(this.#timer);
    await this.#starting?.catch(() => undefined);
    await this.#ticking;
    const giveUp = setTimeout(() => this.#abortRunning('stopping'), timeoutMs);
    try {
      await this.backend.stop(timeoutMs);
    } finally {
      clearTimeout(giveUp);
      this.#abortRunning('stopped');
    }
  }

  #abortRunning(reason: string) {
    for (const controller of this.#running)
      controller.abort(new Error(`Background jobs ${reason}`));
  }

  /** Runs one job's handler (backends call this through Dispatch). */
  async #run(name: string, data: object, run: RunInfo) {
    const registration = this.#registration(name);
    const controller = new AbortController();
    this.#running.add(controller);
    const started = Date.now();
    const details = { job: name, jobId: run.id, attempt: run.attempt };
    let expired: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        expired = setTimeout(() => {
          const error = new Error(`Job ran longer than ${run.expireInSeconds} s`);
          controller.abort(error);
          reject(error);
        }, run.expireInSeconds * 1000);
      });
      await Promise.race([
        registration.handler(data, {
          id: run.id,
          name,
          attempt: run.attempt,
          signal: controller.signal,
        }),
        timeout,
      ]);
      // A handler that returned because it was told to stop has not finished its work.
      if (controller.signal.aborted) throw controller.signal.reason;
      this.logger.debug({ ...details, ms: Date.now() - started }, 'job done');
    } catch (error) {
      const final = run.attempt > run.retryLimit;
      this.logger[final ? 'error' : 'warn'](
        { ...details, ms: Date.now() - started, error: describe(error) },
        final ? 'job failed; no retries left' : 'job failed; it will be retried',
      );
      throw error;
    } finally {
      clearTimeout(expired);
      this.#running.delete(controller);
    }
  }

  #registration(name: string) {
    const registration = this.#handlers.get(name);
    if (!registration) throw new Error(`No handler is registered for job "${name}"`);
    return registration;
  }

  #tick() {
    if (this.#ticking || this.#state !== 'started') return;
    this.#ticking = this.#runDue().finally(() => {
      this.#ticking = undefined;
    });
  }

  /** Claims the current slot of every schedule whose slot has moved on, and queues its run. */
  async #runDue() {
    for (const scheduled of this.#schedules.values()) {
      if (this.#state !== 'started') return;
      const slot = scheduled.slotAt(this.#now()).toISOString();
      if (scheduled.lastSlot === slot) continue;
      try {
        const queued = await this.#claim(scheduled, slot);
        scheduled.lastSlot = slot;
        if (queued) this.logger.info({ job: scheduled.name, slot }, 'scheduled job queued');
      } catch (error) {
        this.logger.warn(
          { job: scheduled.name, slot, error: describe(error) },
          'could not queue a scheduled job; trying again at the next tick',
        );
      }
    }
    if (Date.now() - this.#prunedAt > PRUNE_EVERY_MS) {
      this.#prunedAt = Date.now();
      await this.#pruneRuns().catch((error: unknown) => {
        this.logger.warn({ error: describe(error) }, 'could not prune job_runs');
      });
    }
  }

  /**
   * The exactly-once step: the primary key of job_runs lets one instance claim a slot, and the
   * job is queued in the same transaction, so a slot is either claimed and queued or neither. A
   * slot older than one already claimed (a slow clock) is never run.
   */
  async #claim(scheduled: ScheduledJob, slot: string) {
    const registration = this.#registration(scheduled.name);
    return this.db.transaction().execute(async (trx) => {
      const claimed = await sql<{ slot: string }>`
        insert into job_runs (job_name, slot)
        select ${scheduled.name}::text, ${slot}::text
        where not exists (
          select 1 from job_runs where job_name = ${scheduled.name}::text and slot >= ${slot}::text
        )
        on conflict do nothing
        returning slot`.execute(trx);
      if (claimed.rows.length === 0) return false;
      await this.backend.enqueue(
        registration,
        { ...scheduled.data, slot },
        { singletonKey: `slot:${slot}` },
        trx,
      );
      return true;
    });
  }

  /** Forgets claims older than 30 days, keeping each job's newest (it guards the current slot). */
  async #pruneRuns() {
    await this.db
      .deleteFrom('job_runs as r')
      .where('r.ran_at', '<', sql<Date>`now() - interval '30 days'`)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('job_runs as n')
            .select('n.slot')
            .whereRef('n.job_name', '=', 'r.job_name')
            .whereRef('n.slot', '>', 'r.slot'),
        ),
      )
      .execute();
  }
}

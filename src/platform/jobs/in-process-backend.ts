import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import {
  describe,
  type Backend,
  type Dispatch,
  type JobsLogger,
  type Registration,
  type SendOptions,
} from './types.ts';

/** Expired runs are requeued, and old rows deleted, at most this often. */
const MAINTAIN_EVERY_MS = 60_000;
/** Retries wait retryDelaySeconds, doubling, but never longer than this. */
const MAX_RETRY_DELAY_SECONDS = 3_600;

interface Claimed {
  id: string;
  name: string;
  data: Record<string, unknown>;
  attempts: number;
  retry_limit: number;
  retry_delay_seconds: number;
  expire_seconds: number;
}

/**
 * The in-process runner for the embedded database: jobs are rows in job_queue, worked by one
 * loop in this process with timers. Jobs survive a restart; a run interrupted by a crash is
 * retried once its expiry has passed. Every statement is short, so the single PGlite connection
 * is never held while a handler runs.
 */
export class InProcessBackend implements Backend {
  readonly kind = 'in-process' as const;
  readonly #jobs = new Map<string, Registration>();
  readonly #running = new Map<string, number>();
  readonly #inFlight = new Map<Promise<void>, Claimed>();
  readonly #pollMs: number;
  readonly #logger: JobsLogger;
  #loop?: Promise<void>;
  #stopping = false;
  #wake?: () => void;
  #nudged = false;
  #maintainedAt = 0;

  constructor(
    private readonly db: Database,
    options: { pollMs: number; logger: JobsLogger },
    private readonly dispatch: Dispatch,
  ) {
    this.#pollMs = options.pollMs;
    this.#logger = options.logger;
  }

  async enqueue(job: Registration, data: object, options: SendOptions, trx?: Transaction<DB>) {
    const { startAfter } = options;
    const row = await (trx ?? this.db)
      .insertInto('job_queue')
      .values({
        id: randomUUID(),
        name: job.name,
        data: JSON.stringify(data),
        singleton_key: options.singletonKey ?? null,
        retry_limit: job.retryLimit,
        retry_delay_seconds: job.retryDelaySeconds,
        expire_seconds: job.expireInSeconds,
        start_after:
          startAfter === undefined
            ? sql<Date>`now()`
            : startAfter instanceof Date
              ? startAfter
              : sql<Date>`now() + ${startAfter} * interval '1 second'`,
      })
      .onConflict((conflict) => conflict.doNothing())
      .returning('id')
      .executeTakeFirst();
    // Inside a transaction on PGlite the claim waits for the connection, so it sees the commit.
    this.#nudge();
    return row?.id ?? null;
  }

  async start(jobs: Registration[]) {
    for (const job of jobs) this.#jobs.set(job.name, job);
    this.#loop = this.#work();
  }

  async work(job: Registration) {
    this.#jobs.set(job.name, job);
    this.#nudge();
  }

  async stop(timeoutMs: number) {
    this.#stopping = true;
    this.#nudge();
    await this.#loop;
    if (this.#inFlight.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([Promise.allSettled(this.#inFlight.keys()), timedOut]);
    clearTimeout(timer);
    if (outcome !== 'timeout') return;
    // Give the unfinished runs back: they are retried (or failed, if out of retries).
    for (const claimed of this.#inFlight.values()) {
      await this.#fail(claimed, new Error('The app stopped before the job finished'));
    }
  }

  async #work() {
    while (!this.#stopping) {
      try {
        if (Date.now() - this.#maintainedAt > MAINTAIN_EVERY_MS) await this.#maintain();
        const free = [...this.#jobs.values()]
          .filter((job) => (this.#running.get(job.name) ?? 0) < job.concurrency)
          .map((job) => job.name);
        const claimed = free.length > 0 && !this.#stopping ? await this.#claim(free) : undefined;
        if (claimed) {
          this.#execute(claimed);
          continue;
        }
      } catch (error) {
        this.#logger.warn(
          { error: describe(error) },
          'the job runner could not reach the database',
        );
      }
      await this.#sleep();
    }
  }

  /** Wakes the loop now, or makes its next sleep return at once. */
  #nudge() {
    if (this.#wake) this.#wake();
    else this.#nudged = true;
  }

  /** Waits for the poll interval, or less when nudged by a send, a finished run or stop. */
  async #sleep() {
    if (this.#nudged) {
      this.#nudged = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.#pollMs);
      timer.unref();
      this.#wake = done;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    }).finally(() => {
      this.#wake = undefined;
    });
  }

  async #claim(names: string[]): Promise<Claimed | undefined> {
    return this.db
      .updateTable('job_queue')
      .set((eb) => ({
        state: 'active',
        attempts: eb('attempts', '+', 1),
        started_at: sql<Date>`now()`,
      }))
      .where('id', '=', (eb) =>
        eb
          .selectFrom('job_queue')
          .select('id')
          .where('state', '=', 'created')
          .where('start_after', '<=', sql<Date>`now()`)
          .where('name', 'in', names)
          .orderBy('start_after')
          .limit(1)
          .forUpdate()
          .skipLocked(),
      )
      .returning([
        'id',
        'name',
        'data',
        'attempts',
        'retry_limit',
        'retry_delay_seconds',
        'expire_seconds',
      ])
      .executeTakeFirst();
  }

  #execute(claimed: Claimed) {
    this.#running.set(claimed.name, (this.#running.get(claimed.name) ?? 0) + 1);
    const run = this.dispatch(claimed.name, claimed.data, {
      id: claimed.id,
      attempt: claimed.attempts,
      retryLimit: claimed.retry_limit,
      expireInSeconds: claimed.expire_seconds,
    })
      .then(
        () => this.#complete(claimed),
        (error: unknown) => this.#fail(claimed, error),
      )
      .catch((error: unknown) => {
        this.#logger.warn(
          { job: claimed.name, jobId: claimed.id, error: describe(error) },
          'could not record the outcome of a job',
        );
      })
      .finally(() => {
        this.#running.set(claimed.name, (this.#running.get(claimed.name) ?? 1) - 1);
        this.#inFlight.delete(run);
        this.#nudge();
      });
    this.#inFlight.set(run, claimed);
  }

  /** Only the run that holds the job may finish it (state and attempt both still match). */
  async #complete(claimed: Claimed) {
    await this.db
      .updateTable('job_queue')
      .set({ state: 'completed', finished_at: sql<Date>`now()`, last_error: null })
      .where('id', '=', claimed.id)
      .where('state', '=', 'active')
      .where('attempts', '=', claimed.attempts)
      .execute();
  }

  async #fail(claimed: Claimed, error: unknown) {
    const final = claimed.attempts > claimed.retry_limit;
    const delay = Math.min(
      claimed.retry_delay_seconds * 2 ** (claimed.attempts - 1),
      MAX_RETRY_DELAY_SECONDS,
    );
    await this.db
      .updateTable('job_queue')
      .set({
        state: final ? 'failed' : 'created',
        finished_at: final ? sql<Date>`now()` : null,
        start_after: final
          ? sql<Date>`start_after`
          : sql<Date>`now() + ${delay} * interval '1 second'`,
        last_error: (error instanceof Error ? error.message : String(error)).slice(0, 2_000),
      })
      .where('id', '=', claimed.id)
      .where('state', '=', 'active')
      .where('attempts', '=', claimed.attempts)
      .execute();
  }

  /**
   * Requeues runs that outlived their expiry (the process running them died), forgets the keys of
   * jobs finished a day ago and deletes finished jobs: completed after a day, failed after a week.
   */
  async #maintain() {
    this.#maintainedAt = Date.now();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('job_queue')
        .set({
          state: sql<
            'created' | 'failed'
          >`case when attempts > retry_limit then 'failed' else 'created' end`,
          finished_at: sql<Date | null>`case when attempts > retry_limit then now() end`,
          last_error: 'The job ran past its expiry (the app stopped or crashed)',
        })
        .where('state', '=', 'active')
        .where('started_at', '<', sql<Date>`now() - expire_seconds * interval '1 second'`)
        .execute();
      await trx
        .deleteFrom('job_queue')
        .where('state', '=', 'completed')
        .where('finished_at', '<', sql<Date>`now() - interval '1 day'`)
        .execute();
      await trx
        .updateTable('job_queue')
        .set({ singleton_key: null })
        .where('state', '=', 'failed')
        .where('singleton_key', 'is not', null)
        .where('finished_at', '<', sql<Date>`now() - interval '1 day'`)
        .execute();
      await trx
        .deleteFrom('job_queue')
        .where('state', '=', 'failed')
        .where('finished_at', '<', sql<Date>`now() - interval '7 days'`)
        .execute();
    });
  }
}

import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CompiledQuery, type Transaction } from 'kysely';
import PgBoss from 'pg-boss';
import type { DB } from '../db/schema.ts';
import {
  describe,
  type Backend,
  type Dispatch,
  type JobsLogger,
  type Registration,
  type SendOptions,
} from './types.ts';

const DEADLOCK = '40P01';

/** A finished job (and its idempotency key) is kept this long before pg-boss archives it. */
const KEEP_FINISHED_SECONDS = 86_400;

export interface PgBossOptions {
  connectionString: string;
  poolSize: number;
  pollMs: number;
  logger: JobsLogger;
}

/**
 * The queue on native PostgreSQL: pg-boss 10 in its own schema (`pgboss`) with its own small
 * pool. Fetching uses SKIP LOCKED, so a job goes to one instance however many are running.
 * pg-boss is started on the first send or on start(); stop() closes its pool.
 */
export class PgBossBackend implements Backend {
  readonly kind = 'pg-boss' as const;
  readonly #boss: PgBoss;
  readonly #pollSeconds: number;
  readonly #logger: JobsLogger;
  readonly #queues = new Map<string, Promise<void>>();
  /** Worker ids by job name, to wake a local worker when this instance sends. */
  readonly #workers = new Map<string, string[]>();
  #ready?: Promise<unknown>;

  private readonly dispatch: Dispatch;

  constructor(options: PgBossOptions, dispatch: Dispatch) {
    this.dispatch = dispatch;
    this.#logger = options.logger;
    this.#pollSeconds = Math.max(options.pollMs, 500) / 1000;
    this.#boss = new PgBoss({
      connectionString: options.connectionString,
      max: options.poolSize,
      application_name: 'cyd-jobs',
      schema: 'pgboss',
      // Our scheduler claims slots in job_runs on both engines; pg-boss's cron is not used.
      schedule: false,
      archiveCompletedAfterSeconds: KEEP_FINISHED_SECONDS,
      archiveFailedAfterSeconds: KEEP_FINISHED_SECONDS,
      deleteAfterDays: 7,
    });
    // Without a listener an 'error' event would crash the process.
    this.#boss.on('error', (error) => {
      this.#logger.warn({ error: describe(error) }, 'pg-boss reported an error');
    });
  }

  /** Starts pg-boss once: opens its pool and creates or migrates its schema. */
  #start() {
    this.#ready ??= this.#boss.start();
    return this.#ready;
  }

  #queue(name: string) {
    let ready = this.#queues.get(name);
    if (!ready) {
      ready = this.#start().then(() => this.#createQueue(name));
      ready.catch(() => this.#queues.delete(name));
      this.#queues.set(name, ready);
    }
    return ready;
  }

  /**
   * Creates a queue unless it exists. Instances starting together can deadlock inside pg-boss's
   * create_queue (each creates a partition and inserts into the queue table): the loser retries.
   */
  async #createQueue(name: string) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        if (await this.#boss.getQueue(name)) return;
        await this.#boss.createQueue(name);
        return;
      } catch (error) {
        if ((error as { code?: unknown }).code !== DEADLOCK || attempt >= 5) throw error;
        await sleep(attempt * 50 + Math.random() * 100);
      }
    }
  }

  async enqueue(job: Registration, data: object, options: SendOptions, trx?: Transaction<DB>) {
    await this.#queue(job.name);
    const id = await this.#boss.send(job.name, data, {
      // A key becomes a deterministic id: the job table's primary key refuses a second one.
      ...(options.singletonKey
        ? { id: keyToUuid(job.name, options.singletonKey), singletonKey: options.singletonKey }
        : {}),
      ...(options.startAfter === undefined ? {} : { startAfter: options.startAfter }),
      retryLimit: job.retryLimit,
      retryDelay: job.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: job.expireInSeconds,
      ...(trx
        ? {
            db: {
              executeSql: (text: string, values: unknown[]) =>
                trx.executeQuery(CompiledQuery.raw(text, values)),
            },
          }
        : {}),
    });
    if (id && !trx && options.startAfter === undefined) {
      for (const worker of this.#workers.get(job.name) ?? []) this.#boss.notifyWorker(worker);
    }
    return id;
  }

  async start(jobs: Registration[]) {
    await this.#start();
    for (const job of jobs) await this.work(job);
  }

  async work(job: Registration) {
    await this.#queue(job.name);
    const ids: string[] = [];
    for (let i = 0; i < job.concurrency; i += 1) {
      ids.push(
        await this.#boss.work<object>(
          job.name,
          { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: this.#pollSeconds },
          async ([fetched]) => {
            if (!fetched) return;
            await this.dispatch(job.name, fetched.data, {
              id: fetched.id,
              attempt: fetched.retryCount + 1,
              retryLimit: fetched.retryLimit,
              // EXTRACT(epoch ...) is numeric, which pg returns as a string
              expireInSeconds: Number(String(fetched.expireInSeconds)),
            });
          },
        ),
      );
    }
    this.#workers.set(job.name, ids);
  }

  async stop(timeoutMs: number) {
    if (!this.#ready) return;
    try {
      await this.#ready;
    } catch {
      return;
    }
    // Graceful: workers stop fetching, running jobs get timeoutMs, unfinished ones are failed
    // (and so retried), then pg-boss closes its pool.
    await this.#boss.stop({ graceful: true, wait: true, close: true, timeout: timeoutMs });
  }
}

/** A UUID derived from a job name and key, so the same key always names the same job. */
export function keyToUuid(name: string, key: string) {
  const hash = createHash('sha256').update(`${name}\u0000${key}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

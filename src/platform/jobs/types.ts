import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { When } from './schedule.ts';

/** What a handler learns about the run it is doing. */
export interface JobContext {
  id: string;
  name: string;
  /** 1 on the first run, 2 on the first retry, ... */
  attempt: number;
  /** Aborted when the run times out or the app stops before it finishes: stop early. */
  signal: AbortSignal;
}

/**
 * Does one job. Jobs are idempotent: a handler may run again after a crash or a retry, so it
 * checks what is already done (e.g. "reminder sent" flags) before acting. Data is JSON.
 */
export type JobHandler<T extends object = Record<string, unknown>> = (
  data: T,
  job: JobContext,
) => Promise<unknown>;

export interface HandlerOptions {
  /** Retries after a failed first run (default 3): a job runs at most retryLimit + 1 times. */
  retryLimit?: number;
  /** Seconds before the first retry, doubling each time (default 30). */
  retryDelaySeconds?: number;
  /** A run taking longer than this has failed (default 900; pg-boss allows up to a day). */
  expireInSeconds?: number;
  /** Runs of this job at the same time in one app instance (default 1). */
  concurrency?: number;
}

export interface SendOptions {
  /**
   * Idempotency key: while a job with this name and key is waiting, running, or finished less
   * than a day ago, sending another is a no-op (send returns null).
   */
  singletonKey?: string;
  /** Not before this time; a number is seconds from now. */
  startAfter?: Date | number;
}

export interface ScheduleOptions {
  /** Data given to every scheduled run; `slot` (the slot's ISO time) is added to it. */
  data?: Record<string, unknown>;
  /** Time zone for a cron expression (default Europe/London). */
  timeZone?: string;
}

export interface StopOptions {
  /** How long to wait for running jobs before giving up on them (they are retried later). */
  timeoutMs?: number;
}

/** Background jobs: a PostgreSQL-backed queue (pg-boss). */
export interface Jobs {
  readonly kind: 'pg-boss';
  /** Declares the handler for a job name. Every instance registers every job it may send. */
  register<T extends object>(name: string, handler: JobHandler<T>, options?: HandlerOptions): void;
  /**
   * Queues a job; returns its id, or null when singletonKey matched an existing job. Inside a
   * transaction pass `trx` so the job is queued only if the transaction commits.
   */
  send(
    name: string,
    data: object,
    options?: SendOptions,
    trx?: Transaction<DB>,
  ): Promise<string | null>;
  /** Runs a registered job once per slot of `when` across every instance on the database. */
  schedule(name: string, when: When, options?: ScheduleOptions): void;
  /** Starts working and scheduling (server.ts calls it after listen; tests only when they ask). */
  start(): Promise<void>;
  /** Stops taking jobs, waits for running ones up to a timeout, then closes connections. */
  stop(options?: StopOptions): Promise<void>;
}

/** The logging the runner needs; a pino logger fits. Personal data is never logged here. */
export interface JobsLogger {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface JobsOptions {
  logger?: JobsLogger;
  /** Level for the default pino logger when no logger is given. */
  logLevel?: string;
  /** The scheduler's clock (tests move it to the next slot). */
  now?: () => Date;
  /** How often the scheduler looks for a new slot (default 15 s). */
  tickMs?: number;
  /** How often an idle worker looks for due jobs (default 2 s; pg-boss allows >= 500 ms). */
  pollMs?: number;
  /** pg-boss's own connections (default 2): the app pool and pg-boss share one server. */
  poolSize?: number;
  /** Default for stop(): how long to wait for running jobs (default 8 s). */
  stopTimeoutMs?: number;
}

/** A registered handler with its options filled in. */
export interface Registration {
  name: string;
  handler: JobHandler<object>;
  retryLimit: number;
  retryDelaySeconds: number;
  expireInSeconds: number;
  concurrency: number;
}

/** What a backend knows about one run when it hands the job over. */
export interface RunInfo {
  id: string;
  attempt: number;
  retryLimit: number;
  expireInSeconds: number;
}

/** Runs a job's handler; rejects when it failed (the backend then records a retry or failure). */
export type Dispatch = (name: string, data: object, run: RunInfo) => Promise<void>;

/** The queue underneath: pg-boss. */
export interface Backend {
  readonly kind: Jobs['kind'];
  enqueue(
    job: Registration,
    data: object,
    options: SendOptions,
    trx?: Transaction<DB>,
  ): Promise<string | null>;
  /** Begins working the registered jobs. */
  start(jobs: Registration[]): Promise<void>;
  /** A job registered after start. */
  work(job: Registration): Promise<void>;
  /** Stops fetching, waits up to timeoutMs for running jobs, fails the rest, closes. */
  stop(timeoutMs: number): Promise<void>;
}

/** An error for the log: its type and code only, as messages may carry personal data. */
export function describe(error: unknown) {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  return { type: error.name, ...(typeof code === 'string' ? { code } : {}) };
}

import type { Config } from '#app/config.ts';
import { createAuditLog } from '#platform/audit/audit-log.ts';
import { createSessionStore } from '#platform/auth/sessions.ts';
import { openDatabase, type DatabaseHandle } from '#platform/db/database.ts';
import { migrate } from '#platform/db/migrate.ts';
import { createI18n } from '#platform/i18n/i18n.ts';
import { createJobs, type JobsOptions } from '#platform/jobs/jobs.ts';
import { registerPlatformJobs } from '#platform/jobs/platform-jobs.ts';
import { collect, type Module, type Services } from '#platform/modules/contract.ts';
import { createNotifier } from '#platform/notify/index.ts';
import { loadManifest } from '#platform/views/assets.ts';
import { createViews } from '#platform/views/views.ts';
import { modules as allModules } from '#app/modules.ts';

export type { Services } from '#platform/modules/contract.ts';

export interface BuildOptions {
  /** Use this database instead of opening one from config (tests share one). */
  database?: DatabaseHandle;
  /** Background job settings (tests pass a clock and short intervals). */
  jobs?: JobsOptions;
  /** The modules to build (default: every module in src/modules.ts). */
  modules?: readonly Module[];
}

/**
 * The composition root: the platform's services, then every module's, in the order of
 * src/modules.ts (a module's factory sees everything built before it), then their jobs.
 */
export async function buildServices(config: Config, options: BuildOptions = {}): Promise<Services> {
  const database =
    options.database ??
    (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  await migrate(database.db);
  const { db } = database;
  const i18n = createI18n();
  const views = createViews(await loadManifest(), { watch: config.templateReload });
  const sessions = createSessionStore(db, config.session);
  const audit = createAuditLog(db);
  const notifier = await createNotifier(config, db, i18n);
  // Built, not started: server.ts starts jobs after listen; tests start them when they ask.
  const jobs = createJobs(database, { logLevel: config.logLevel, ...options.jobs });
  registerPlatformJobs(jobs, { sessions });
  const modules = options.modules ?? allModules;
  const platform = {
    config,
    database,
    db,
    i18n,
    views,
    sessions,
    audit,
    notifier,
    jobs,
    modules: collect(modules),
    async close() {
      await jobs.stop();
      await audit.stop();
      if (!options.database) await database.close();
    },
  };
  // Each capability's services are added by its modules' factories (declared on Services).
  const services = platform as Services;
  for (const module of modules) Object.assign(services, module.services?.(services));
  for (const module of modules) {
    for (const job of module.jobs?.(services) ?? []) {
      jobs.register(job.name, job.handler, job.options);
      if (job.schedule) jobs.schedule(job.name, job.schedule);
    }
  }
  return services;
}

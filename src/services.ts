import type { Config } from './config.ts';
import { createAuditLog } from './platform/audit/audit-log.ts';
import { createSessionStore } from './platform/auth/sessions.ts';
import { openDatabase, type DatabaseHandle } from './platform/db/database.ts';
import { migrate } from './platform/db/migrate.ts';
import { createI18n } from './platform/i18n/i18n.ts';
import { createJobs, type JobsOptions } from './platform/jobs/jobs.ts';
import { registerPlatformJobs } from './platform/jobs/platform-jobs.ts';
import { createContactService } from './platform/contact/index.ts';
import { createNotifier } from './platform/notify/index.ts';
import { loadManifest } from './platform/views/assets.ts';
import { createViews } from './platform/views/views.ts';
import { createOrganisationsService } from './features/organisations/service.ts';
import { createAccountsService } from './features/accounts/service.ts';
import { createAuditViewer } from './features/audit/service.ts';
import { createOutboxService } from './features/outbox/service.ts';
import { createPeopleService } from './features/people/service.ts';
import { createOpportunitiesService } from './features/opportunities/service.ts';

export interface BuildOptions {
  /** Use this database instead of opening one from config (tests share one). */
  database?: DatabaseHandle;
  /** Background job settings (tests pass a clock and short intervals). */
  jobs?: JobsOptions;
}

/** The composition root: every service Cyd has, built once. */
export async function buildServices(config: Config, options: BuildOptions = {}) {
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
  const organisations = createOrganisationsService({ db, audit });
  const accounts = createAccountsService({ db, audit, notifier, sessions, config });
  const auditViewer = createAuditViewer({ db, audit });
  const outbox = createOutboxService({ db, audit });
  const people = createPeopleService({ db, audit, keys: config.encryptionKey });
  // Built last, not started: server.ts starts jobs after listen; tests start them when they ask.
  const jobs = createJobs(database, { logLevel: config.logLevel, ...options.jobs });
  registerPlatformJobs(jobs, { sessions });
  // Every message to a person on the register goes through this (safe-contact rules, queue, job).
  const contact = createContactService(
    { db, config, i18n, notifier, jobs },
    { logLevel: config.logLevel },
  );
  // Opportunities register their matching job (opportunity.match) on the same jobs service.
  const opportunities = createOpportunitiesService({
    db,
    audit,
    jobs,
    contact: { db, config, i18n, jobs },
    publicUrl: config.publicUrl,
  });

  return {
    config,
    database,
    db,
    i18n,
    views,
    sessions,
    audit,
    notifier,
    organisations,
    accounts,
    auditViewer,
    outbox,
    people,
    jobs,
    contact,
    opportunities,
    async close() {
      await jobs.stop();
      if (!options.database) await database.close();
    },
  };
}

export type Services = Awaited<ReturnType<typeof buildServices>>;

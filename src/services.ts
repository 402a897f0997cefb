import type { Config } from './config.ts';
import { createAuditLog } from './platform/audit/audit-log.ts';
import { createSessionStore } from './platform/auth/sessions.ts';
import { openDatabase, type DatabaseHandle } from './platform/db/database.ts';
import { migrate } from './platform/db/migrate.ts';
import { createI18n } from './platform/i18n/i18n.ts';
import { createNotifier } from './platform/notify/index.ts';
import { loadManifest } from './platform/views/assets.ts';
import { createViews } from './platform/views/views.ts';

export interface BuildOptions {
  /** Use this database instead of opening one from config (tests share one). */
  database?: DatabaseHandle;
}

/** The composition root: every service Cyd has, built once. */
export async function buildServices(config: Config, options: BuildOptions = {}) {
  const database =
    options.database ??
    (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  await migrate(database.db);
  const { db } = database;
  const i18n = createI18n();
  const views = createViews(loadManifest(), { watch: config.env === 'development' });
  const sessions = createSessionStore(db, config.session);
  const audit = createAuditLog(db);
  const notifier = createNotifier(config, db, i18n);

  return {
    config,
    database,
    db,
    i18n,
    views,
    sessions,
    audit,
    notifier,
    async close() {
      if (!options.database) await database.close();
    },
  };
}

export type Services = Awaited<ReturnType<typeof buildServices>>;

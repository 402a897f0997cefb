/** `npm run migrate`: applies every numbered migration not yet applied, then exits. */
import { loadConfig } from '#app/config.ts';
import { openDatabase } from '#platform/db/database.ts';
import { migrate } from '#platform/db/migrate.ts';

const config = loadConfig();
const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const applied = await migrate(handle.db);
  process.stdout.write(
    applied.length
      ? `Applied ${applied.length} migration(s) on ${handle.engine}:\n${applied.map((m) => `  ${m}`).join('\n')}\n`
      : `The ${handle.engine} database is up to date.\n`,
  );
} finally {
  await handle.close();
}

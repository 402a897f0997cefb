/**
 * `npm run seed:demo`: resets the demo data (the fictional Cwm Ffug region and the
 * @demo.example staff) on the configured database — the embedded PostgreSQL server in DATA_DIR (default ./data) or
 * native PostgreSQL at DATABASE_URL. Audit rows are kept: the audit log is append-only.
 */
import { addressForPeople, loadConfig } from '#app/config.ts';
import { demoSignInMessage, seedDemo } from '#app/features/admin/organisations/seed-demo.ts';
import { buildServices } from '#app/services.ts';

const config = loadConfig();
if (!config.seedDemo) {
  process.stderr.write(
    'Demo data is switched off here (production). Set SEED_DEMO=true to allow it.\n',
  );
  process.exit(1);
}
const started = Date.now();
const services = await buildServices(config);
try {
  const summary = await seedDemo(services);
  process.stdout.write(
    `Demo data reset on ${services.database.engine} in ${Date.now() - started} ms: ` +
      `${summary.organisations} organisations, ${summary.accounts} staff accounts, ` +
      `${summary.memberships} roles.\n`,
  );
  process.stdout.write(
    demoSignInMessage(addressForPeople(config, config.publicUrl), config.demoPassword),
  );
} finally {
  await services.close();
}

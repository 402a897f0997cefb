/**
 * `npm run seed:national [-- --scale=1 --seed=2026]`: synthetic national-scale data for
 * benchmarks, on the embedded PostgreSQL server in DATA_DIR (default ./data) or native PostgreSQL at DATABASE_URL.
 * Replaces any earlier synthetic data; leaves the demo and real data alone. Every synthetic
 * account (staff-00001@national.example, platform-admin-1@national.example, ...) has the
 * DEMO_PASSWORD as its password.
 */
import { loadConfig } from '#app/config.ts';
import { openDatabase } from '#platform/db/database.ts';
import { migrate } from '#platform/db/migrate.ts';
import { DEFAULT_SEED, seedNational } from '#app/features/admin/organisations/seed-national.ts';
import { nationalSeeds } from '#app/modules.ts';

const option = (name: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const scale = Number(option('scale') ?? 1);
const seed = Number(option('seed') ?? DEFAULT_SEED);
if (!(scale > 0 && scale <= 100) || !Number.isInteger(seed)) {
  process.stderr.write('Usage: npm run seed:national -- [--scale=1] [--seed=2026]\n');
  process.exit(1);
}

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await migrate(database.db);
  process.stdout.write(
    `Seeding synthetic national data on ${database.engine} (scale ${scale}, seed ${seed}):\n`,
  );
  const summary = await seedNational(database.db, nationalSeeds, {
    scale,
    seed,
    password: config.demoPassword,
    keys: config.encryptionKey,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(
    `Done in ${summary.totalMs} ms: ${summary.organisations} organisations, ` +
      `${summary.accounts} staff accounts, ${summary.memberships} roles.\n` +
      `Synthetic staff sign in as staff-00001@national.example (and so on) or ` +
      `platform-admin-1@national.example with the DEMO_PASSWORD.\n`,
  );
} finally {
  await database.close();
}

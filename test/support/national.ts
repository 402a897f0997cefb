import { seedNational } from '#features/admin';
import { nationalSeeds } from '#app/modules.ts';
import type { TestApp } from './app.ts';

/**
 * The synthetic national data seeded into the test app's database at `scale` (a fraction of
 * scale 1), with every module's seed, the tests' password and the app's encryption key.
 */
export const seedTestNational = (t: TestApp, scale: number) =>
  seedNational(t.services.db, nationalSeeds, {
    scale,
    password: 'national-test-password',
    keys: t.config.encryptionKey,
  });

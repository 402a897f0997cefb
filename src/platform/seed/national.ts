import type { Insertable, Kysely } from 'kysely';
import type { KeyRing } from '../crypto/encryption.ts';
import type { Database } from '../db/database.ts';
import type { DB, OrganisationKind } from '../db/schema.ts';
import { stableUuid, type SeededRandom } from './ids.ts';

/**
 * What the national-scale seed's steps share (`npm run seed:national`): the synthetic nations'
 * ids, the context every module's national seed gets, and a batch writer.
 */
export const NATIONAL_DOMAIN = 'national.example';

/** The two synthetic nations: everything the national seed makes sits below them. */
export const nationalRoots = [0, 1].map((n) => stableUuid(`cyd-national:nation:${n}`));

export interface SeededOrganisation {
  id: string;
  parentId: string | null;
  ancestors: string[];
  kind: OrganisationKind;
}

/** What every step gets: later steps use the organisations and staff made before them. */
export interface NationalContext {
  db: Database;
  random: SeededRandom;
  scale: number;
  passwordHash: string;
  organisations: SeededOrganisation[];
  accounts: { id: string; organisationId: string }[];
  keys: KeyRing | undefined;
}

type Db = Kysely<DB>;

/** PostgreSQL takes at most 65,535 parameters a statement. */
const MAX_PARAMETERS = 65_000;

/** Inserts rows with as many rows a statement as the parameter limit allows (at most 5,000). */
export async function insertInBatches<T extends keyof DB>(
  db: Db,
  table: T,
  rows: Insertable<DB[T]>[],
) {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!).length;
  const size = Math.max(1, Math.min(5_000, Math.floor(MAX_PARAMETERS / columns)));
  for (let i = 0; i < rows.length; i += size) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size))
      .execute();
  }
}

import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** The demo organisations (at and below the demo root), as a subquery for a seed's reset. */
export const demoOrganisations = (trx: Kysely<DB>, demoRoot: string) =>
  trx
    .selectFrom('organisations')
    .select('id')
    .where(sql<boolean>`ancestors && array[${demoRoot}]::uuid[]`);

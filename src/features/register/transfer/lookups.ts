import { sql } from 'kysely';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import type { Language } from '#platform/i18n/i18n.ts';
import { scopeOf } from '#platform/permissions/policy.ts';
import type { OrganisationRef } from './types.ts';
import { inSubtrees } from '#platform/permissions/organisation-in-scope.ts';

export type LookupColumn = 'phone_lookup' | 'email_lookup' | 'dedupe_lookup';

/** The look-ups an import and an export make: organisations, and people already on the register. */

export async function findOrganisation(
  db: Database,
  id: string,
): Promise<OrganisationRef | undefined> {
  const row = await db
    .selectFrom('organisations')
    .select(['id', 'ancestors', 'name_en', 'name_cy'])
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  return row && { id: row.id, ancestors: row.ancestors, nameEn: row.name_en, nameCy: row.name_cy };
}

/** Organisations where the actor may import and export (the first 500 by name). */
export async function organisationsFor(db: Database, actor: Actor, lang: Language) {
  const scope = scopeOf(actor, 'person.transfer');
  if (scope && scope.length === 0) return [];
  const name = lang === 'cy' ? 'name_cy' : 'name_en';
  let query = db
    .selectFrom('organisations')
    .select(['id', 'name_en', 'name_cy'])
    .where('archived_at', 'is', null)
    .orderBy(name)
    .limit(500);
  if (scope) query = query.where(sql<boolean>`ancestors && ${sql.val(scope)}::uuid[]`);
  const rows = await query.execute();
  return rows.map((row) => ({ id: row.id, name: lang === 'cy' ? row.name_cy : row.name_en }));
}

/** Register people the actor can see that match these look-ups: hash → person id. */
export async function registerMatches(
  db: Database,
  actor: Actor,
  column: LookupColumn,
  hashes: string[],
) {
  const found = new Map<string, string>();
  const scope = scopeOf(actor, 'person.view');
  if (scope && scope.length === 0) return found;
  for (let i = 0; i < hashes.length; i += 1000) {
    let query = db
      .selectFrom('people')
      .select(['id', column])
      .where('erased_at', 'is', null)
      .where(column, 'in', hashes.slice(i, i + 1000));
    if (scope) query = query.where(sql<boolean>`scope_ids && ${sql.val(scope)}::uuid[]`);
    for (const row of await query.execute()) {
      const hash = row[column];
      if (hash && !found.has(hash)) found.set(hash, row.id);
    }
  }
  return found;
}

/** How many imports wait for their uploader, and the oldest's id. */
export interface WaitingImports {
  count: number;
  oldest: string | null;
}

/**
 * The imports of `uploader` that wait for them to check the preview and confirm (in
 * organisations of `scope`, where they may still import; null: everywhere): how many, and the
 * oldest, as one value for the home page to count.
 */
export function waitingImports(db: Database, uploader: string, scope: readonly string[] | null) {
  return db
    .selectFrom('person_imports as i')
    .innerJoin('organisations as o', 'o.id', 'i.organisation_id')
    .where('i.created_by', '=', uploader)
    .where('i.status', '=', sql.lit('previewed'))
    .where(inSubtrees(scope))
    .select(
      sql<WaitingImports>`json_build_object('count', count(*),
        'oldest', (array_agg(i.id order by i.created_at))[1])`.as('waiting'),
    )
    .$asScalar();
}

import type { Kysely, Selectable, Updateable } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { GlossaryTermsTable } from './tables.ts';

export type TermRow = Selectable<GlossaryTermsTable>;

export interface TermValues {
  slug: string;
  term_en: string;
  term_cy: string;
  expansion_en: string | null;
  expansion_cy: string | null;
  explanation_en: string;
  explanation_cy: string;
  see_also: string[];
}

/** Every term (the glossary is small: tens to a few hundred terms). */
export const listTerms = (db: Kysely<DB>) => db.selectFrom('glossary_terms').selectAll().execute();

export const findTerm = (db: Kysely<DB>, id: string) =>
  db.selectFrom('glossary_terms').selectAll().where('id', '=', id).executeTakeFirst();

/** Another term already using the slug or either name (case aside). */
export async function clashes(db: Kysely<DB>, values: TermValues, exceptId: string | null) {
  let query = db
    .selectFrom('glossary_terms')
    .select(['slug', 'term_en', 'term_cy'])
    .where((eb) =>
      eb.or([
        eb('slug', '=', values.slug),
        eb(eb.fn('lower', ['term_en']), '=', values.term_en.toLowerCase()),
        eb(eb.fn('lower', ['term_cy']), '=', values.term_cy.toLowerCase()),
      ]),
    );
  if (exceptId) query = query.where('id', '<>', exceptId);
  return query.execute();
}

export const insertTerm = (db: Kysely<DB>, values: TermValues, accountId: string) =>
  db
    .insertInto('glossary_terms')
    .values({ ...values, created_by: accountId, updated_by: accountId })
    .returning('id')
    .executeTakeFirstOrThrow();

export const updateTerm = (db: Kysely<DB>, id: string, values: Updateable<GlossaryTermsTable>) =>
  db
    .updateTable('glossary_terms')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .executeTakeFirst();

export const deleteTerm = (db: Kysely<DB>, id: string) =>
  db.deleteFrom('glossary_terms').where('id', '=', id).executeTakeFirst();

import type { Generated } from 'kysely';
import type { CreatedAt, TextArray, UpdatedAt } from '#platform/db/columns.ts';

/** The jargon buster's terms (migrations/0023_glossary.sql). */
export interface GlossaryTermsTable {
  id: Generated<string>;
  slug: string;
  term_en: string;
  term_cy: string;
  expansion_en: string | null;
  expansion_cy: string | null;
  explanation_en: string;
  explanation_cy: string;
  see_also: TextArray;
  created_by: string | null;
  updated_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

declare module '#platform/db/schema.ts' {
  interface DB {
    glossary_terms: GlossaryTermsTable;
  }
}

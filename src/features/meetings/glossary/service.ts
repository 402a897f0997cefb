import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import { canPlatform } from '#platform/permissions/policy.ts';
import { failed, ok, type Result } from '#platform/validation/index.ts';
import type { GlossaryEntry, Language } from '../jargon/check.ts';
import * as repository from './repository.ts';
import type { TermRow, TermValues } from './repository.ts';

/** A term in one language, as the glossary page shows it. */
export interface Term extends GlossaryEntry {
  /** The A–Z letter it is listed under (Welsh digraphs such as "Ch", "Dd", "Ll" are letters). */
  letter: string;
  seeAlso: { slug: string; term: string }[];
}

/** The alphabets of the A–Z navigation. Welsh has no k, q, v, x, z but does have digraphs. */
export const alphabets: Record<Language, string[]> = {
  en: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''),
  cy: [
    'A',
    'B',
    'C',
    'Ch',
    'D',
    'Dd',
    'E',
    'F',
    'Ff',
    'G',
    'Ng',
    'H',
    'I',
    'J',
    'L',
    'Ll',
    'M',
    'N',
    'O',
    'P',
    'Ph',
    'R',
    'Rh',
    'S',
    'T',
    'Th',
    'U',
    'W',
    'Y',
  ],
};
const WELSH_DIGRAPHS = ['ch', 'dd', 'ff', 'ng', 'll', 'ph', 'rh', 'th'];

/** The letter a term is listed under: its first letter (accents aside), or '#' for a digit. */
export function letterOf(term: string, lang: Language) {
  const plain = term.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  if (lang === 'cy') {
    const digraph = WELSH_DIGRAPHS.find((pair) => plain.startsWith(pair));
    if (digraph) return `${digraph[0]!.toUpperCase()}${digraph.slice(1)}`;
  }
  const first = plain.match(/\p{L}/u)?.[0];
  if (!first) return '#';
  const letter = first.toUpperCase();
  return alphabets[lang].includes(letter) ? letter : '#';
}

const collators = {
  en: new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true }),
  cy: new Intl.Collator('cy', { sensitivity: 'base', numeric: true }),
};

function inLanguage(row: TermRow, lang: Language): GlossaryEntry {
  return {
    id: row.id,
    slug: row.slug,
    term: lang === 'cy' ? row.term_cy : row.term_en,
    expansion: lang === 'cy' ? row.expansion_cy : row.expansion_en,
    explanation: lang === 'cy' ? row.explanation_cy : row.explanation_en,
  };
}

/** Does the term match a search (its name, expansion or explanation, any case or accent)? */
function matches(term: GlossaryEntry, query: string) {
  const fold = (text: string) =>
    text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('en-GB');
  const wanted = fold(query);
  return [term.term, term.expansion ?? '', term.explanation].some((text) =>
    fold(text).includes(wanted),
  );
}

export type TermProblem = 'clash';

/**
 * The jargon buster: bilingual terms read by anyone, changed by platform administrators only
 * (every change audited), and handed to the jargon check in the language of the text.
 */
export function createGlossaryService(deps: { db: Database; audit: AuditLog }) {
  const { db, audit } = deps;

  function authoriseManage(actor: Actor | null): asserts actor is Actor {
    if (!canPlatform(actor, 'platform.manage')) throw new HttpError(actor ? 403 : 404);
  }

  /** The terms in one language, in that language's alphabetical order, optionally searched. */
  async function terms(lang: Language, query?: string): Promise<Term[]> {
    const rows = await repository.listTerms(db);
    const names = new Map(rows.map((row) => [row.slug, inLanguage(row, lang).term]));
    const all = rows
      .map((row) => {
        const entry = inLanguage(row, lang);
        return {
          ...entry,
          letter: letterOf(entry.term, lang),
          seeAlso: row.see_also.flatMap((slug) => {
            const term = names.get(slug);
            return term ? [{ slug, term }] : [];
          }),
        };
      })
      .sort((a, b) => collators[lang].compare(a.term, b.term));
    return query ? all.filter((term) => matches(term, query)) : all;
  }

  /** The glossary as the jargon check needs it, in one language. */
  async function glossaryFor(lang: Language): Promise<GlossaryEntry[]> {
    return (await repository.listTerms(db)).map((row) => inLanguage(row, lang));
  }

  /** A term to change (platform administrators only). */
  async function termToEdit(actor: Actor | null, id: string) {
    authoriseManage(actor);
    const row = await repository.findTerm(db, id);
    if (!row) throw new HttpError(404);
    return row;
  }

  async function clash(values: TermValues, exceptId: string | null): Promise<Result<never> | null> {
    const others = await repository.clashes(db, values, exceptId);
    if (others.length === 0) return null;
    const issues = [];
    if (
      others.some(
        (o) => o.slug === values.slug || o.term_en.toLowerCase() === values.term_en.toLowerCase(),
      )
    )
      issues.push({ field: 'termEn', message: 'glossary:errors.termEn.taken' });
    if (others.some((o) => o.term_cy.toLowerCase() === values.term_cy.toLowerCase()))
      issues.push({ field: 'termCy', message: 'glossary:errors.termCy.taken' });
    return failed(
      issues.length ? issues : [{ field: 'termEn', message: 'glossary:errors.termEn.taken' }],
    );
  }

  async function addTerm(actor: Actor | null, values: TermValues): Promise<Result<{ id: string }>> {
    authoriseManage(actor);
    const clashing = await clash(values, null);
    if (clashing) return clashing;
    const { id } = await db.transaction().execute(async (trx) => {
      const inserted = await repository.insertTerm(trx, values, actor.id);
      await audit.record(
        {
          actorAccountId: actor.id,
          action: 'glossary_term.created',
          subjectType: 'glossary_term',
          subjectId: inserted.id,
          details: { slug: values.slug },
        },
        trx,
      );
      return inserted;
    });
    return ok({ id });
  }

  async function changeTerm(
    actor: Actor | null,
    id: string,
    values: TermValues,
  ): Promise<Result<{ slug: string }>> {
    const before = await termToEdit(actor, id);
    const clashing = await clash(values, id);
    if (clashing) return clashing;
    const changed = (Object.keys(values) as (keyof TermValues)[]).filter(
      (key) => JSON.stringify(values[key]) !== JSON.stringify(before[key]),
    );
    await db.transaction().execute(async (trx) => {
      await repository.updateTerm(trx, id, { ...values, updated_by: actor!.id });
      await audit.record(
        {
          actorAccountId: actor!.id,
          action: 'glossary_term.updated',
          subjectType: 'glossary_term',
          subjectId: id,
          details: { slug: values.slug, fields: changed },
        },
        trx,
      );
    });
    return ok({ slug: values.slug });
  }

  async function removeTerm(actor: Actor | null, id: string) {
    const before = await termToEdit(actor, id);
    await db.transaction().execute(async (trx) => {
      await repository.deleteTerm(trx, id);
      await audit.record(
        {
          actorAccountId: actor!.id,
          action: 'glossary_term.deleted',
          subjectType: 'glossary_term',
          subjectId: id,
          details: { slug: before.slug },
        },
        trx,
      );
    });
    return before;
  }

  return {
    terms,
    glossaryFor,
    termToEdit,
    addTerm,
    changeTerm,
    removeTerm,
    mayManage: (actor: Actor | null) => canPlatform(actor, 'platform.manage'),
  };
}

export type GlossaryService = ReturnType<typeof createGlossaryService>;

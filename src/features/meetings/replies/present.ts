import type { Language } from '#platform/i18n/i18n.ts';
import { choosePapers } from '../papers/choose.ts';
import type { Paper } from '../papers/service.ts';

/**
 * The papers to show a person: each paper once, in the version that suits them best (see
 * choosePapers: their language, then a format they asked for, then the standard one). Draft
 * minutes are never shown.
 */
export const papersFor = (
  papers: readonly Paper[],
  language: Language,
  formats: readonly string[],
) =>
  choosePapers(
    papers.filter((paper) => paper.kind !== 'minutes' || paper.publishedAt),
    language,
    formats,
  ).map((choice) => choice.chosen);

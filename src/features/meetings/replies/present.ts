import type { Language } from '#platform/i18n/i18n.ts';
import type { Paper } from '../papers/service.ts';

/** The formats of a paper a person may have asked for (people.formats), best first. */
const paperFormatsWanted = ['easy_read', 'large_print'] as const;

/**
 * The papers to show a person: each paper once (its versions share a kind and an English
 * title), in the version that suits them best — in their language first, then in a format they
 * asked for (easy read, large print), then the standard one. Draft minutes are never shown.
 */
export function papersFor(
  papers: readonly Paper[],
  language: Language,
  formats: readonly string[],
): Paper[] {
  const wanted = paperFormatsWanted.filter((f) => formats.includes(f));
  const score = (paper: Paper) => {
    const format = wanted.indexOf(paper.format as (typeof wanted)[number]);
    return (
      (paper.language === language ? 100 : 0) +
      (format >= 0 ? 10 - format : paper.format === 'standard' ? 1 : 0)
    );
  };
  const best = new Map<string, Paper>();
  for (const paper of papers) {
    if (paper.kind === 'minutes' && !paper.publishedAt) continue;
    const key = `${paper.kind}\u0000${paper.titleEn.trim().toLowerCase()}`;
    const chosen = best.get(key);
    if (!chosen || score(paper) > score(chosen)) best.set(key, paper);
  }
  return [...best.values()];
}

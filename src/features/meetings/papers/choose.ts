import type { Paper } from './service.ts';

/**
 * Which version of each paper a person gets: a Welsh and an English version, or a large-print
 * or easy-read one, are separate uploads with the same title. Papers are grouped by kind and
 * English title; in each group the person's language comes first, then a format they asked for
 * (easy read, large print), then the standard one, then the newest. The other versions are
 * offered beside it.
 */

export interface PaperChoice {
  chosen: Paper;
  others: Paper[];
}

/** The formats on a person's record that a paper can be in. */
const paperFormatsWanted = (formats: readonly string[]) =>
  new Set<string>(formats.filter((f) => f === 'easy_read' || f === 'large_print'));

export function choosePapers(
  papers: readonly Paper[],
  language: 'en' | 'cy',
  formats: readonly string[],
): PaperChoice[] {
  const wanted = paperFormatsWanted(formats);
  const score = (paper: Paper) =>
    (paper.language === language ? 4 : 0) +
    (wanted.has(paper.format) ? 2 : paper.format === 'standard' ? 1 : 0);
  const groups = new Map<string, Paper[]>();
  for (const paper of papers) {
    const key = `${paper.kind} ${paper.titleEn.trim().toLocaleLowerCase('en-GB')}`;
    const group = groups.get(key);
    if (group) group.push(paper);
    else groups.set(key, [paper]);
  }
  return [...groups.values()].map((group) => {
    const ranked = [...group].sort(
      (a, b) => score(b) - score(a) || b.uploadedAt.getTime() - a.uploadedAt.getTime(),
    );
    const [chosen, ...others] = ranked as [Paper, ...Paper[]];
    return { chosen, others };
  });
}

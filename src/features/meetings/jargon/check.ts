import { syllable } from 'syllable';

/**
 * The jargon check: which glossary terms a text uses, which acronyms it leaves unexplained,
 * which sentences are long, and how easy it is to read. Pure functions, no database: the
 * glossary is passed in, so a paper's check costs only the text's length.
 */
export type Language = 'en' | 'cy';

/** A glossary term as the check needs it. */
export interface GlossaryEntry {
  id: string;
  /** Anchor on /glossary. */
  slug: string;
  term: string;
  /** What the acronym stands for (null when the term is not one). */
  expansion: string | null;
  explanation: string;
}

export interface LongSentence {
  text: string;
  words: number;
}

export type ReadabilityLabel =
  | 'veryEasy'
  | 'easy'
  | 'fairlyEasy'
  | 'standard'
  | 'fairlyDifficult'
  | 'difficult'
  | 'veryDifficult';

export interface Readability {
  words: number;
  sentences: number;
  averageSentenceLength: number;
  /** Share of sentences over the long-sentence limit, 0–100. */
  longSentenceShare: number;
  /** Flesch reading ease (English only; null for Welsh, which has no such formula). */
  fleschReadingEase: number | null;
  /** English: from the Flesch score; Welsh: from the average sentence length and the long share. */
  label: ReadabilityLabel | null;
}

export interface CheckResult {
  language: Language;
  /** Glossary terms the text uses, in the order they first appear. */
  terms: GlossaryEntry[];
  /** Acronyms neither expanded in the text nor in the glossary, with how often they appear. */
  acronyms: { acronym: string; count: number }[];
  longSentences: LongSentence[];
  readability: Readability;
}

/** Sentences of more words than this are long (Plain English Campaign: 15–20 on average, none over 25). */
export const LONG_SENTENCE_WORDS = 25;
/** At most this many long sentences are quoted back; the count covers all. */
const QUOTED_LONG_SENTENCES = 50;
/** Texts are checked up to this many characters (a 20-page paper is ~50,000). */
export const MAX_CHECK_CHARS = 1_000_000;

/** 2–6 capital letters (Welsh capitals too), optionally with a lower-case plural s. */
const ACRONYM = /(?<![\p{L}\p{N}])(\p{Lu}{2,6})s?(?![\p{L}\p{N}])/gu;
/** Acronyms everyone reads without help, or Roman numerals: never flagged. */
const COMMON = new Set(['UK', 'OK', 'TV', 'NHS', 'GP', 'AM', 'PM', 'II', 'III', 'IV', 'VI', 'I']);
/** "Area Planning Board (APB)" or "APB (Area Planning Board)". */
const EXPANDED_AFTER = /\(\s*(\p{Lu}{2,6})s?\s*\)/gu;
const EXPANDED_BEFORE = /(?<![\p{L}\p{N}])(\p{Lu}{2,6})s?\s*\(\s*\p{L}[^()]{3,80}\)/gu;

/** Capitals next to another word in capitals ("PLEASE NOTE"): a shouted heading, not an acronym. */
function inShoutedRun(text: string, at: number, length: number) {
  const before = /(?:^|[^\p{L}])\p{Lu}{2,}[ \t]+$/u.test(text.slice(Math.max(0, at - 30), at));
  const after = /^[ \t]+\p{Lu}{2,}(?:[^\p{L}]|$)/u.test(text.slice(at + length, at + length + 30));
  return before || after;
}

const segmenters = new Map<string, { sentences: Intl.Segmenter; words: Intl.Segmenter }>();
function segmenterFor(lang: Language) {
  let pair = segmenters.get(lang);
  if (!pair) {
    pair = {
      sentences: new Intl.Segmenter(lang, { granularity: 'sentence' }),
      words: new Intl.Segmenter(lang, { granularity: 'word' }),
    };
    segmenters.set(lang, pair);
  }
  return pair;
}

/** The words of a sentence (word-like segments: no punctuation, no spaces). */
function wordsOf(text: string, lang: Language) {
  const words: string[] = [];
  for (const segment of segmenterFor(lang).words.segment(text))
    if (segment.isWordLike) words.push(segment.segment);
  return words;
}

/**
 * The sentences of a text. Line breaks between blocks (headings, list items, table cells) end a
 * sentence too: a heading without a full stop is not part of the paragraph under it.
 */
export function sentencesOf(text: string, lang: Language): string[] {
  const sentences: string[] = [];
  const { sentences: segmenter } = segmenterFor(lang);
  for (const block of text.split(/\n\s*\n|\r?\n(?=\s*(?:[-•*–]|\d+[.)])\s)|\r?\n(?=\s*\p{Lu})/u)) {
    const flat = block.replace(/\s+/g, ' ').trim();
    if (!flat) continue;
    for (const segment of segmenter.segment(flat)) {
      const sentence = segment.segment.trim();
      if (sentence) sentences.push(sentence);
    }
  }
  return sentences;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A pattern finding a term as whole words, any case (acronyms: exact case). */
function termPattern(term: string) {
  const isAcronym = /^\p{Lu}{2,6}$/u.test(term);
  const body = escapeRegExp(term).replace(/\s+/g, '\\s+').replace(/-/g, '[-‐‑ ]?');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, isAcronym ? 'u' : 'iu');
}
const patterns = new Map<string, RegExp>();
function patternOf(term: string) {
  let pattern = patterns.get(term);
  if (!pattern) {
    pattern = termPattern(term);
    if (patterns.size > 5_000) patterns.clear();
    patterns.set(term, pattern);
  }
  return pattern;
}

function fleschLabel(score: number): ReadabilityLabel {
  if (score >= 90) return 'veryEasy';
  if (score >= 80) return 'easy';
  if (score >= 70) return 'fairlyEasy';
  if (score >= 60) return 'standard';
  if (score >= 50) return 'fairlyDifficult';
  if (score >= 30) return 'difficult';
  return 'veryDifficult';
}

/**
 * Welsh has no tested reading-ease formula: the label comes from sentence length alone (an
 * average of 15 words or fewer reads easily; over 25 is hard), made one step harder when more
 * than a fifth of the sentences are long.
 */
function welshLabel(average: number, longShare: number): ReadabilityLabel {
  const steps: ReadabilityLabel[] = [
    'easy',
    'fairlyEasy',
    'standard',
    'fairlyDifficult',
    'difficult',
    'veryDifficult',
  ];
  let step =
    average <= 12
      ? 0
      : average <= 15
        ? 1
        : average <= 18
          ? 2
          : average <= 21
            ? 3
            : average <= 25
              ? 4
              : 5;
  if (longShare > 20) step = Math.min(step + 1, steps.length - 1);
  return steps[step]!;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** Checks a text against the glossary in the language given. */
export function checkText(
  text: string,
  lang: Language,
  glossary: readonly GlossaryEntry[],
): CheckResult {
  const source = text.length > MAX_CHECK_CHARS ? text.slice(0, MAX_CHECK_CHARS) : text;
  const normalised = source.normalize('NFC');

  // Glossary terms used, in the order they first appear.
  const found: { entry: GlossaryEntry; at: number }[] = [];
  for (const entry of glossary) {
    const match = patternOf(entry.term).exec(normalised);
    const expansionAt = entry.expansion ? patternOf(entry.expansion).exec(normalised) : null;
    const at = Math.min(match?.index ?? Infinity, expansionAt?.index ?? Infinity);
    if (at !== Infinity) found.push({ entry, at });
  }
  found.sort((a, b) => a.at - b.at);

  // Acronyms: expanded in the text, or explained by the glossary, are fine.
  const explained = new Set<string>();
  for (const match of normalised.matchAll(EXPANDED_AFTER)) explained.add(match[1]!);
  for (const match of normalised.matchAll(EXPANDED_BEFORE)) explained.add(match[1]!);
  // a glossary term is explained by the glossary: the acronym itself (WEDINOS) or one with its
  // expansion given
  for (const entry of glossary) {
    if (/^\p{Lu}{2,6}$/u.test(entry.term) || entry.expansion)
      explained.add(entry.term.toUpperCase());
  }
  const counts = new Map<string, number>();
  for (const match of normalised.matchAll(ACRONYM)) {
    const acronym = match[1]!;
    if (COMMON.has(acronym) || explained.has(acronym)) continue;
    if (inShoutedRun(normalised, match.index, match[0].length)) continue;
    counts.set(acronym, (counts.get(acronym) ?? 0) + 1);
  }
  const acronyms = [...counts].map(([acronym, count]) => ({ acronym, count }));

  // Sentences and readability.
  const sentences = sentencesOf(normalised, lang);
  let words = 0;
  let syllables = 0;
  let counted = 0;
  let longCount = 0;
  const longSentences: LongSentence[] = [];
  for (const sentence of sentences) {
    const sentenceWords = wordsOf(sentence, lang);
    if (sentenceWords.length === 0) continue;
    counted += 1;
    words += sentenceWords.length;
    if (lang === 'en') for (const word of sentenceWords) syllables += Math.max(1, syllable(word));
    if (sentenceWords.length > LONG_SENTENCE_WORDS) {
      longCount += 1;
      if (longSentences.length < QUOTED_LONG_SENTENCES)
        longSentences.push({ text: sentence, words: sentenceWords.length });
    }
  }
  const average = counted ? words / counted : 0;
  const longShare = counted ? (longCount / counted) * 100 : 0;
  const flesch =
    lang === 'en' && words > 0
      ? Math.max(0, Math.min(121, 206.835 - 1.015 * average - 84.6 * (syllables / words)))
      : null;
  return {
    language: lang,
    terms: found.map(({ entry }) => entry),
    acronyms,
    longSentences,
    readability: {
      words,
      sentences: counted,
      averageSentenceLength: round1(average),
      longSentenceShare: Math.round(longShare),
      fleschReadingEase: flesch === null ? null : round1(flesch),
      label:
        words === 0 ? null : flesch !== null ? fleschLabel(flesch) : welshLabel(average, longShare),
    },
  };
}

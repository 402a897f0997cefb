import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n, type TFunction } from 'i18next';

export const languages = ['en', 'cy'] as const;
export type Language = (typeof languages)[number];
export const isLanguage = (value: unknown): value is Language => value === 'en' || value === 'cy';

/**
 * Words kept in English and Welsh, in the reader's language: the Welsh when reading Welsh and
 * there is some, otherwise the English ('' when there is neither).
 */
export const local = (lang: string, en: string | null | undefined, cy: string | null | undefined) =>
  (lang === 'cy' && cy ? cy : en) ?? '';

export const localesDir = path.resolve(import.meta.dirname, '../../../locales');

/** Reads locales/<lang>/<namespace>.json into i18next resources. */
export function loadResources() {
  const resources: Record<string, Record<string, unknown>> = {};
  for (const lang of languages) {
    const dir = path.join(localesDir, lang);
    resources[lang] = Object.fromEntries(
      fs
        .readdirSync(dir)
        .filter((file) => file.endsWith('.json'))
        .map((file) => [
          path.basename(file, '.json'),
          JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as unknown,
        ]),
    );
  }
  return resources;
}

export function createI18n() {
  const resources = loadResources();
  const instance = i18next.createInstance();
  void instance.init({
    initAsync: false,
    resources: resources as never,
    lng: 'en',
    fallbackLng: false,
    supportedLngs: [...languages],
    ns: Object.keys(resources.en ?? {}),
    defaultNS: 'common',
    nsSeparator: ':',
    keySeparator: '.',
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  const fixed = Object.fromEntries(languages.map((lang) => [lang, cachedT(instance, lang)]));
  return {
    instance,
    /** The language's t, made once: pages call it hundreds of times per response. */
    t: (lang: Language): TFunction => fixed[lang]!,
  };
}

export type I18n = ReturnType<typeof createI18n>;

/**
 * i18next's fixed t copies its whole options object on every call (a profiled page spent ~40% of
 * its rendering there; one "signed in as {{name}}" in the header was still 12 % of a list page's).
 * A key asked for with the same numbers and flags always gives the same text, and words put into
 * it (names and the like) go where their markers were: so each answer is asked of i18next once
 * and remembered; anything else (objects, i18next's own options as strings) goes to i18next.
 */
function cachedT(instance: i18n, lang: Language): TFunction {
  const fixedT = instance.getFixedT(lang) as unknown as Untyped;
  const texts = new Map<string, string>();
  const t = (key: unknown, ...rest: unknown[]) => {
    const call = typeof key === 'string' ? cacheableCall(key, rest) : null;
    if (call === null) return fixedT(key, ...rest);
    let text = texts.get(call.cacheKey);
    if (text === undefined) {
      text = fixedT(key, ...call.args) as string;
      // bounded, in case a key is ever built from input
      if (texts.size < MAX_CACHED && typeof text === 'string') texts.set(call.cacheKey, text);
    }
    // names and other words put into the text: its answer was made with a marker for each
    for (const [name, value] of call.words) text = text.split(marker(name)).join(value);
    return text;
  };
  return Object.assign(t, { lng: lang }) as unknown as TFunction;
}

/** Options i18next reads itself rather than putting into the text. */
const OWN_OPTIONS = new Set([
  'context',
  'count',
  'ns',
  'lng',
  'lngs',
  'replace',
  'returnObjects',
  'returnDetails',
  'joinArrays',
  'keySeparator',
  'nsSeparator',
  'fallbackLng',
  'postProcess',
  'interpolation',
  'ordinal',
]);
const marker = (name: string) => `\u0000${name}\u0000`;

/**
 * How to remember a call: its answer depends on its key, numbers and flags (part of the cache
 * key), and words put into the text (`{{name}}`: asked once with a marker in their place, which
 * each call replaces; values are not escaped, as `escapeValue: false` says). Null: ask i18next.
 */
function cacheableCall(
  key: string,
  rest: unknown[],
): { cacheKey: string; args: unknown[]; words: [string, string][] } | null {
  if (rest.length === 0) return { cacheKey: key, args: rest, words: [] };
  const options = rest[0];
  if (rest.length > 1 || !options || typeof options !== 'object') return null;
  let cacheKey = key;
  let marked: Record<string, unknown> | undefined;
  const words: [string, string][] = [];
  for (const [name, value] of Object.entries(options as Record<string, unknown>)) {
    if (
      typeof value === 'number' ||
      typeof value === 'boolean' ||
      (name.startsWith('defaultValue') && typeof value === 'string')
    ) {
      cacheKey += `\u0000${name}=${String(value)}`;
    } else if (typeof value === 'string' && !OWN_OPTIONS.has(name)) {
      cacheKey += `\u0000${name}`;
      words.push([name, value]);
      (marked ??= { ...(options as Record<string, unknown>) })[name] = marker(name);
    } else if (name === 'replace' && isWords(value)) {
      // words i18next puts into the text instead of the options' own (the home page's "99+",
      // in the plural of 100): marked as above, with markers of their own, so whichever of the
      // two i18next puts in, the right word follows
      const replace: Record<string, string> = {};
      cacheKey += '\u0000replace';
      for (const [word, text] of Object.entries(value)) {
        cacheKey += `\u0000replace.${word}`;
        words.push([`replace.${word}`, text]);
        replace[word] = marker(`replace.${word}`);
      }
      (marked ??= { ...(options as Record<string, unknown>) }).replace = replace;
    } else {
      return null;
    }
  }
  return { cacheKey, args: marked ? [marked] : rest, words };
}
/** A plain object of strings only (`replace`'s words). */
const isWords = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' &&
  value !== null &&
  Object.getPrototypeOf(value) === Object.prototype &&
  Object.values(value).every((text) => typeof text === 'string');
type Untyped = (...args: unknown[]) => unknown;
const MAX_CACHED = 20_000;

import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n, type TFunction } from 'i18next';

export const languages = ['en', 'cy'] as const;
export type Language = (typeof languages)[number];
export const isLanguage = (value: unknown): value is Language => value === 'en' || value === 'cy';

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
 * its rendering there). A key asked for without options, or with options that are only numbers,
 * booleans and a default (counts, not names), always gives the same text, so that answer is
 * remembered; other calls (interpolating names and the like) go to i18next as before.
 */
function cachedT(instance: i18n, lang: Language): TFunction {
  const fixedT = instance.getFixedT(lang) as unknown as Untyped;
  const texts = new Map<string, string>();
  const t = (key: unknown, ...rest: unknown[]) => {
    const cacheKey = typeof key === 'string' ? cacheKeyOf(key, rest) : null;
    if (cacheKey === null) return fixedT(key, ...rest);
    let text = texts.get(cacheKey);
    if (text === undefined) {
      text = fixedT(key, ...rest) as string;
      // bounded, in case a key is ever built from input
      if (texts.size < MAX_CACHED && typeof text === 'string') texts.set(cacheKey, text);
    }
    return text;
  };
  return Object.assign(t, { lng: lang }) as unknown as TFunction;
}

/** The cache key for a call whose answer depends only on its key and numbers, else null. */
function cacheKeyOf(key: string, rest: unknown[]): string | null {
  if (rest.length === 0) return key;
  const options = rest[0];
  if (rest.length > 1 || !options || typeof options !== 'object') return null;
  let cacheKey = key;
  for (const [name, value] of Object.entries(options as Record<string, unknown>)) {
    const cacheable =
      typeof value === 'number' ||
      typeof value === 'boolean' ||
      (name === 'defaultValue' && typeof value === 'string');
    if (!cacheable) return null;
    cacheKey += `\u0000${name}=${String(value)}`;
  }
  return cacheKey;
}
type Untyped = (...args: unknown[]) => unknown;
const MAX_CACHED = 20_000;

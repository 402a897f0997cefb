import fs from 'node:fs';
import path from 'node:path';
import i18next, { type TFunction } from 'i18next';

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
  return {
    instance,
    t: (lang: Language): TFunction => instance.getFixedT(lang),
  };
}

export type I18n = ReturnType<typeof createI18n>;

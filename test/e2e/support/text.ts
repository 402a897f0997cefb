import fs from 'node:fs';
import path from 'node:path';

export type Language = 'en' | 'cy';

const root = path.resolve(import.meta.dirname, '../../..');
const cache = new Map<string, unknown>();

/**
 * The text a page should show, read from the same locale files the app uses, so a copy change
 * does not break the journeys: `text('cy', 'pages:accessibility.title')`. Interpolation
 * (`{{name}}`) is left in place; use a prefix with `textBefore` for those.
 */
export function text(lang: Language, key: string): string {
  const [namespace, dotted] = key.split(':') as [string, string];
  const file = path.join(root, 'locales', lang, `${namespace}.json`);
  if (!cache.has(file)) cache.set(file, JSON.parse(fs.readFileSync(file, 'utf8')));
  let value: unknown = cache.get(file);
  for (const part of dotted.split('.')) value = (value as Record<string, unknown>)[part];
  if (typeof value !== 'string') throw new Error(`No ${lang} text for ${key}`);
  return value;
}

/** The text of a key up to its first interpolation, e.g. "Signed in as ". */
export function textBefore(lang: Language, key: string): string {
  return text(lang, key).split('{{')[0]!;
}

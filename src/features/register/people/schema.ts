/**
 * Validation at the edge for the involvement register. Every form arrives as
 * `Record<string, string | string[]>`; the schemas turn it into clean, normalised values.
 * Messages are translation keys in locales/<lang>/people.json.
 */
export * from './schema/fields.ts';
export * from './schema/steps.ts';
export * from './schema/sections.ts';
export * from './schema/query.ts';

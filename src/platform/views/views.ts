import path from 'node:path';
import nunjucks from 'nunjucks';
import { rootDir, type Manifest } from './assets.ts';

/** One Nunjucks environment: govuk-frontend's templates, the shared layout and feature views. */
export function createViews(manifest: Manifest, options: { watch?: boolean } = {}) {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader(
      [
        path.join(rootDir, 'node_modules/govuk-frontend/dist'),
        path.join(rootDir, 'src/platform/views'),
        path.join(rootDir, 'src/features'),
      ],
      { noCache: options.watch ?? false, watch: false },
    ),
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  );
  env.addGlobal('asset', (name: string) => `/assets/${manifest[name] ?? name}`);
  env.addFilter('date', (value: Date | string | null | undefined, lang: string) =>
    value ? formatDate(value, lang) : '',
  );
  env.addFilter('dateTime', (value: Date | string | null | undefined, lang: string) =>
    value ? formatDateTime(value, lang) : '',
  );
  return {
    render: (template: string, context: object) => env.render(template, context),
  };
}

export type Views = ReturnType<typeof createViews>;

const locale = (lang: string) => (lang === 'cy' ? 'cy-GB' : 'en-GB');

/**
 * Formatters are costly to make (a list page made one per row: ~4% of its time), so one per
 * language and style is kept.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
export function dateTimeFormat(lang: string, style: string, options: Intl.DateTimeFormatOptions) {
  const key = `${locale(lang)} ${style}`;
  let format = formatters.get(key);
  if (!format) formatters.set(key, (format = new Intl.DateTimeFormat(locale(lang), options)));
  return format;
}

export function formatDate(value: Date | string, lang: string) {
  return dateTimeFormat(lang, 'date', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  }).format(new Date(value));
}

export function formatDateTime(value: Date | string, lang: string) {
  return dateTimeFormat(lang, 'dateTime', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  }).format(new Date(value));
}

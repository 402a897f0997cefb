import path from 'node:path';
import nunjucks from 'nunjucks';
import { rootDir, type Manifest } from './assets.ts';

/**
 * `{% from "x.njk" import y %}` (without context) runs x.njk's top level again on every render
 * to make its macros, and every govuk-frontend component does it again for `govukAttributes` on
 * each call: a third of a page's rendering. Macros imported without context do not depend on the
 * page, so each template's are made once and kept (per template object: a reloaded template makes
 * its own). Rendering is synchronous, and a macro restores its frame when it returns.
 */
type Exported = (ctx: unknown, parentFrame?: unknown, cb?: unknown) => unknown;
const TemplateClass = (
  nunjucks as unknown as { Template: { prototype: { getExported: Exported } } }
).Template;
const getExported = TemplateClass.prototype.getExported;
const exportedOf = new WeakMap<object, unknown>();
TemplateClass.prototype.getExported = function (this: object, ctx, parentFrame, cb) {
  // with context (`import ... with context`): as nunjucks does it
  if (typeof ctx !== 'function') return getExported.call(this, ctx, parentFrame, cb);
  const done = ctx as (err: unknown, exported?: unknown) => void;
  if (exportedOf.has(this)) return done(null, exportedOf.get(this));
  return getExported.call(this, (err: unknown, exported: unknown) => {
    if (!err) exportedOf.set(this, exported);
    done(err, exported);
  });
};

/**
 * Every `{% set %}` and macro argument goes through `Frame.set`, which splits the name on dots
 * (for `a.b = …`) each time: names without a dot are set directly, and a `for` loop's seven
 * `loop.index`, `loop.first`… on every turn (12 % of a list page's rendering) use the name's
 * parts found once (the names are the compiled templates' own, so they are few).
 */
interface FrameLike {
  variables: Record<string, unknown>;
  resolve(name: string, forWrite: boolean): FrameLike | undefined;
}
type FrameSet = (this: FrameLike, name: string, value: unknown, resolveUp?: boolean) => void;
const FrameClass = (nunjucks as unknown as { runtime: { Frame: { prototype: { set: FrameSet } } } })
  .runtime.Frame;
const frameSet = FrameClass.prototype.set;
const partsOf = new Map<string, readonly [string, string] | null>();
FrameClass.prototype.set = function (name, value, resolveUp) {
  let parts = partsOf.get(name);
  if (parts === undefined) {
    const split = name.split('.');
    partsOf.set(name, (parts = split.length === 2 ? [split[0]!, split[1]!] : null));
  }
  if (parts && !resolveUp) {
    const [head, key] = parts;
    const object = (this.variables[head] ||= {}) as Record<string, unknown>;
    object[key] = value;
    return;
  }
  if (name.includes('.')) return frameSet.call(this, name, value, resolveUp);
  const frame = (resolveUp && this.resolve(name, true)) || this;
  frame.variables[name] = value;
};

/** One Nunjucks environment: govuk-frontend's templates, the shared layout and feature views. */
export function createViews(manifest: Manifest, options: { watch?: boolean } = {}) {
  const loader = new nunjucks.FileSystemLoader(
    [
      path.join(rootDir, 'node_modules/govuk-frontend/dist'),
      path.join(rootDir, 'src/platform/views'),
      path.join(rootDir, 'src/features'),
    ],
    { noCache: options.watch ?? false, watch: false },
  );
  // A relative name ("./template.njk" in every govuk-frontend macro) was resolved against its
  // parent's path on each include: the same few pairs, so each is worked out once.
  const resolve = loader.resolve.bind(loader);
  const resolved = new Map<string, Map<string, string>>();
  loader.resolve = (from: string, to: string) => {
    let fromHere = resolved.get(from);
    if (!fromHere) resolved.set(from, (fromHere = new Map<string, string>()));
    let full = fromHere.get(to);
    if (full === undefined) fromHere.set(to, (full = resolve(from, to)));
    return full;
  };
  const env = new nunjucks.Environment(loader, {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
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

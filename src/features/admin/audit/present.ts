import type { TFunction } from 'i18next';
import type { I18n, Language } from '#platform/i18n/i18n.ts';
import { dateTimeFormat } from '#platform/views/views.ts';
import { ACTION_CODE } from './schema.ts';

/** A time (to the second unless told otherwise), in Europe/London, in the page's language. */
export function formatTime(value: Date, lang: Language, { seconds = true } = {}) {
  return dateTimeFormat(lang, seconds ? 'audit-seconds' : 'audit-minutes', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' as const } : {}),
    hourCycle: 'h23',
    timeZone: 'Europe/London',
  }).format(value);
}

/** An action in plain words when Cyd knows it; otherwise null (the page shows the code). */
export function actionLabel(t: TFunction, action: string): string | null {
  if (!ACTION_CODE.test(action)) return null;
  let labels = labelCache.get(t);
  if (!labels) labelCache.set(t, (labels = new Map<string, string | null>()));
  let label = labels.get(action);
  if (label === undefined) {
    const text = t(`audit:actions.${action}`, { defaultValue: '' });
    label = typeof text === 'string' && text !== '' ? text : null;
    // the codes are Cyd's own (ACTION_CODE), a bounded set
    if (labels.size < 5_000) labels.set(action, label);
  }
  return label;
}
/** Labels by language (one t per language): a page of entries asks for the same few. */
const labelCache = new WeakMap<TFunction, Map<string, string | null>>();

/** Every action with a translation, for the filter's list, by label (made once per language). */
export function knownActions(
  i18n: I18n,
  t: TFunction,
  lang: Language,
): readonly { code: string; label: string }[] {
  const known = knownCache.get(t);
  if (known) return known;
  const tree = i18n.instance.getResource(lang, 'audit', 'actions') as unknown;
  const codes: string[] = [];
  const walk = (node: unknown, prefix: string) => {
    if (typeof node === 'string') codes.push(prefix);
    else if (node && typeof node === 'object')
      for (const [key, child] of Object.entries(node))
        walk(child, prefix ? `${prefix}.${key}` : key);
  };
  walk(tree, '');
  const collator = new Intl.Collator(lang === 'cy' ? 'cy' : 'en');
  const actions = codes
    .map((code) => ({ code, label: actionLabel(t, code) ?? code }))
    .sort((a, b) => collator.compare(a.label, b.label));
  knownCache.set(t, actions);
  return actions;
}
const knownCache = new WeakMap<TFunction, readonly { code: string; label: string }[]>();

/** Query string for the list with these filters (and a page cursor). */
export function listHref(query: Record<string, string | undefined>, page: Record<string, number>) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value && key !== 'before' && key !== 'after') params.set(key, value);
  for (const [key, value] of Object.entries(page)) params.set(key, String(value));
  const search = params.toString();
  return search ? `?${search}` : '';
}

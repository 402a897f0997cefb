import type { TFunction } from 'i18next';
import type { I18n, Language } from '#platform/i18n/i18n.ts';
import { ACTION_CODE } from './schema.ts';

/** A time (to the second unless told otherwise), in Europe/London, in the page's language. */
export function formatTime(value: Date, lang: Language, { seconds = true } = {}) {
  return new Intl.DateTimeFormat(lang === 'cy' ? 'cy-GB' : 'en-GB', {
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
  const label = t(`audit:actions.${action}`, { defaultValue: '' });
  return typeof label === 'string' && label !== '' ? label : null;
}

/** Every action with a translation, for the filter's list, by label. */
export function knownActions(i18n: I18n, t: TFunction, lang: Language) {
  const tree = i18n.instance.getResource(lang, 'audit', 'actions') as unknown;
  const codes: string[] = [];
  const walk = (node: unknown, prefix: string) => {
    if (typeof node === 'string') codes.push(prefix);
    else if (node && typeof node === 'object')
      for (const [key, child] of Object.entries(node))
        walk(child, prefix ? `${prefix}.${key}` : key);
  };
  walk(tree, '');
  return codes
    .map((code) => ({ code, label: actionLabel(t, code) ?? code }))
    .sort((a, b) => a.label.localeCompare(b.label, lang === 'cy' ? 'cy' : 'en'));
}

/** Query string for the list with these filters (and a page cursor). */
export function listHref(query: Record<string, string | undefined>, page: Record<string, number>) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value && key !== 'before' && key !== 'after') params.set(key, value);
  for (const [key, value] of Object.entries(page)) params.set(key, String(value));
  const search = params.toString();
  return search ? `?${search}` : '';
}

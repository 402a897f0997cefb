import type { TFunction } from 'i18next';
import { rungKey } from '../tables.ts';
import type { ListedRecord } from './repository.ts';
import type { FieldErrors } from './schema.ts';

/** How involvement records and forms are shown (shared by the staff and portal pages). */
type Named = { nameEn: string; nameCy: string };
export const nameIn = (o: Named, lang: string) => (lang === 'cy' ? o.nameCy : o.nameEn);
export const titleIn = (o: { titleEn: string | null; titleCy: string | null }, lang: string) =>
  (lang === 'cy' ? o.titleCy : o.titleEn) ?? null;

/** Field errors as the GOV.UK macros want them: inline messages and the error summary. */
export function errorsForView(
  t: TFunction,
  errors: FieldErrors,
  hrefs: Record<string, string> = {},
) {
  const inline: Record<string, { text: string }> = {};
  const errorList: { text: string; href: string }[] = [];
  for (const [name, key] of Object.entries(errors)) {
    const text = t(key);
    inline[name] = { text };
    errorList.push({ text, href: hrefs[name] ?? `#${name}` });
  }
  return { errors: inline, errorList };
}

/** A record as the tables show it (in the page's language). */
export function recordRow(t: TFunction, lang: string, r: ListedRecord) {
  return {
    ...r,
    name: r.erased ? t('records:erasedPerson') : r.displayName,
    what: titleIn(r, lang) ?? t(`involvement:methods.${r.method}`),
    rungName: t(`involvement:rungs.${rungKey(r.rung)}.name`),
    levelName: t(`involvement:levels.${r.level}.name`),
    methodName: t(`involvement:methods.${r.method}`),
    roleName: t(`involvement:roles.${r.role}`),
    organisation: nameIn({ nameEn: r.organisationNameEn, nameCy: r.organisationNameCy }, lang),
  };
}

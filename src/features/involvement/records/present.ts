import type { TFunction } from 'i18next';
import { rungKey } from '../tables.ts';
import type { ListedRecord } from './repository.ts';

/** How involvement records and forms are shown (shared by the staff and portal pages). */
type Named = { nameEn: string; nameCy: string };
export const nameIn = (o: Named, lang: string) => (lang === 'cy' ? o.nameCy : o.nameEn);
export const titleIn = (o: { titleEn: string | null; titleCy: string | null }, lang: string) =>
  (lang === 'cy' ? o.titleCy : o.titleEn) ?? null;

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

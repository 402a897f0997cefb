import type { TFunction } from 'i18next';
import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { formatDate, formatDateTime } from '#platform/views/views.ts';
import {
  organisationNames,
  type NameSource,
  type PersonalDataPage,
  type PersonalDataTable,
} from '#platform/modules/contract.ts';
import type { SubjectAccessExport } from './service.ts';

/**
 * The subject access export as the person reads it (issue 13, item 6): every value in words, in
 * their language, with names instead of ids. Internal references (ids of rows, of messages at
 * the provider, of other people) stay in the data file; the printed page leaves them out.
 */

type Row = Record<string, unknown>;

/** An English and a Welsh name for something the export refers to by id. */
interface Named {
  en: string;
  cy: string;
}

/** The names the page shows for ids in the export, by where they are kept (`sourceKey`). */
export type SubjectAccessNames = Map<string, Map<string, Named>>;

/** How each section of the export is shown, by its name. */
export type SectionPages = ReadonlyMap<string, PersonalDataPage>;

/** The audit entries about the person: a section of every export, kept by the platform. */
const auditPage: PersonalDataPage = {
  namespace: 'rights',
  hidden: ['details'],
  staff: ['actor'],
  codes: { action: 'audit:actions' },
};

/** Columns of every table: internal references, and the organisation a row belongs to. */
const HIDDEN = new Set(['id', 'person_id', 'version']);
const COMMON_NAMES: Record<string, NameSource> = { organisation_id: organisationNames };

/** A section's page with the names every table has (its organisation) added to its own. */
const withCommonNames = (page: PersonalDataPage): PersonalDataPage => ({
  ...page,
  names: { ...COMMON_NAMES, ...page.names },
});

/** Each section's page, as its module declared it (`personalData` in module.ts). */
export function sectionPages(tables: readonly PersonalDataTable[]): SectionPages {
  return new Map(
    [
      ...tables.map((table) => [table.section, table.page] as const),
      ['audit', auditPage] as const,
    ].map(([section, page]) => [section, withCommonNames(page)]),
  );
}

/** The page of a section no module declared: the register's words, names of organisations. */
const fallbackPage = withCommonNames({ namespace: 'rights' });

const sourceKey = (source: NameSource) => `${source.table}.${source.en}.${source.cy ?? source.en}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE = /^[a-z][a-z0-9]*(?:[_.][a-z0-9]+)+$|^[a-z]+$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^(\d{2}:\d{2})(?::\d{2})?$/;

const idsIn = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter(
    (id): id is string => typeof id === 'string' && UUID.test(id),
  );

const rowsOf = (content: SubjectAccessExport['sections'][string]): Row[] =>
  typeof content === 'number' ? [] : Array.isArray(content) ? content : [content];

/** Looks up the names of everything the export refers to by id: a query for each kind. */
export async function namesForExport(
  db: Kysely<DB>,
  data: SubjectAccessExport,
  pages: SectionPages,
): Promise<SubjectAccessNames> {
  const wanted = new Map<string, { source: NameSource; ids: Set<string> }>();
  for (const [section, content] of Object.entries(data.sections)) {
    const sources = (pages.get(section) ?? fallbackPage).names ?? {};
    for (const row of rowsOf(content))
      for (const [key, value] of Object.entries(row)) {
        const source = sources[key];
        if (!source) continue;
        const entry = wanted.get(sourceKey(source)) ?? { source, ids: new Set<string>() };
        for (const id of idsIn(value)) entry.ids.add(id);
        wanted.set(sourceKey(source), entry);
      }
  }
  const names: SubjectAccessNames = new Map();
  for (const [key, { source, ids }] of wanted) {
    const map = new Map<string, Named>();
    if (ids.size) {
      const result = await sql<{ id: string; en: string; cy: string }>`
        select id, ${sql.ref(source.en)} as en, ${sql.ref(source.cy ?? source.en)} as cy
        from ${sql.table(source.table)} where id = any(${[...ids]}::uuid[])`.execute(db);
      for (const row of result.rows) map.set(row.id, { en: row.en, cy: row.cy });
    }
    names.set(key, map);
  }
  return names;
}

/** Whether the printed copy shows a column (internal references stay in the data file). */
export const shownOnPage = (page: PersonalDataPage, key: string) =>
  !HIDDEN.has(key) && !page.hidden?.includes(key);

/** A column's label: the module's own, else the register's common one, else its name. */
export function columnLabel(t: TFunction, section: string, page: PersonalDataPage, key: string) {
  if (section === 'equality') {
    const legend = t(`equality:questions.${key}.legend`, { defaultValue: '' });
    if (legend) return legend;
  }
  const own = t(`${page.namespace}:subjectAccess.fields.${key}`, { defaultValue: '' });
  return own || t(`rights:subjectAccess.fields.${key}`, { defaultValue: key.replace(/_/g, ' ') });
}

/**
 * The export as sections of summary lists for the print-friendly page
 * `register/rights/views/subject-access.njk`.
 */
export function subjectAccessView(
  t: TFunction,
  lang: string,
  data: SubjectAccessExport,
  names: SubjectAccessNames,
  pages: SectionPages,
) {
  const inLanguage = (named: Named | undefined, missing = 'rights:values.notFound') =>
    named ? (lang === 'cy' ? named.cy : named.en) : t(missing);
  const organisationName = (id: unknown) =>
    typeof id === 'string' ? names.get(sourceKey(organisationNames))?.get(id) : undefined;
  /** A code in words: its label where the field says where, else the code made readable. */
  const word = (prefix: string, code: string) => {
    // a ladder rung or level has a name and an explanation; other codes are a single label
    for (const key of [`${prefix}.${code}.name`, `${prefix}.${code}`]) {
      const label: unknown = t(key, { defaultValue: '', returnObjects: true });
      if (label && typeof label === 'string') return label;
    }
    return code.replace(/[_.]/g, ' ');
  };
  /** The n-th entry (from 1) of an ordered list of codes, in words. */
  const nth = (prefix: string, n: number) => {
    const list: unknown = t(prefix, { returnObjects: true });
    const keys = list && typeof list === 'object' ? Object.keys(list) : [];
    return word(prefix, keys[n - 1] ?? String(n));
  };

  function valueOf(
    section: string,
    page: PersonalDataPage,
    key: string,
    value: unknown,
    row: Row,
  ): string {
    if (key === 'actor' && !value) return t('rights:values.system');
    if (value === null || value === undefined || value === '') return '';
    if (Array.isArray(value) && value.length === 0) return '';
    const source = page.names?.[key];
    if (source)
      return idsIn(value)
        .map((id) => inLanguage(names.get(sourceKey(source))?.get(id), source.missing))
        .join(', ');
    if (page.staff?.includes(key)) {
      const organisation = organisationName(row.organisation_id);
      return organisation
        ? t('rights:values.staffAt', { organisation: inLanguage(organisation) })
        : t('rights:values.staff');
    }
    const format = page.formats?.[key];
    if (format && typeof value === 'number') return format(value);
    const position = page.positions?.[key];
    if (position && typeof value === 'number') return nth(position, value);
    if (key === 'address' && value && typeof value === 'object' && !Array.isArray(value)) {
      const address = value as { lines?: unknown; postcode?: unknown };
      return [address.lines, address.postcode]
        .filter((part) => typeof part === 'string' && part)
        .join(', ');
    }
    if (Array.isArray(value))
      return value.map((item) => valueOf(section, page, key, item, row)).join(', ');
    if (typeof value === 'boolean') return t(value ? 'rights:values.yes' : 'rights:values.no');
    if (typeof value === 'object')
      return Object.values(value as Row)
        .map((item) => valueOf(section, page, '', item, row))
        .filter(Boolean)
        .join(', ');
    if (typeof value === 'number' && key.endsWith('_pence'))
      return new Intl.NumberFormat(lang === 'cy' ? 'cy-GB' : 'en-GB', {
        style: 'currency',
        currency: 'GBP',
      }).format(value / 100);
    const codes = page.codes?.[key];
    if (typeof value === 'number') return codes ? word(codes, String(value)) : String(value);
    if (typeof value !== 'string') return '';
    const text = value;
    if (codes) return word(codes, text);
    if (section === 'equality' && CODE.test(text))
      return word(`equality:questions.${key}.options`, text);
    if (TIMESTAMP.test(text)) return formatDateTime(text, lang);
    if (DATE.test(text)) return formatDate(text, lang);
    const time = TIME.exec(text);
    if (time) return time[1]!;
    return text;
  }

  const present = (section: string, page: PersonalDataPage, row: Row) =>
    Object.entries(row)
      .filter(([key, value]) => value !== undefined && shownOnPage(page, key))
      .map(([key, value]) => ({
        key: { text: columnLabel(t, section, page, key) },
        value: { text: valueOf(section, page, key, value, row) || t('rights:export.empty') },
      }));

  return Object.entries(data.sections).map(([section, content]) => {
    const page = pages.get(section) ?? fallbackPage;
    return {
      id: section,
      heading: t(`${page.namespace}:subjectAccess.sections.${section}`),
      count: typeof content === 'number' ? content : null,
      records: rowsOf(content).map((row) => present(section, page, row)),
    };
  });
}

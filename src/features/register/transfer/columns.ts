import type { TFunction } from 'i18next';
import { personKinds, venueNeeds, type PersonKind, type VenueNeed } from '../tables.ts';
import { normaliseEmail, normalisePostcode, normaliseUkPhone } from '../people/protected-fields.ts';

/**
 * The columns of an import file (and of an export, which can be imported again). Headers are
 * accepted in English or Welsh (`transfer:columns.<key>`) or as the keys themselves.
 */
export const importColumns = [
  { key: 'display_name', max: 100, required: true },
  { key: 'kind' },
  { key: 'legal_name', max: 200 },
  { key: 'date_of_birth' },
  { key: 'phone' },
  { key: 'email', max: 254 },
  { key: 'address', max: 500 },
  { key: 'postcode' },
  { key: 'preferred_language' },
  { key: 'access_needs', max: 2000 },
  /** What they need of a venue: codes of `venueNeeds` separated by `;`. */
  { key: 'venue_needs' },
  { key: 'consent_contact' },
] as const;
export type ColumnKey = (typeof importColumns)[number]['key'];

/** Columns an export adds that an import accepts and ignores. */
export const exportOnlyColumns = ['reference', 'status', 'organisation'] as const;
export type ExportColumnKey = ColumnKey | (typeof exportOnlyColumns)[number];

export type RowReason =
  | 'missingName'
  | 'tooLong'
  | 'unknownKind'
  | 'impossibleDate'
  | 'futureDate'
  | 'invalidPhone'
  | 'invalidEmail'
  | 'invalidPostcode'
  | 'unknownLanguage'
  | 'invalidYesNo'
  | 'unknownVenueNeed';

export interface RowProblem {
  row: number;
  column: ColumnKey;
  reason: RowReason;
}

/** A good row, normalised, ready to become a person. */
export interface ImportedPerson {
  row: number;
  displayName: string;
  kind: PersonKind;
  legalName: string | null;
  dateOfBirth: string | null;
  phone: string | null;
  email: string | null;
  /** Stored as the people feature stores it: JSON of { lines, postcode }. */
  address: { lines: string; postcode: string } | null;
  preferredLanguage: 'en' | 'cy' | null;
  accessNeeds: string | null;
  venueNeeds: VenueNeed[];
  consentContact: boolean;
}

/** Lower case, accents and punctuation removed: "Ffôn" and "ffon", "E-mail" and "email" match. */
export const normaliseHeader = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Accepted spellings of the values of a column with a fixed list (keys and both languages). */
function accepted<T extends string>(
  translators: TFunction[],
  values: readonly T[],
  prefix: string,
  extra: Record<string, T> = {},
) {
  const map = new Map<string, T>();
  for (const value of values) {
    map.set(normaliseHeader(value), value);
    for (const t of translators) map.set(normaliseHeader(t(`${prefix}.${value}`)), value);
  }
  for (const [text, value] of Object.entries(extra)) map.set(normaliseHeader(text), value);
  return map;
}

export interface ColumnMap {
  /** Index of each known column in the file's rows. */
  indexes: Partial<Record<ExportColumnKey, number>>;
  missing: string[];
  unknown: string[];
  repeated: string[];
}

/** The vocabulary of the file: headers and fixed values in both languages. */
export function vocabulary(translators: TFunction[]) {
  const headers = new Map<string, ExportColumnKey>();
  for (const key of [...importColumns.map((c) => c.key), ...exportOnlyColumns]) {
    headers.set(normaliseHeader(key), key);
    for (const t of translators) headers.set(normaliseHeader(t(`transfer:columns.${key}`)), key);
  }
  return {
    headers,
    kinds: accepted(translators, personKinds, 'transfer:kinds'),
    languages: accepted(translators, ['en', 'cy'] as const, 'transfer:languages', {
      english: 'en',
      saesneg: 'en',
      welsh: 'cy',
      cymraeg: 'cy',
    }),
    yesNo: accepted(translators, ['yes', 'no'] as const, 'transfer:yesNo', {
      y: 'yes',
      n: 'no',
      true: 'yes',
      false: 'no',
      '1': 'yes',
      '0': 'no',
      ie: 'yes',
      do: 'yes',
      na: 'no',
      naddo: 'no',
    }),
  };
}
export type Vocabulary = ReturnType<typeof vocabulary>;

/** Matches the header row to the columns; names what is missing, unknown or repeated. */
export function mapColumns(header: string[], words: Vocabulary): ColumnMap {
  const indexes: ColumnMap['indexes'] = {};
  const unknown: string[] = [];
  const repeated: string[] = [];
  header.forEach((cell, index) => {
    const text = cell.trim();
    if (!text) return;
    const key = words.headers.get(normaliseHeader(text));
    if (!key) unknown.push(text.slice(0, 60));
    else if (indexes[key] !== undefined) repeated.push(text.slice(0, 60));
    else indexes[key] = index;
  });
  const missing = importColumns
    .filter((column) => 'required' in column && indexes[column.key] === undefined)
    .map((column) => column.key);
  return { indexes, missing, unknown, repeated };
}

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** A date of birth as YYYY-MM-DD, from YYYY-MM-DD or DD/MM/YYYY; 'impossible' or 'future'. */
export function parseBirthDate(
  text: string,
  today = new Date(),
): { date: string } | { problem: 'impossibleDate' | 'futureDate' } {
  let y: number, m: number, d: number;
  const isoMatch = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const ukMatch = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (isoMatch) [y, m, d] = [Number(isoMatch[1]), Number(isoMatch[2]), Number(isoMatch[3])];
  else if (ukMatch) [d, m, y] = [Number(ukMatch[1]), Number(ukMatch[2]), Number(ukMatch[3])];
  else return { problem: 'impossibleDate' };
  const date = new Date(Date.UTC(y, m - 1, d));
  if (
    y < 1900 ||
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== m - 1 ||
    date.getUTCDate() !== d
  )
    return { problem: 'impossibleDate' };
  if (date.getTime() > today.getTime()) return { problem: 'futureDate' };
  return { date: date.toISOString().slice(0, 10) };
}

/** A `;`-separated list cell as its items (trimmed, lower case, empty ones and repeats dropped). */
export const parseList = (text: string) => [
  ...new Set(
    text
      .split(';')
      .map((item) => item.trim().toLowerCase())
      .filter(Boolean),
  ),
];
/** The same list as a cell: items joined by `;`. */
export const listCell = (items: readonly string[]) => items.join(';');

const isVenueNeed = (code: string): code is VenueNeed =>
  (venueNeeds as readonly string[]).includes(code);

/** Validates one data row: a person, or the problems (column and reason, never the value). */
export function readRow(
  cells: string[],
  rowNumber: number,
  columns: ColumnMap,
  words: Vocabulary,
): { person: ImportedPerson; problems: [] } | { person: null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const cell = (key: ColumnKey) => {
    const index = columns.indexes[key];
    // a leading apostrophe is how spreadsheets (and our exports) keep text as text
    const raw = index === undefined ? '' : (cells[index] ?? '');
    return raw.trim().replace(/^'/, '').trim();
  };
  const fail = (column: ColumnKey, reason: RowReason) => {
    problems.push({ row: rowNumber, column, reason });
    return null;
  };
  const text = (key: ColumnKey) => {
    const value = cell(key);
    const column = importColumns.find((c) => c.key === key);
    if (column && 'max' in column && value.length > column.max) return fail(key, 'tooLong');
    return value || null;
  };

  const displayName = text('display_name');
  if (!displayName && !problems.length) fail('display_name', 'missingName');

  const kindText = cell('kind');
  const kind: PersonKind | null = kindText
    ? (words.kinds.get(normaliseHeader(kindText)) ?? fail('kind', 'unknownKind'))
    : 'service_user';

  const legalName = text('legal_name');

  const birthText = cell('date_of_birth');
  let dateOfBirth: string | null = null;
  if (birthText) {
    const parsed = parseBirthDate(birthText);
    if ('problem' in parsed) fail('date_of_birth', parsed.problem);
    else dateOfBirth = parsed.date;
  }

  const phoneText = cell('phone');
  const phone = phoneText ? (normaliseUkPhone(phoneText) ?? fail('phone', 'invalidPhone')) : null;

  const emailText = text('email');
  const email = emailText
    ? EMAIL.test(emailText)
      ? normaliseEmail(emailText)
      : fail('email', 'invalidEmail')
    : null;

  const addressText = text('address');
  const postcodeText = cell('postcode');
  const postcode = postcodeText
    ? (normalisePostcode(postcodeText) ?? fail('postcode', 'invalidPostcode'))
    : null;
  const address =
    addressText || postcode ? { lines: addressText ?? '', postcode: postcode ?? '' } : null;

  const languageText = cell('preferred_language');
  const preferredLanguage = languageText
    ? (words.languages.get(normaliseHeader(languageText)) ??
      fail('preferred_language', 'unknownLanguage'))
    : null;

  const accessNeeds = text('access_needs');

  const needs = parseList(cell('venue_needs'));
  const venueNeedsOf = needs.every(isVenueNeed) ? needs : fail('venue_needs', 'unknownVenueNeed');

  const consentText = cell('consent_contact');
  const consent = consentText
    ? (words.yesNo.get(normaliseHeader(consentText)) ?? fail('consent_contact', 'invalidYesNo'))
    : 'no';

  if (problems.length || !displayName || !kind) return { person: null, problems };
  return {
    person: {
      row: rowNumber,
      displayName,
      kind,
      legalName,
      dateOfBirth,
      phone,
      email,
      address,
      preferredLanguage,
      accessNeeds,
      venueNeeds: venueNeeds.filter((n) => venueNeedsOf?.includes(n)),
      consentContact: consent === 'yes',
    },
    problems: [],
  };
}

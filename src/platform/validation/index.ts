import type { TFunction } from 'i18next';
import type { z } from 'zod';

export type { Form } from './form.ts';

/**
 * One way to handle forms. Validation speaks in issues (a field and a translation key); commands
 * return a `Result`; pages turn issues into the GOV.UK error summary and inline messages with
 * `formErrors`, and build radios, checkboxes and selects with `choices`.
 */

/** A field and what is wrong with it, as a translation key. `form` means the whole form. */
export interface Issue {
  field: string;
  message: string;
}

/** What a command returns: its value, or the issues that stopped it (nothing written). */
export type Result<T = undefined> = { ok: true; value: T } | { ok: false; issues: Issue[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const failed = <T = never>(issues: Issue[]): Result<T> => ({ ok: false, issues });
/** One issue on one field. */
export const invalid = <T = never>(field: string, message: string): Result<T> =>
  failed([{ field, message }]);

/** A zod error's issues, against the first segment of each path. */
export function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({
    field: String(issue.path[0] ?? 'form'),
    message: issue.message,
  }));
}

/** What is wrong with a form as `{ field: translationKey }`, the first problem per field. */
export type FieldErrors = Record<string, string>;

/** Issues from a `{ field: translationKey }` record, in the record's order. */
export const issuesFrom = (errors: FieldErrors): Issue[] =>
  Object.entries(errors).map(([field, message]) => ({ field, message }));

const isIssueList = (value: readonly Issue[] | FieldErrors): value is readonly Issue[] =>
  Array.isArray(value);

export interface FormErrors {
  /** For govukErrorSummary's errorList. */
  errorList: { text: string; href: string }[];
  /** For each field's errorMessage, by field name. */
  fields: Record<string, { text: string }>;
}

/**
 * Issues as the GOV.UK error summary and inline messages, first issue per field, in order.
 * `anchors` names the element the summary links to when a field's first input has another id
 * (a date's day box: `{ startsOn: 'startsOn-day' }`); an issue about the whole form links to the
 * page's content.
 */
export function formErrors(
  t: TFunction,
  issues: readonly Issue[] | FieldErrors,
  anchors: Record<string, string> = {},
): FormErrors {
  const list: readonly Issue[] = isIssueList(issues) ? issues : issuesFrom(issues);
  const fields: FormErrors['fields'] = {};
  const errorList: FormErrors['errorList'] = [];
  for (const issue of list) {
    if (fields[issue.field]) continue;
    const text = t(issue.message);
    fields[issue.field] = { text };
    const anchor = anchors[issue.field] ?? (issue.field === 'form' ? 'main-content' : issue.field);
    errorList.push({ text, href: `#${anchor}` });
  }
  return { errorList, fields };
}

export interface Choice {
  value: string;
  text: string;
  hint?: { text: string };
  checked?: boolean;
  selected?: boolean;
}

/**
 * Items for govukRadios, govukCheckboxes or govukSelect: each value with its translated text
 * (`${prefix}${value}`), checked or selected when it is among `chosen`.
 */
export function choices(
  t: TFunction,
  values: readonly string[],
  prefix: string,
  chosen: string | readonly string[] | null | undefined,
  options: { hints?: string; select?: boolean } = {},
): Choice[] {
  const picked = new Set(chosen == null ? [] : typeof chosen === 'string' ? [chosen] : chosen);
  return values.map((value) => ({
    value,
    text: t(`${prefix}${value}`),
    ...(options.hints ? { hint: { text: t(`${options.hints}${value}`) } } : {}),
    ...(options.select ? { selected: picked.has(value) } : { checked: picked.has(value) }),
  }));
}

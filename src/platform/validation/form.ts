/** A parsed form or query string: every field a string, a list of strings, or absent. */
export type Form = Record<string, string | string[] | undefined>;

/** A single text field, NFC and trimmed ('' when missing or repeated). */
export const textField = (form: Readonly<Record<string, unknown>>, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value.normalize('NFC').trim() : '';
};

/** A single text field, trimmed but otherwise as typed ('' when missing or repeated). */
export const trimmedField = (form: Readonly<Record<string, unknown>>, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value.trim() : '';
};

/** The ticked values of a checkbox group (one value or several; none when missing). */
export const listField = (form: Form, name: string) => {
  const value = form[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};

/** One field as a string, as typed ('' when absent; the first value when repeated). */
export const firstField = (form: Form, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value : Array.isArray(value) ? (value[0] ?? '') : '';
};

/** A repeated field (checkboxes) as a list, empty values left out. */
export const filledListField = (form: Form, name: string): string[] => {
  const value = form[name];
  return value === undefined ? [] : ([] as string[]).concat(value).filter(Boolean);
};

/** Text for one line: NFC, each run of white space one space, trimmed. */
export const collapseSpaces = (value: string) =>
  value.normalize('NFC').replace(/\s+/gu, ' ').trim();

/** Text over several lines: NFC, line ends as `\n`, trimmed. */
export const tidyLines = (value: string) => value.normalize('NFC').replace(/\r\n?/g, '\n').trim();

/** A parsed form or query string: every field a string, a list of strings, or absent. */
export type Form = Record<string, string | string[] | undefined>;

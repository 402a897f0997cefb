import type { z } from 'zod';
import {
  failed,
  ok,
  type FieldErrors,
  type Issue,
  type Result,
} from '#platform/validation/index.ts';

export type { FieldErrors };

/** What a page shows errors from: issues, or field → translation key. */
export type FormIssues = readonly Issue[] | FieldErrors;

/**
 * A form checked against its schema, for the involvement features: the first issue on each field,
 * its message when it is one of the namespace's translation keys, `<namespace>:errors.invalid`
 * otherwise (zod's own messages are never shown).
 */
export function validateForm<T>(
  namespace: string,
  schema: z.ZodType<T>,
  input: unknown,
): Result<T> {
  const result = schema.safeParse(input);
  if (result.success) return ok(result.data);
  const issues: Issue[] = [];
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    if (issues.some((i) => i.field === field)) continue;
    const own = issue.message.startsWith(`${namespace}:`);
    issues.push({ field, message: own ? issue.message : `${namespace}:errors.invalid` });
  }
  return failed(issues);
}

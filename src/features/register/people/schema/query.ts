import { z } from 'zod';
import { issuesOf, type Issue } from '#platform/validation/index.ts';
import { activities, consentPurposes, personKinds, personStatuses } from '../../tables.ts';
import { key, pick, skills, trainings } from './fields.ts';
import { sections } from './sections.ts';

/** The list page's query string, the route parameters, and zod errors as issues. */

/**
 * A zod error's issues against their fields. A message that is not one of the register's
 * translation keys (zod's own, for input no form sends) becomes "the form is not valid".
 */
export const formIssues = (error: z.ZodError): Issue[] =>
  issuesOf(error).map((issue) =>
    issue.message.startsWith('people:') ? issue : { ...issue, message: key('form.invalid') },
  );

/** Where the error summary links to, for fields whose first input has another id. */
export const anchors = { dateOfBirth: 'dateOfBirth-day', reviewDate: 'reviewDate-day' };

const oneOf = <T extends readonly string[]>(values: T) =>
  z.enum(values).optional().catch(undefined);
const manyOf = <T extends readonly string[]>(values: T) => pick(values).default([]).catch([]);

/** The list page's query string; anything unexpected is ignored. */
export const searchQuery = z.object({
  q: z.string().trim().max(100).catch(''),
  kind: oneOf(personKinds),
  status: oneOf(personStatuses),
  organisation: z.guid().optional().catch(undefined),
  willing: manyOf(activities),
  skill: manyOf(skills),
  trained: oneOf(trainings),
  welsh: z.literal('1').optional().catch(undefined),
  day: z.coerce.number().int().min(1).max(7).optional().catch(undefined),
  part: oneOf(['morning', 'afternoon', 'evening'] as const),
  page: z.coerce.number().int().min(1).max(4000).catch(1),
});
export type SearchQuery = z.infer<typeof searchQuery>;

export const idParams = z.object({ id: z.guid() });
export const sectionParams = z.object({ id: z.guid(), section: z.enum(sections) });
export const purposeParams = z.object({ id: z.guid(), purpose: z.enum(consentPurposes) });
export const historyQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

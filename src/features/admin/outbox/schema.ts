import { z } from 'zod';

/** The outbox list's query string: anything unexpected falls back to the default. */
export const listQuery = z.object({
  channel: z.enum(['email', 'sms', 'letter']).optional().catch(undefined),
  organisation: z.string().trim().max(100).optional().catch(undefined),
  before: z.guid().optional().catch(undefined),
  after: z.guid().optional().catch(undefined),
});
export type ListQuery = z.infer<typeof listQuery>;

/** Route parameter: a message id (anything else is simply not found). */
export const messageParams = z.object({ id: z.guid() });

export const isId = (value: string) => z.guid().safeParse(value).success;

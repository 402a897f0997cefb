import { z } from 'zod';
import { claimStatuses } from './tables.ts';

/** Validation of the claims pages' parameters and filters. */

export const claimParams = z.object({ claimId: z.guid() });
export const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
  organisationId: z.guid().optional().catch(undefined),
  status: z.enum(claimStatuses).optional().catch(undefined),
});
export type ListQuery = z.infer<typeof listQuery>;

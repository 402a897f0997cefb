import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpError } from './errors.ts';

/** What a route reads from its address (params or query) with the schema: 404 when it does not fit. */
export function parsedOr404<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError(404);
  return parsed.data;
}

const idParams = z.object({ id: z.guid() });

/** The record's id in the address (`/…/:id`), or 404 for anything that is not one. */
export const idOf = (request: FastifyRequest) => parsedOr404(idParams, request.params).id;

import { z } from 'zod';
import { failed, ok, type Issue, type Result } from '#platform/validation/index.ts';
import { venueFeatures, type VenueFeature } from '../tables.ts';
import { listField as list, textField as str } from '#platform/validation/form.ts';

/** Validation of the venue form. Messages are translation keys (namespace `venues`). */
export type Form = Record<string, string | string[] | undefined>;

export interface VenueInput {
  organisationId: string;
  name: string;
  address: string;
  directionsEn: string | null;
  directionsCy: string | null;
  features: VenueFeature[];
}

export const venueParams = z.object({ id: z.guid() });

export const listQuery = z.object({
  organisation: z.guid().optional().catch(undefined),
  archived: z
    .enum(['1'])
    .optional()
    .catch(undefined)
    .transform((v) => v === '1'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

const LIMITS = { name: 150, address: 500, directionsEn: 1000, directionsCy: 1000 } as const;
const GUID = z.guid();

/** The create and edit form of a venue. */
export function parseVenueForm(form: Form): Result<VenueInput> {
  const issues: Issue[] = [];
  const organisationId = str(form, 'organisationId');
  if (!GUID.safeParse(organisationId).success)
    issues.push({ field: 'organisationId', message: 'venues:errors.organisationId' });
  const text = (field: keyof typeof LIMITS, required: boolean) => {
    const value = str(form, field);
    if (required && !value) issues.push({ field, message: `venues:errors.${field}.required` });
    else if (value.length > LIMITS[field])
      issues.push({ field, message: `venues:errors.${field}.long` });
    return value;
  };
  const name = text('name', true);
  const address = text('address', true);
  const directionsEn = text('directionsEn', false);
  const directionsCy = text('directionsCy', false);
  const ticked = list(form, 'features');
  if (ticked.some((f) => !(venueFeatures as readonly string[]).includes(f)))
    issues.push({ field: 'features', message: 'venues:errors.features' });
  if (issues.length) return failed(issues);
  return ok({
    organisationId,
    name,
    address,
    directionsEn: directionsEn || null,
    directionsCy: directionsCy || null,
    features: venueFeatures.filter((f) => ticked.includes(f)),
  });
}

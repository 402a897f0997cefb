import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { saveProfile } from './repository.ts';
import type { LimitPeriod } from './tables.ts';

/** Benefit information recorded directly, for the tests of approval and the benefit check. */

/**
 * An ESA benefit profile of `personId`, consent given in person on `consentOn` (YYYY-MM-DD),
 * with a limit on involvement payments when one is given; recorded by no-one.
 */
export const saveTestProfile = (
  db: Kysely<DB>,
  personId: string,
  consentOn: string,
  limit?: { pence: number; period: LimitPeriod },
) =>
  saveProfile(
    db,
    personId,
    {
      benefits: ['esa'],
      limitPence: limit?.pence ?? null,
      limitPeriod: limit?.period ?? null,
      consentOn,
      consentHow: 'in_person',
    },
    null,
    null,
  );

import type { Kysely } from 'kysely';
import type { KeyRing } from '#platform/crypto/encryption.ts';
import type { DB } from '#platform/db/schema.ts';
import { lookupHash, normaliseUkPhone } from './protected-fields.ts';

/**
 * The one person (not erased) whose phone number this is, found through the phone lookup hash;
 * null when the number is not a UK number, matches nobody, or matches more than one person.
 * Accepts Notify's form of a received text's sender ("447700900111") as well as "+44…" / "07…".
 */
export async function personByPhone(db: Kysely<DB>, keys: KeyRing, number: string) {
  const raw = number.trim();
  const phone = normaliseUkPhone(/^44\d{9,10}$/.test(raw) ? `+${raw}` : raw);
  if (!phone) return null;
  const matches = await db
    .selectFrom('people')
    .select(['id', 'organisation_id as organisationId'])
    .where('phone_lookup', '=', lookupHash(keys, 'phone', phone))
    .where('erased_at', 'is', null)
    .limit(2)
    .execute();
  return matches.length === 1 ? matches[0]! : null;
}

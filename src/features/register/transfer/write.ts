import { sql, type Kysely } from 'kysely';
import type { Actor } from '#platform/auth/sessions.ts';
import type { KeyRing } from '#platform/crypto/encryption.ts';
import type { DB } from '#platform/db/schema.ts';
import { isUkMobile, protect } from '../people/protected-fields.ts';
import { ageBandOf } from '../rights/service.ts';
import type { ageBands } from '../tables.ts';
import { CHUNK, WORDING_VERSION, type OrganisationRef, type StoredPerson } from './types.ts';

/** What an import writes to the register: new people, and rows merged into people already on it. */

/** Fills the empty fields of a row from a later duplicate row of the same file. */
export const fillEmpty = (into: StoredPerson, from: StoredPerson) => {
  into.legalName ??= from.legalName;
  into.dateOfBirth ??= from.dateOfBirth;
  into.phone ??= from.phone;
  into.email ??= from.email;
  into.address ??= from.address;
  into.preferredLanguage ??= from.preferredLanguage;
  into.accessNeeds ??= from.accessNeeds;
  if (!into.venueNeeds.length) into.venueNeeds = from.venueNeeds;
  into.consentContact ||= from.consentContact;
  into.lookups.phone ??= from.lookups.phone;
  into.lookups.email ??= from.lookups.email;
  into.lookups.dedupe ??= from.lookups.dedupe;
};

const channelsOf = (person: StoredPerson) => [
  ...(person.phone ? [isUkMobile(person.phone) ? 'sms' : 'phone'] : []),
  ...(person.email ? ['email'] : []),
  ...(person.address ? ['letter'] : []),
];

export async function insertPeople(
  trx: Kysely<DB>,
  keys: KeyRing,
  actor: Actor,
  org: OrganisationRef,
  people: (StoredPerson & { id: string })[],
) {
  for (let i = 0; i < people.length; i += CHUNK) {
    const chunk = people.slice(i, i + CHUNK);
    await trx
      .insertInto('people')
      .values(
        chunk.map((p) => ({
          id: p.id,
          organisation_id: org.id,
          scope_ids: org.ancestors,
          kind: p.kind,
          display_name: p.displayName,
          legal_name: protect(keys, 'legal_name', p.id, p.legalName),
          date_of_birth: protect(keys, 'date_of_birth', p.id, p.dateOfBirth),
          age_band: ageBandOf(p.dateOfBirth) as (typeof ageBands)[number] | null,
          preferred_language: p.preferredLanguage ?? 'en',
          speaks_welsh: p.preferredLanguage === 'cy',
          phone: protect(keys, 'phone', p.id, p.phone),
          email: protect(keys, 'email', p.id, p.email),
          address: protect(keys, 'address', p.id, p.address ? JSON.stringify(p.address) : null),
          phone_lookup: p.lookups.phone,
          email_lookup: p.lookups.email,
          dedupe_lookup: p.lookups.dedupe,
          channels: channelsOf(p),
          access_needs: p.accessNeeds,
          venue_needs: p.venueNeeds,
        })),
      )
      .execute();
    await trx
      .insertInto('person_organisations')
      .values(chunk.map((p) => ({ person_id: p.id, organisation_id: org.id })))
      .execute();
    await trx
      .insertInto('person_status_history')
      .values(
        chunk.map((p) => ({ person_id: p.id, status: 'active' as const, changed_by: actor.id })),
      )
      .execute();
    await trx
      .insertInto('consents')
      .values(
        chunk.flatMap((p) =>
          (p.consentContact ? (['register', 'contact'] as const) : (['register'] as const)).map(
            (purpose) => ({
              person_id: p.id,
              purpose,
              wording_version: WORDING_VERSION,
              method: 'import' as const,
              recorded_by: actor.id,
            }),
          ),
        ),
      )
      .execute();
  }
}

/** Merges rows into people already on the register: empty fields only, plus the connection. */
export async function mergePeople(
  trx: Kysely<DB>,
  keys: KeyRing,
  org: OrganisationRef,
  merges: { personId: string; person: StoredPerson }[],
) {
  const entries: { personId: string; fields: string[] }[] = [];
  for (const { personId, person } of merges) {
    const current = await trx
      .selectFrom('people')
      .select([
        'legal_name',
        'date_of_birth',
        'phone',
        'email',
        'address',
        'access_needs',
        'venue_needs',
        'dedupe_lookup',
      ])
      .where('id', '=', personId)
      .where('erased_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!current) continue;
    const set: Record<string, string | string[]> = {};
    if (!current.legal_name && person.legalName)
      set.legal_name = protect(keys, 'legal_name', personId, person.legalName)!;
    if (!current.date_of_birth && person.dateOfBirth)
      set.date_of_birth = protect(keys, 'date_of_birth', personId, person.dateOfBirth)!;
    if (!current.dedupe_lookup && person.lookups.dedupe) set.dedupe_lookup = person.lookups.dedupe;
    if (!current.phone && person.phone) {
      set.phone = protect(keys, 'phone', personId, person.phone)!;
      set.phone_lookup = person.lookups.phone!;
    }
    if (!current.email && person.email) {
      set.email = protect(keys, 'email', personId, person.email)!;
      set.email_lookup = person.lookups.email!;
    }
    if (!current.address && person.address)
      set.address = protect(keys, 'address', personId, JSON.stringify(person.address))!;
    if (!current.access_needs && person.accessNeeds) set.access_needs = person.accessNeeds;
    if (!current.venue_needs.length && person.venueNeeds.length)
      set.venue_needs = person.venueNeeds;
    if (Object.keys(set).length)
      await trx
        .updateTable('people')
        .set({ ...set, updated_at: sql<Date>`now()` })
        .where('id', '=', personId)
        .execute();
    const connected = await trx
      .insertInto('person_organisations')
      .values({ person_id: personId, organisation_id: org.id })
      .onConflict((oc) => oc.columns(['person_id', 'organisation_id']).doNothing())
      .returning('person_id')
      .executeTakeFirst();
    if (connected) {
      await sql`update people set scope_ids = (
          select coalesce(array_agg(distinct a), '{}') from person_organisations po
          join organisations o on o.id = po.organisation_id, unnest(o.ancestors) a
          where po.person_id = ${personId}::uuid)
        where id = ${personId}::uuid`.execute(trx);
    }
    const fields = Object.keys(set).filter((key) => !key.endsWith('_lookup'));
    if (connected) fields.push('organisations');
    entries.push({ personId, fields });
  }
  return entries;
}

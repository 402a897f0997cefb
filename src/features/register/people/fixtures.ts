import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { PeopleTable } from '../tables.ts';
import type { Insertable } from 'kysely';
import { lookupHash, normaliseEmail, normaliseUkPhone, protect } from './protected-fields.ts';

export interface TestPerson {
  organisationId: string;
  /** further organisations the person is connected to */
  alsoAt?: string[];
  displayName?: string;
  phone?: string;
  email?: string;
  /** YYYY-MM-DD, stored encrypted as the register does */
  dateOfBirth?: string;
  consents?: (
    'register' | 'contact' | 'share_deidentified' | 'share_identified' | 'equality' | 'media'
  )[];
  fields?: Partial<Insertable<PeopleTable>>;
}

/**
 * Inserts a person straight into the tables for tests of other features (contact details
 * encrypted, look-ups hashed, scope_ids filled from the organisations' ancestors). Features
 * create people through the people service; this is only a fixture.
 */
export async function insertTestPerson(db: Kysely<DB>, key: Buffer, person: TestPerson) {
  const id = crypto.randomUUID();
  const organisations = [person.organisationId, ...(person.alsoAt ?? [])];
  const phone = person.phone ? normaliseUkPhone(person.phone) : null;
  const email = person.email ? normaliseEmail(person.email) : null;
  await db
    .insertInto('people')
    .values({
      id,
      organisation_id: person.organisationId,
      kind: 'service_user',
      display_name: person.displayName ?? `Person ${id.slice(0, 6)}`,
      phone: protect(key, 'phone', id, phone),
      email: protect(key, 'email', id, email),
      phone_lookup: phone ? lookupHash(key, 'phone', phone) : null,
      email_lookup: email ? lookupHash(key, 'email', email) : null,
      channels: [...(phone ? ['sms'] : []), ...(email ? ['email'] : [])],
      date_of_birth: protect(key, 'date_of_birth', id, person.dateOfBirth),
      ...person.fields,
    })
    .execute();
  await db
    .insertInto('person_organisations')
    .values(organisations.map((organisation_id) => ({ person_id: id, organisation_id })))
    .execute();
  await sql`update people set scope_ids = (
      select coalesce(array_agg(distinct a), '{}') from organisations o, unnest(o.ancestors) a
      where o.id = any(${organisations}::uuid[]))
    where id = ${id}`.execute(db);
  for (const purpose of person.consents ?? ['register', 'contact']) {
    await db
      .insertInto('consents')
      .values({ person_id: id, purpose, wording_version: 'test-1', method: 'in_person' })
      .execute();
  }
  return id;
}

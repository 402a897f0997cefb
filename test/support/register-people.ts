import { startTestApp, type TestApp } from './app.ts';
import { insertTestOrganisation } from './fixture.ts';
import { insertTestPerson, type TestPerson } from '#app/features/register/people/fixtures.ts';

/** An app under test with one provider of its own (its own root), for the register's tests. */
export async function startWithProvider() {
  const t = await startTestApp();
  const provider = await insertTestOrganisation(t.services.db, {
    kind: 'provider',
    nameEn: 'Provider',
    nameCy: 'Darparwr',
  });
  return { t, organisationId: provider.id };
}

/**
 * People on the register for tests, each with a mobile number of their own from Ofcom's drama
 * range (07700 900101, 900102, ...) and a name (Sam 101, ...), at the organisation given. The
 * app and organisation are read when a person is made (a test file fills them in its `before`).
 */
export function peopleWithPhones(at: () => { t: TestApp; organisationId: string }) {
  let phoneNumber = 100;
  return async (fields: TestPerson['fields'] = {}, more: Partial<TestPerson> = {}) => {
    const { t, organisationId } = at();
    phoneNumber += 1;
    const phone = `07700 900${phoneNumber.toString()}`;
    const name = `Sam ${phoneNumber.toString()}`;
    const id = await insertTestPerson(t.services.db, t.config.encryptionKey, {
      organisationId,
      displayName: name,
      phone,
      ...more,
      fields,
    });
    return { id, name, phone, e164: `+447700900${phoneNumber.toString()}` };
  };
}

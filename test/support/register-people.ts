import type { TestApp } from './app.ts';
import { insertTestPerson, type TestPerson } from '#app/features/register/people/fixtures.ts';

/**
 * People on the register for tests, each with a mobile number of their own from Ofcom's drama
 * range (07700 900101, 900102, ...) and a name (Sam 101, ...), at the organisation given. `t` and `organisationId` are read
 * when a person is made (a test file fills them in its `before`).
 */
export function peopleWithPhones(t: () => TestApp, organisationId: () => string) {
  let phoneNumber = 100;
  return async (fields: TestPerson['fields'] = {}, more: Partial<TestPerson> = {}) => {
    phoneNumber += 1;
    const phone = `07700 900${phoneNumber.toString()}`;
    const name = `Sam ${phoneNumber.toString()}`;
    const id = await insertTestPerson(t().services.db, t().config.encryptionKey, {
      organisationId: organisationId(),
      displayName: name,
      phone,
      ...more,
      fields,
    });
    return { id, name, phone, e164: `+447700900${phoneNumber.toString()}` };
  };
}

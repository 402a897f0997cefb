import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree } from '#test/support/fixture.ts';
import { personByPhone } from './by-phone.ts';
import { insertTestPerson } from './fixtures.ts';

describe('the person with this phone number', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'byphone', 'Tester');

  before(async () => {
    t = await startTestApp();
    await tree.add('org', undefined, { kind: 'provider', nameEn: 'Org', nameCy: 'Sefydliad' });
  });
  after(() => t.close());

  it('finds one person by any form of the number, and nobody otherwise', async () => {
    const organisationId = tree.ids.org!;
    const id = await insertTestPerson(t.services.db, t.config.encryptionKey, {
      displayName: 'Phone Person',
      organisationId,
      phone: '07700 900111',
    });
    const find = (n: string) => personByPhone(t.services.db, t.config.encryptionKey, n);
    for (const form of ['447700900111', '+447700900111', '07700900111'])
      assert.deepEqual(await find(form), { id, organisationId }, form);
    assert.equal(await find('447700900999'), null);
    assert.equal(await find('not a number'), null);

    // Two people sharing a number: nobody, rather than a guess.
    await insertTestPerson(t.services.db, t.config.encryptionKey, {
      displayName: 'Other Person',
      organisationId,
      phone: '07700900111',
    });
    assert.equal(await find('447700900111'), null);
  });
});

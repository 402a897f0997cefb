import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { overSubtree, scoped } from '#platform/permissions/matrix.ts';
import { insertTestPerson } from '../people/fixtures.ts';

/** person.rights: organisation administrators and involvement leads in their subtree. */
const rights = overSubtree('organisation_admin', 'involvement_lead');

/** A fresh person registered at the target organisation (each erasure needs its own). */
const personAt = async (fixture: MatrixFixture, target: string) => {
  const { db, config } = fixture.services as Services;
  return insertTestPerson(db, config.encryptionKey, {
    organisationId: target,
    phone: '07700 900123',
  });
};

const personPage = (path: string) => async (fixture: MatrixFixture, target: string) =>
  `/people/${await personAt(fixture, target)}${path}`;

export const rightsMatrix: MatrixRow[] = [
  scoped('GET /people/:id/subject-access', rights, personPage('/subject-access')),
  scoped('GET /people/:id/erase', rights, personPage('/erase')),
  scoped('POST /people/:id/erase', rights, personPage('/erase')),
];

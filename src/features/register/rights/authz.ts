import type { Services } from '#platform/modules/contract.ts';
import { type MatrixFixture, type MatrixRow, overSubtree } from '#platform/permissions/matrix.ts';
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

export const rightsMatrix: MatrixRow[] = [
  {
    route: 'GET /people/:id/subject-access',
    access: rights,
    request: async (fixture, target) => ({
      method: 'GET',
      url: `/people/${await personAt(fixture, target)}/subject-access`,
    }),
  },
  {
    route: 'GET /people/:id/erase',
    access: rights,
    request: async (fixture, target) => ({
      method: 'GET',
      url: `/people/${await personAt(fixture, target)}/erase`,
    }),
  },
  {
    route: 'POST /people/:id/erase',
    access: rights,
    request: async (fixture, target) => ({
      method: 'POST',
      url: `/people/${await personAt(fixture, target)}/erase`,
    }),
  },
];

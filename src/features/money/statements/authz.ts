import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { overSubtree, personal, scoped } from '#platform/permissions/matrix.ts';
import { insertTestPerson } from '#features/register';

/**
 * Staff who may see a person's whole record and hold money.view or money.claim there
 * (organisation administrators, involvement leads and staff), over their subtree. Commissioners
 * hold money.view but never see a named person's statement.
 */
const working = overSubtree('organisation_admin', 'involvement_lead', 'staff');

/** The path under a person registered at the target. */
const atPerson = (path: string) => async (fixture: MatrixFixture, target: string) => {
  const { db, config } = fixture.services as Services;
  const id = await insertTestPerson(db, config.encryptionKey, { organisationId: target });
  return `/people/${id}/money/statement${path}`;
};

export const statementsMatrix: MatrixRow[] = [
  scoped('GET /people/:id/money/statement', working, atPerson('')),
  scoped('GET /people/:id/money/statement/pdf', working, atPerson('/pdf')),
  scoped('POST /people/:id/money/statement/post', working, atPerson('/post'), { period: '' }),
  personal('GET /portal/statements'),
  personal('GET /portal/statements/pdf'),
];

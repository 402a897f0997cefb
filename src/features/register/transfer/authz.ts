import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { overSubtree, anywhereAs, scoped, unscoped } from '#platform/permissions/matrix.ts';
import { encrypt } from '#platform/crypto/encryption.ts';
import { importContext } from './types.ts';

/** person.transfer: organisation administrators and involvement leads in their subtree. */
const transfer = overSubtree('organisation_admin', 'involvement_lead');
/** Pages not about one organisation: whoever holds person.transfer somewhere. */
const transferAnywhere = anywhereAs('organisation_admin', 'involvement_lead');

/** A previewed import (with no rows) at the target organisation, made by another account. */
async function previewedImport(fixture: MatrixFixture, target: string) {
  const { db, config } = fixture.services as Services;
  const createdBy = await fixture.createStaffAccount(target);
  const row = await db
    .insertInto('person_imports')
    .values({
      organisation_id: target,
      created_by: createdBy,
      file_name: 'matrix.csv',
      status: 'previewed',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('person_imports')
    .set({ rows_encrypted: encrypt('[]', config.encryptionKey, importContext(row.id)) })
    .where('id', '=', row.id)
    .execute();
  return row.id;
}

const previewed = async (fixture: MatrixFixture, target: string) =>
  `/people/import/${await previewedImport(fixture, target)}`;

export const transferMatrix: MatrixRow[] = [
  unscoped('GET /people/import', transferAnywhere),
  unscoped('GET /people/import/template', transferAnywhere, {
    url: '/people/import/template?format=csv',
  }),
  {
    // a form without a file: allowed actors get the form back with an error
    route: 'POST /people/import',
    access: transfer,
    request: (_fixture, target) => ({
      method: 'POST',
      url: '/people/import',
      form: { organisation: target },
    }),
  },
  scoped('GET /people/import/:id', transfer, previewed),
  scoped('POST /people/import/:id', transfer, previewed, { decision: 'nothing' }),
  unscoped('GET /people/export', transferAnywhere),
  scoped(
    'GET /people/export/download',
    transfer,
    (_fixture, target) => `/people/export/download?organisation=${target}&format=csv`,
  ),
];

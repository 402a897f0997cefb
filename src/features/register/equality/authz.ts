import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { overSubtree, scoped } from '#platform/permissions/matrix.ts';

/** `equality.record`: organisation administrators and involvement leads over their subtree. */
const record = overSubtree('organisation_admin', 'involvement_lead');

/** A person registered at the target organisation who consented to equality monitoring. */
async function personAt(fixture: MatrixFixture, organisationId: string) {
  const { db } = fixture.services as Services;
  const id = crypto.randomUUID();
  await db
    .insertInto('people')
    .values({ id, organisation_id: organisationId, kind: 'service_user', display_name: 'Matrix' })
    .execute();
  await db
    .insertInto('person_organisations')
    .values({ person_id: id, organisation_id: organisationId })
    .execute();
  await sql`update people set scope_ids = (select ancestors from organisations where id = ${organisationId})
    where id = ${id}`.execute(db);
  await db
    .insertInto('consents')
    .values(
      (['register', 'equality'] as const).map((purpose) => ({
        person_id: id,
        purpose,
        wording_version: 'matrix-1',
        method: 'in_person' as const,
      })),
    )
    .execute();
  return id;
}

const equalityOf = async (fixture: MatrixFixture, target: string) =>
  `/people/${await personAt(fixture, target)}/equality`;

export const equalityMatrix: MatrixRow[] = [
  scoped('GET /people/:id/equality', record, equalityOf),
  scoped('POST /people/:id/equality', record, equalityOf, {
    sex: 'prefer_not_to_say',
    ethnicity: 'white_other',
  }),
];

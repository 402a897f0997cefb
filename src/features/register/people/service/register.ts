import type { Kysely } from 'kysely';
import type { Actor } from '#platform/auth/sessions.ts';
import type { DB } from '#platform/db/schema.ts';
import { HttpError } from '#platform/http/errors.ts';
import { can } from '#platform/permissions/policy.ts';
import { invalid, ok, type Result } from '#platform/validation/index.ts';
import { contactColumns, detailsColumns } from './columns.ts';
import * as repository from '../repository.ts';
import type { NewPerson } from '../schema.ts';
import type { PeopleContext } from './context.ts';

type Registration = NewPerson & { id: string; namedWorkerAccountId?: string | null };

/** Writes a new person's rows; false when the id is already taken (registered before). */
async function insertPerson(
  context: PeopleContext,
  trx: Kysely<DB>,
  actor: Actor,
  person: Registration,
) {
  const { keys } = context;
  const inserted = await trx
    .insertInto('people')
    .values({
      id: person.id,
      organisation_id: person.organisationId,
      ...detailsColumns(keys, person.id, person),
      ...contactColumns(keys, person.id, person),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false;
  await trx
    .insertInto('person_organisations')
    .values({ person_id: person.id, organisation_id: person.organisationId })
    .execute();
  await repository.refreshPersonScope(trx, person.id);
  await trx
    .insertInto('person_status_history')
    .values({ person_id: person.id, status: 'active', changed_by: actor.id })
    .execute();
  return true;
}

/** Registering a person (question pages or an import). */
export function registerCommand(context: PeopleContext) {
  const { inTransaction, record } = context;
  return {
    /**
     * Registers a person from the answers of the question pages (or an import). The id is
     * chosen before (on the check-your-answers page), so confirming twice registers once:
     * the second time answers `created: false`. Pass `trx` to register inside a caller's
     * transaction (imports).
     */
    async registerPerson(
      actor: Actor,
      person: Registration,
      options: { trx?: Kysely<DB> } = {},
    ): Promise<Result<{ id: string; created: boolean }>> {
      return inTransaction(options.trx, async (trx) => {
        const organisation = await repository.findOrganisation(trx, person.organisationId);
        if (!organisation || organisation.archivedAt)
          return invalid('organisationId', 'people:errors.organisationId.required');
        if (!can(actor, 'person.manage', organisation)) throw new HttpError(403);
        const worker = person.namedWorkerAccountId;
        if (worker && !(await repository.isWorker(trx, organisation.ancestors, worker)))
          return invalid('namedWorker', 'people:errors.namedWorker.invalid');
        if (!(await insertPerson(context, trx, actor, person)))
          return ok({ id: person.id, created: false });
        const purposes = [...new Set(person.consent.purposes)];
        if (purposes.length)
          await trx
            .insertInto('consents')
            .values(
              purposes.map((purpose) => ({
                person_id: person.id,
                purpose,
                wording_version: person.consent.wordingVersion,
                method: person.consent.method,
                recorded_by: actor.id,
              })),
            )
            .execute();
        await record(trx, actor, 'person.registered', person, {
          kind: person.kind,
          consents: purposes,
          method: person.consent.method,
        });
        return ok({ id: person.id, created: true });
      });
    },
  };
}

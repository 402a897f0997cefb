import type { Actor } from '#platform/auth/sessions.ts';
import { HttpError } from '#platform/http/errors.ts';
import { can, scopeOf } from '#platform/permissions/policy.ts';
import { viewerOf, type Who } from './access.ts';
import type { PersonView } from './person-view.ts';
import * as repository from '../repository.ts';
import { PAGE_SIZE } from '../schema.ts';
import type { PeopleContext } from './context.ts';

const pageCount = (total: number) => Math.max(1, Math.ceil(total / PAGE_SIZE));
const pageOf = (page: number) => ({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });

/** The people service's reads: each filtered by who is asking. */
export function peopleQueries({ db, decrypt, record }: PeopleContext) {
  return {
    /** One page of the people the actor may see that match the filters. */
    async search(actor: Actor, filters: repository.SearchFilters, page: number) {
      const result = await repository.searchPeople(db, viewerOf(actor), filters, pageOf(page));
      return { ...result, page, pageCount: pageCount(result.total) };
    },

    /** Organisations where the actor may register people (for the organisation question). */
    organisationsForRegistering(actor: Actor) {
      return repository.organisationsInScope(db, scopeOf(actor, 'person.manage'));
    },

    /** An organisation by id, if the actor may register people there. */
    async organisationForRegistering(actor: Actor, id: string) {
      const organisation = await repository.findOrganisation(db, id);
      if (!organisation || organisation.archivedAt) return undefined;
      return can(actor, 'person.manage', organisation) ? organisation : undefined;
    },

    /**
     * A person's record, decrypted, if `who` may see it (404 otherwise); records
     * `person.viewed` with the part of the record that was shown.
     */
    async findPersonForActor(
      who: Who,
      id: string,
      options: { section?: string; audit?: boolean } = {},
    ): Promise<PersonView> {
      return db.transaction().execute(async (trx) => {
        const found = await repository.findPerson(trx, viewerOf(who), id);
        if (!found || found.erasedAt) throw new HttpError(404);
        const person = decrypt(found, who);
        if (options.audit !== false)
          await record(trx, who, 'person.viewed', person, {
            section: options.section ?? 'summary',
          });
        return person;
      });
    },

    /** Who may be chosen as the person's named worker (after findPersonForActor), by name. */
    workersFor(person: PersonView) {
      return repository.listWorkers(db, person.scopeIds);
    },

    /** Who may be the named worker of someone being registered with this organisation. */
    async workersAt(organisationId: string) {
      const organisation = await repository.findOrganisation(db, organisationId);
      if (!organisation) return [];
      return repository.listWorkers(db, organisation.ancestors);
    },

    /**
     * What is waiting for staff about a person (after findPersonForActor): open requests from the
     * portal (pause, remove) and messages a worker must give by phone or in person.
     */
    waitingFor(person: PersonView) {
      return repository.waitingFor(db, person.id);
    },

    /** A page of the history of changes to a record (after findPersonForActor). */
    async history(person: PersonView, page: number) {
      const { rows, total } = await repository.personHistory(db, person.id, pageOf(page));
      return { rows, total, page, pageCount: pageCount(total) };
    },
  };
}

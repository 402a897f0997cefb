import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { consentCommands } from './service/consent.ts';
import { peopleQueries } from './service/queries.ts';
import { registerCommand } from './service/register.ts';
import * as repository from './repository.ts';
import { PAGE_SIZE } from './schema.ts';
import { sectionCommand } from './service/sections.ts';
import { peopleContext, type PeopleDependencies } from './service/context.ts';
import { statusCommands } from './service/status.ts';

/**
 * The involvement register: people who want to be involved, and everything on their record.
 * Every command is one transaction with its audit entry inside; every read is filtered by
 * who is asking (staff by organisation scope, commissioners by consent, a person by being
 * themselves). Other features use these commands, never the repository.
 */
export function createPeopleService(deps: PeopleDependencies) {
  const context = peopleContext(deps);
  return {
    PAGE_SIZE,
    ...peopleQueries(context),
    ...registerCommand(context),
    ...sectionCommand(context),
    ...statusCommands(context),
    ...consentCommands(context),
  };
}

export type PeopleService = ReturnType<typeof createPeopleService>;

/**
 * Keeps `people.scope_ids` in step with the person's connections: call inside the
 * transaction that changed `person_organisations`.
 */
export const refreshPersonScope = (trx: Kysely<DB>, personId: string) =>
  repository.refreshPersonScope(trx, personId);

export type { Result } from '#platform/validation/index.ts';
export type { PersonStatus } from '../tables.ts';
export {
  canManagePerson,
  holdsForPerson,
  viewerOf,
  type Access,
  type PortalPerson,
  type Who,
} from './service/access.ts';
export type { ContactInput, DetailsInput, SectionInputs } from './service/columns.ts';
export { liveConsents, type PersonView } from './service/person-view.ts';

import { HttpError } from '#platform/http/errors.ts';
import { ok, invalid, type Result } from '#platform/validation/index.ts';
import { isPerson, viewerOf, type Who } from './access.ts';
import type { ContactInput, SectionInputs } from './columns.ts';
import { currentValues } from './person-view.ts';
import * as repository from '../repository.ts';
import type { CarersSection, Section } from '../schema.ts';
import { checkSupporters, writeSection } from './section-writes.ts';
import type { PeopleContext } from './context.ts';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Changing one section of a record. */
export function sectionCommand({ keys, decrypt, changing, record }: PeopleContext) {
  return {
    /** Changes one section of a record; records which fields changed (never their values). */
    async updatePersonSection<S extends Section>(
      who: Who,
      id: string,
      section: S,
      input: SectionInputs[S],
    ): Promise<Result<{ changed: string[] }>> {
      if (isPerson(who) && section === 'details') throw new HttpError(403);
      return changing(who, id, async (trx, locked) => {
        const found = await repository.findPerson(trx, viewerOf(who), id);
        if (!found) throw new HttpError(404);
        const current = currentValues(decrypt(found, who), section);
        const next = { ...(input as unknown as Record<string, unknown>) };
        if (section === 'contact') {
          const worker = (input as ContactInput).namedWorkerAccountId;
          if (worker === undefined) next.namedWorkerAccountId = current.namedWorkerAccountId;
          else if (
            worker !== null &&
            worker !== current.namedWorkerAccountId &&
            !(await repository.isWorker(trx, found.scopeIds, worker))
          )
            return invalid('namedWorker', 'people:errors.namedWorker.invalid');
        }
        const changed = Object.keys(current).filter((field) => !same(current[field], next[field]));
        if (changed.length === 0) return ok({ changed });
        if (section === 'carers') {
          const refused = await checkSupporters(trx, viewerOf(who), id, input as CarersSection);
          if (refused) return refused;
        }
        await writeSection(trx, keys, id, section, input, changed);
        await record(trx, who, 'person.updated', locked, { section, fields: changed });
        return ok({ changed });
      });
    },
  };
}

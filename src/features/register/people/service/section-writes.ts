import type { Insertable, Kysely, Updateable } from 'kysely';
import type { KeyRing } from '#platform/crypto/encryption.ts';
import type { DB } from '#platform/db/schema.ts';
import { invalid, type Result } from '#platform/validation/index.ts';
import type { Viewer } from '../repository.ts';
import { visiblePeople } from '../repository.ts';
import { contactColumns, detailsColumns, interestsColumns, type SectionInputs } from './columns.ts';
import { protect } from '../protected-fields.ts';
import type { AvailabilitySection, CarersSection, Section } from '../schema.ts';

/** Writing one section of a record: the `people` row, and its rows in other tables. */

type Trx = Kysely<DB>;

const updatePeople = (trx: Trx, id: string, set: Updateable<DB['people']>) =>
  trx
    .updateTable('people')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', id)
    .execute();

type PersonRows = 'person_unavailable_times' | 'person_unavailable_dates' | 'person_supporters';

/** Replaces the person's rows of a table (times, dates, supporters) with `rows`. */
async function replaceRows<T extends PersonRows>(
  trx: Trx,
  table: T,
  id: string,
  rows: Insertable<DB[T]>[],
) {
  const from: PersonRows = table;
  await trx.deleteFrom(from).where('person_id', '=', id).execute();
  if (rows.length) await trx.insertInto(table).values(rows).execute();
}

async function writeAvailability(
  trx: Trx,
  id: string,
  value: AvailabilitySection,
  changed: string[],
) {
  await updatePeople(trx, id, {
    travel_limit: value.travelLimit,
    access_needs: value.accessNeeds,
    venue_needs: value.venueNeeds,
    support_needed: value.supportNeeded,
  });
  if (changed.includes('unavailableTimes'))
    await replaceRows(
      trx,
      'person_unavailable_times',
      id,
      value.unavailableTimes.map((u) => ({
        person_id: id,
        weekday: u.weekday,
        starts_at: u.startsAt,
        ends_at: u.endsAt,
        reason: u.reason,
      })),
    );
  if (changed.includes('unavailableDates'))
    await replaceRows(
      trx,
      'person_unavailable_dates',
      id,
      value.unavailableDates.map((d) => ({ person_id: id, date: d.date, reason: d.reason })),
    );
}

/** Supporters linked by id must be other people the viewer can see on the register. */
export async function checkSupporters(
  trx: Trx,
  viewer: Viewer,
  id: string,
  value: CarersSection,
): Promise<Result<never> | undefined> {
  const related = [
    ...new Set(value.supporters.map((s) => s.relatedPersonId).filter((x) => x !== null)),
  ];
  if (related.includes(id)) return invalid('supporters', 'people:errors.relatedPersonId.self');
  if (!related.length) return undefined;
  const visible = await visiblePeople(trx, viewer)
    .select('p.id')
    .where('p.id', 'in', related)
    .execute();
  const missing = value.supporters.findIndex(
    (s) => s.relatedPersonId && !visible.some((v) => v.id === s.relatedPersonId),
  );
  return missing >= 0
    ? invalid(`supporter-${missing}-relatedPersonId`, 'people:errors.relatedPersonId.notFound')
    : undefined;
}

async function writeCarers(
  trx: Trx,
  keys: KeyRing,
  id: string,
  value: CarersSection,
  changed: string[],
) {
  await updatePeople(trx, id, { emergency_arrangements: value.emergencyArrangements });
  if (!changed.includes('supporters')) return;
  await replaceRows(
    trx,
    'person_supporters',
    id,
    value.supporters.map((s) => ({
      person_id: id,
      related_person_id: s.relatedPersonId,
      name: protect(keys, 'supporter_name', id, s.name),
      relationship: s.relationship,
      may_share: s.mayShare,
    })),
  );
}

/** Writes a checked section whose `changed` fields differ from what is stored. */
export async function writeSection<S extends Section>(
  trx: Trx,
  keys: KeyRing,
  id: string,
  section: S,
  input: SectionInputs[S],
  changed: string[],
) {
  const value: SectionInputs[Section] = input;
  switch (section) {
    case 'details':
      return updatePeople(trx, id, detailsColumns(keys, id, value as SectionInputs['details']));
    case 'contact':
      return updatePeople(trx, id, contactColumns(keys, id, value as SectionInputs['contact']));
    case 'availability':
      return writeAvailability(trx, id, value as AvailabilitySection, changed);
    case 'interests':
      return updatePeople(trx, id, interestsColumns(value as SectionInputs['interests']));
    default:
      return writeCarers(trx, keys, id, value as CarersSection, changed);
  }
}

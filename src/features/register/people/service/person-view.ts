import type { KeyRing } from '#platform/crypto/encryption.ts';
import { accessOf, canManagePerson, holdsForPerson, type Access, type Who } from './access.ts';
import { reveal } from '../protected-fields.ts';
import type { PersonRecord, SupporterRow } from '../repository.ts';
import type { Address, Section } from '../schema.ts';

/** A person's record as a viewer sees it: decrypted where they may, with what they may do. */
export interface PersonView extends Omit<PersonRecord, 'address' | 'supporters'> {
  address: Address | null;
  supporters: (SupporterRow & { name: string | null })[];
  access: Access;
  /** May the viewer change the record? */
  canManage: boolean;
  /** May the viewer export everything held about the person, or erase it? */
  canRights: boolean;
  /** May the viewer record the person's equality monitoring answers? */
  canEquality: boolean;
}

/** The consents that are live now, by purpose. */
export const liveConsents = (person: Pick<PersonView, 'consents'>) =>
  new Set(person.consents.filter((c) => c.withdrawnAt === null).map((c) => c.purpose));

/** Decrypts the protected columns of a record (none for a viewer who sees it by consent). */
export function decryptPerson(keys: KeyRing, record: PersonRecord, who: Who): PersonView {
  const access = accessOf(who, record);
  const open = (column: Parameters<typeof reveal>[1], value: string | null) =>
    access === 'consented' ? null : reveal(keys, column, record.id, value);
  const address = open('address', record.address);
  return {
    ...record,
    legalName: open('legal_name', record.legalName),
    dateOfBirth: open('date_of_birth', record.dateOfBirth),
    phone: open('phone', record.phone),
    email: open('email', record.email),
    address: address ? (JSON.parse(address) as Address) : null,
    supporters:
      access === 'consented'
        ? []
        : record.supporters.map((s) => ({
            ...s,
            name: reveal(keys, 'supporter_name', record.id, s.name),
          })),
    access,
    canManage: canManagePerson(who, record),
    canRights: holdsForPerson(who, 'person.rights', record),
    canEquality: holdsForPerson(who, 'equality.record', record),
  };
}

/** A section's current values, in the same shape as its input (to see what changed). */
export function currentValues(person: PersonView, section: Section): Record<string, unknown> {
  const pick = (fields: readonly (keyof PersonView)[]) =>
    Object.fromEntries(fields.map((field) => [field, person[field]]));
  switch (section) {
    case 'details':
      return pick(['kind', 'displayName', 'legalName', 'dateOfBirth', 'ageBand']);
    case 'contact':
      return pick([
        'preferredLanguage',
        'speaksWelsh',
        'formats',
        'interpreterLanguage',
        'phone',
        'email',
        'address',
        'channels',
        'noVoicemail',
        'plainEnvelope',
        'noContactViaFamily',
        'fullerMessages',
        'quietFrom',
        'quietTo',
        'namedWorkerAccountId',
      ]);
    case 'availability':
      return pick([
        'travelLimit',
        'accessNeeds',
        'venueNeeds',
        'supportNeeded',
        'unavailableTimes',
        'unavailableDates',
      ]);
    case 'interests':
      return pick([
        'willingActivities',
        'skills',
        'interests',
        'trainingCompleted',
        'orientation',
        'commitmentGroup',
      ]);
    case 'carers':
      return {
        emergencyArrangements: person.emergencyArrangements,
        supporters: person.supporters.map((s) => ({
          name: s.name,
          relationship: s.relationship,
          relatedPersonId: s.relatedPersonId,
          mayShare: s.mayShare,
        })),
      };
  }
}

import type { KeyRing } from '#platform/crypto/encryption.ts';
import { lookupHash, normaliseNameAndBirth, protect } from '../protected-fields.ts';
import type {
  AgeStep,
  AvailabilitySection,
  CarersSection,
  ContactStep,
  InterestsSection,
  KindStep,
  LanguageStep,
  NameStep,
} from '../schema.ts';

/** What each section of a record takes, and how it is written to the `people` row. */

export type DetailsInput = KindStep & NameStep & AgeStep;
export type ContactInput = LanguageStep &
  ContactStep & {
    /** Staff only: the named worker (null: none); undefined leaves it unchanged (the portal). */
    namedWorkerAccountId?: string | null | undefined;
  };
export interface SectionInputs {
  details: DetailsInput;
  contact: ContactInput;
  availability: AvailabilitySection;
  interests: InterestsSection;
  carers: CarersSection;
}

/** The columns of the details section. */
export const detailsColumns = (keys: KeyRing, id: string, input: DetailsInput) => ({
  kind: input.kind,
  display_name: input.displayName,
  legal_name: protect(keys, 'legal_name', id, input.legalName),
  date_of_birth: protect(keys, 'date_of_birth', id, input.dateOfBirth),
  age_band: input.ageBand,
  dedupe_lookup: input.dateOfBirth
    ? lookupHash(
        keys,
        'dedupe',
        normaliseNameAndBirth(input.legalName ?? input.displayName, input.dateOfBirth),
      )
    : null,
});

/** The columns of the contact section (contact details encrypted, look-ups hashed). */
export const contactColumns = (keys: KeyRing, id: string, input: ContactInput) => ({
  preferred_language: input.preferredLanguage,
  speaks_welsh: input.speaksWelsh,
  formats: input.formats,
  interpreter_language: input.interpreterLanguage,
  phone: protect(keys, 'phone', id, input.phone),
  email: protect(keys, 'email', id, input.email),
  address: protect(keys, 'address', id, input.address ? JSON.stringify(input.address) : null),
  phone_lookup: input.phone ? lookupHash(keys, 'phone', input.phone) : null,
  email_lookup: input.email ? lookupHash(keys, 'email', input.email) : null,
  channels: input.channels,
  no_voicemail: input.noVoicemail,
  plain_envelope: input.plainEnvelope,
  no_contact_via_family: input.noContactViaFamily,
  fuller_messages: input.fullerMessages,
  quiet_from: input.quietFrom,
  quiet_to: input.quietTo,
  // only staff choose the named worker; the portal's form leaves it as it is
  ...(input.namedWorkerAccountId === undefined
    ? {}
    : { named_worker_account_id: input.namedWorkerAccountId }),
});

/** The columns of the interests section. */
export const interestsColumns = (input: InterestsSection) => ({
  willing_activities: input.willingActivities,
  skills: input.skills,
  interests: input.interests,
  training_completed: input.trainingCompleted,
  orientation: input.orientation,
  commitment_group: input.commitmentGroup,
});

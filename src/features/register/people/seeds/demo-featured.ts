import type { Insertable } from 'kysely';
import { consentPurposes, type PeopleTable } from '../../tables.ts';

/** The demo register's people written by hand: each shows a feature of the register. */

export interface Unavailable {
  weekday: number | null;
  from: string;
  to: string;
  reason: string;
}

export interface DemoPerson {
  key: string;
  at: string;
  alsoAt?: string[];
  kind: PeopleTable['kind'];
  name: string;
  legalName?: string;
  dateOfBirth?: string;
  ageBand?: Insertable<PeopleTable>['age_band'];
  status?: 'active' | 'paused' | 'moved_on';
  pauseReview?: string;
  statusReason?: string;
  welsh?: 'prefers' | 'speaks';
  formats?: string[];
  interpreter?: string;
  channels: string[];
  phone?: number;
  email?: boolean;
  address?: { lines: string; postcode: string };
  noVoicemail?: boolean;
  plainEnvelope?: boolean;
  noContactViaFamily?: boolean;
  /** Chose fuller texts and e-mails (the default is discreet). */
  fullerMessages?: boolean;
  quiet?: [string, string];
  unavailable?: Unavailable[];
  unavailableDates?: { inDays: number; reason: string }[];
  travel?: string;
  access?: string;
  /** What a venue must offer them (checked by meetings' user-proofing). */
  venueNeeds?: string[];
  support?: string;
  willing: string[];
  skills?: string[];
  training?: string[];
  interests?: string;
  orientation?: 'advocate' | 'activist' | 'both' | 'not_sure';
  group?: 'A' | 'B' | 'C';
  consents?: string[];
  withdrawn?: string[];
  equality?: Record<string, string>;
  /** Carers: the key of the person they care for, and what that person lets them see. */
  caresFor?: { key: string; share: string[] };
  worker?: string;
}

export const SCHOOL_RUN: Unavailable[] = [1, 2, 3, 4, 5].flatMap((weekday) => [
  { weekday, from: '08:15', to: '09:15', reason: 'School run' },
  { weekday, from: '14:45', to: '15:30', reason: 'School run' },
]);
export const NOT_BEFORE_11: Unavailable = {
  weekday: null,
  from: '00:00',
  to: '11:00',
  reason: 'Not before 11:00',
};
export const PHARMACY = (weekday: number): Unavailable => ({
  weekday,
  from: '09:00',
  to: '10:30',
  reason: 'Pharmacy pick-up',
});

/** Hand-written people who show each feature of the register. */
export const featured: DemoPerson[] = [
  {
    key: 'rhiannon',
    at: 'aberffugHub',
    alsoAt: ['regionForum'],
    kind: 'service_user',
    name: 'Rhiannon Ffugiol',
    legalName: 'Rhiannon Mai Ffugiol',
    dateOfBirth: '1986-03-14',
    welsh: 'prefers',
    channels: ['sms', 'email'],
    phone: 101,
    email: true,
    willing: ['interview_panels', 'forums', 'tender_panels'],
    skills: ['public_speaking', 'interviewing'],
    training: ['induction', 'interview_panel', 'safeguarding'],
    orientation: 'advocate',
    group: 'A',
    unavailable: [PHARMACY(4)],
    consents: [...consentPurposes],
    equality: {
      age_band: '35_44',
      sex: 'female',
      ethnicity: 'white_welsh_english_scottish_ni_british',
      welsh_speaker: 'fluent',
      housing: 'social_rent',
      disability: 'no',
      criminal_justice: 'past',
    },
  },
  {
    key: 'dai',
    at: 'aberffugNsp',
    kind: 'service_user',
    name: 'Dai Dychmygol',
    channels: ['sms'],
    phone: 102,
    noVoicemail: true,
    quiet: ['21:00', '09:00'],
    unavailable: [NOT_BEFORE_11],
    willing: ['surveys', 'mystery_shopping'],
    support: 'Prefers to meet at the hub with his key worker there.',
    consents: ['register', 'contact', 'share_deidentified'],
    group: 'C',
  },
  {
    key: 'megan',
    at: 'supportedHousing',
    kind: 'service_user',
    name: 'Megan Breuddwyd',
    channels: ['letter'],
    plainEnvelope: true,
    noContactViaFamily: true,
    address: { lines: '1 Heol Ffug\nLlanddychmyg', postcode: 'CF99 1ZZ' },
    willing: ['surveys', 'newsletters'],
    formats: ['easy_read', 'large_print'],
    access: 'Large print, please. Step-free access.',
    venueNeeds: ['step_free'],
    consents: ['register', 'contact'],
  },
  {
    key: 'owain',
    at: 'aberffugHub',
    kind: 'former_service_user',
    name: 'Owain Chwedl',
    status: 'paused',
    pauseReview: 'in30',
    statusReason: 'Asked for a break for a few weeks',
    channels: ['phone', 'sms'],
    phone: 104,
    welsh: 'speaks',
    willing: ['peer_mentoring', 'training_delivery'],
    skills: ['peer_support', 'facilitation'],
    training: ['induction', 'peer_mentoring', 'naloxone'],
    orientation: 'both',
    group: 'B',
    consents: ['register', 'contact', 'share_deidentified', 'equality'],
    equality: {
      age_band: '45_54',
      sex: 'male',
      ethnicity: 'white_welsh_english_scottish_ni_british',
      welsh_speaker: 'fluent',
      sexual_orientation: 'prefer_not_to_say',
    },
  },
  {
    key: 'sian',
    at: 'recoveryCafe',
    kind: 'former_service_user',
    name: 'Siân Enfys',
    status: 'moved_on',
    statusReason: 'Moved out of the area',
    channels: ['email'],
    email: true,
    fullerMessages: true,
    willing: ['conferences'],
    consents: ['register'],
    withdrawn: ['contact'],
  },
  {
    key: 'glenys',
    at: 'carersDropIn',
    alsoAt: ['carersForum'],
    kind: 'carer',
    name: 'Glenys Cysgod',
    channels: ['phone', 'letter'],
    phone: 106,
    address: { lines: '7 Stryd y Chwedl\nLlanddychmyg', postcode: 'CF99 2ZZ' },
    welsh: 'prefers',
    willing: ['forums', 'consultation_events'],
    skills: ['writing'],
    quiet: ['20:00', '10:00'],
    // caring for Dai in the mornings
    unavailable: [NOT_BEFORE_11],
    caresFor: { key: 'dai', share: ['involvement', 'emergency'] },
    consents: ['register', 'contact', 'share_deidentified', 'equality'],
    equality: {
      age_band: '65_plus',
      sex: 'female',
      marriage_civil_partnership: 'widowed',
      religion_belief: 'christian',
      welsh_speaker: 'fluent',
    },
  },
  {
    key: 'kai',
    at: 'outreach',
    kind: 'young_person',
    name: 'Kai Seren',
    ageBand: 'under_18',
    channels: ['in_person'],
    worker: 'chloe.roberts@demo.example',
    willing: ['focus_groups'],
    support: 'A worker goes with Kai to any meeting.',
    consents: ['register', 'contact'],
  },
  {
    key: 'amira',
    at: 'aberffugHub',
    kind: 'service_user',
    name: 'Amira Afallon',
    channels: ['sms', 'phone'],
    phone: 108,
    formats: ['interpreter'],
    interpreter: 'Arabic',
    unavailable: SCHOOL_RUN,
    willing: ['focus_groups', 'surveys', 'interview_panels'],
    training: ['induction', 'interview_panel'],
    consents: ['register', 'contact', 'share_deidentified', 'equality'],
    equality: {
      age_band: '25_34',
      sex: 'female',
      ethnicity: 'other_arab',
      religion_belief: 'muslim',
      pregnancy_maternity: 'recent_birth',
    },
  },
  {
    key: 'gethin',
    at: 'familySupport',
    kind: 'family_member',
    name: 'Gethin Lleuad',
    channels: ['email', 'sms'],
    email: true,
    phone: 109,
    welsh: 'prefers',
    willing: ['newsletters', 'forums'],
    caresFor: { key: 'rhiannon', share: ['involvement'] },
    consents: ['register', 'contact', 'share_deidentified'],
    withdrawn: ['media'],
  },
  {
    key: 'bryn',
    at: 'supportedHousing',
    alsoAt: ['aberffugHub'],
    kind: 'service_user',
    name: 'B. (pseudonym)',
    channels: ['sms'],
    phone: 110,
    noVoicemail: true,
    noContactViaFamily: true,
    formats: ['audio'],
    willing: ['monitoring_audit', 'mystery_shopping'],
    travel: 'Only within walking distance of the town centre.',
    consents: ['register', 'contact', 'share_deidentified'],
    withdrawn: ['share_identified'],
  },
];

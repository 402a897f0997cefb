import { seededRandom, stableUuid, type SeededRandom } from '#platform/seed/ids.ts';
import { activities, type PeopleTable } from '../../tables.ts';
import { skills, trainings } from '../schema.ts';
import { featured, NOT_BEFORE_11, PHARMACY, SCHOOL_RUN, type DemoPerson } from './demo-featured.ts';

/** The demo register's people: the featured ones, then about 50 generated, deterministically. */

const firstNames = [
  'Alys',
  'Bedwyr',
  'Carwyn',
  'Delyth',
  'Efa',
  'Fflur',
  'Geraint',
  'Heledd',
  'Idris',
  'Jac',
  'Lleucu',
  'Macsen',
  'Nerys',
  'Osian',
  'Pedr',
  'Rhodri',
  'Sioned',
  'Taliesin',
  'Una',
  'Wil',
  'Ayesha',
  'Ben',
  'Chen',
  'Dani',
  'Erin',
  'Femi',
  'Grace',
  'Harri',
  'Imran',
  'Jade',
  'Kerry',
  'Leon',
  'Mo',
  'Nadia',
  'Olu',
  'Paula',
  'Ravi',
  'Sam',
  'Tomasz',
  'Zofia',
  'Cai',
  'Mali',
  'Ioan',
  'Lowri',
  'Deio',
  'Non',
  'Rhys',
  'Tesni',
  'Elis',
  'Gwawr',
];
const surnames = [
  'Ffugiol',
  'Dychmygol',
  'Breuddwyd',
  'Chwedl',
  'Enfys',
  'Cysgod',
  'Seren',
  'Afallon',
  'Lleuad',
  'Niwl',
  'Rhith',
  'Hudol',
  'Gwyntog',
  'Tonnog',
  'Cwmwl',
];
const places = [
  'aberffugHub',
  'aberffugNsp',
  'recoveryCafe',
  'carersDropIn',
  'supportedHousing',
  'outreach',
  'aberffugDas',
  'housing',
];
const kinds: PeopleTable['kind'][] = [
  'service_user',
  'service_user',
  'service_user',
  'former_service_user',
  'former_service_user',
  'carer',
  'family_member',
  'young_person',
];
const channelSets = [
  ['sms'],
  ['sms', 'email'],
  ['phone', 'sms'],
  ['email'],
  ['letter'],
  ['phone', 'letter'],
  ['email', 'phone'],
];
const ageBands = ['18_24', '25_34', '35_44', '45_54', '55_64', '65_plus'] as const;

/** Equality monitoring answers for a generated person who consented to give them. */
const equalityAnswers = (
  random: SeededRandom,
  person: DemoPerson,
  welsh: DemoPerson['welsh'],
): Record<string, string> => ({
  age_band: person.ageBand ?? 'prefer_not_to_say',
  sex: random.pick(['female', 'male', 'prefer_not_to_say']),
  ethnicity: random.pick([
    'white_welsh_english_scottish_ni_british',
    'white_welsh_english_scottish_ni_british',
    'white_other',
    'asian_pakistani',
    'black_african',
    'mixed_white_asian',
    'prefer_not_to_say',
  ]),
  welsh_speaker: welsh === 'prefers' ? 'fluent' : random.pick(['no', 'some', 'learning']),
  housing: random.pick(['social_rent', 'private_rent', 'family_friends', 'supported', 'temporary']),
  disability: random.pick(['no', 'yes_a_little', 'yes_a_lot', 'prefer_not_to_say']),
  criminal_justice: random.pick(['no', 'past', 'current', 'prefer_not_to_say']),
});

/** The rest of the register: varied, deterministic. */
function generated(count: number): DemoPerson[] {
  const random = seededRandom(31);
  const some = <T>(pool: readonly T[], max: number) => {
    const n = random.int(0, max);
    return [...new Set(Array.from({ length: n }, () => random.pick(pool)))];
  };
  return Array.from({ length: count }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    const roll = random.next();
    const channels = random.pick(channelSets);
    const welsh = roll < 0.25 ? 'prefers' : roll < 0.4 ? 'speaks' : undefined;
    const consentsRoll = random.next();
    const consents = [
      'register',
      ...(consentsRoll < 0.9 ? ['contact'] : []),
      ...(consentsRoll < 0.75 ? ['share_deidentified'] : []),
      ...(consentsRoll < 0.3 ? ['share_identified'] : []),
      ...(consentsRoll < 0.55 ? ['equality'] : []),
    ];
    const person: DemoPerson = {
      key: `person-${i}`,
      at:
        kind === 'carer' || kind === 'family_member' ? 'carersDropIn' : places[i % places.length]!,
      ...(i % 9 === 0 ? { alsoAt: [kind === 'carer' ? 'carersForum' : 'regionForum'] } : {}),
      kind,
      name: `${firstNames[i % firstNames.length]!} ${surnames[(i * 7) % surnames.length]!}`,
      ageBand: kind === 'young_person' ? 'under_18' : random.pick(ageBands),
      status: i % 13 === 5 ? 'paused' : i % 17 === 3 ? 'moved_on' : 'active',
      ...(i % 13 === 5
        ? { pauseReview: `in${random.int(7, 60)}`, statusReason: 'Taking a break' }
        : {}),
      ...(welsh ? { welsh } : {}),
      ...(i % 11 === 4 ? { formats: ['easy_read'] } : i % 23 === 7 ? { formats: ['bsl'] } : {}),
      channels,
      ...(channels.includes('sms') || channels.includes('phone') ? { phone: 200 + i } : {}),
      ...(channels.includes('email') ? { email: true } : {}),
      ...(channels.includes('letter')
        ? {
            address: { lines: `${i + 2} Ffordd Ffug\nAberffug`, postcode: 'CF99 3ZZ' },
            plainEnvelope: i % 2 === 0,
          }
        : {}),
      ...(i % 5 === 1 ? { noVoicemail: true } : {}),
      ...(i % 7 === 2 ? { quiet: ['20:30', '09:30'] as [string, string] } : {}),
      ...(i % 6 === 0
        ? { unavailable: [NOT_BEFORE_11] }
        : i % 6 === 3
          ? { unavailable: SCHOOL_RUN }
          : i % 8 === 1
            ? { unavailable: [PHARMACY(random.int(1, 5))] }
            : {}),
      ...(i % 10 === 6
        ? { unavailableDates: [{ inDays: random.int(3, 40), reason: 'Appointment' }] }
        : {}),
      willing: some(activities, 4),
      skills: some(skills, 2),
      training: random.next() < 0.5 ? ['induction', ...some(trainings, 2)] : [],
      orientation: random.pick(['advocate', 'activist', 'both', 'not_sure'] as const),
      group: random.pick(['A', 'B', 'C'] as const),
      consents,
      ...(i % 12 === 8 ? { withdrawn: ['contact'] } : {}),
    };
    if (consents.includes('equality') && random.next() < 0.8)
      person.equality = equalityAnswers(random, person, welsh);
    return person;
  });
}

export const demoPeople: DemoPerson[] = [...featured, ...generated(50)];
export const demoPersonId = (key: string) => stableUuid(`cyd-demo-person:${key}`);

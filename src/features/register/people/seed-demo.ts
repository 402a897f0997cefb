import { sql, type Insertable, type Kysely } from 'kysely';
import type { KeyRing } from '#platform/crypto/encryption.ts';
import type { DB } from '#platform/db/schema.ts';
import type { PeopleTable } from '../tables.ts';
import {
  lookupHash,
  normaliseEmail,
  normaliseNameAndBirth,
  normaliseUkPhone,
  protect,
} from './protected-fields.ts';
import { seededRandom, stableUuid } from '#platform/seed/ids.ts';

/**
 * A varied, clearly fictional involvement register for the demo (issue 3): about 60 people
 * across the demo providers — every kind and status (paused with a review date, moved on),
 * Welsh and English, formats, channels in order (SMS only, letter only with a plain envelope),
 * quiet times, times they cannot do (not before 11:00, school runs, pharmacy pick-up),
 * willingness, skills, training, carers linked with what may be shared, consents (some
 * withdrawn) and equality answers for some. Phone numbers are Ofcom drama numbers (07700
 * 900xxx), e-mail addresses are at example.org, surnames are invented Welsh words.
 *
 * Rows go straight into the tables (contact details encrypted with protect(), look-ups
 * hashed), ids are stable so links survive a reset, and `scope_ids` holds the ancestors of
 * every organisation a person is connected to.
 */
type Trx = Kysely<DB>;

interface Unavailable {
  weekday: number | null;
  from: string;
  to: string;
  reason: string;
}

interface DemoPerson {
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
  quiet?: [string, string];
  unavailable?: Unavailable[];
  unavailableDates?: { inDays: number; reason: string }[];
  travel?: string;
  access?: string;
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

const SCHOOL_RUN: Unavailable[] = [1, 2, 3, 4, 5].flatMap((weekday) => [
  { weekday, from: '08:15', to: '09:15', reason: 'School run' },
  { weekday, from: '14:45', to: '15:30', reason: 'School run' },
]);
const NOT_BEFORE_11: Unavailable = {
  weekday: null,
  from: '00:00',
  to: '11:00',
  reason: 'Not before 11:00',
};
const PHARMACY = (weekday: number): Unavailable => ({
  weekday,
  from: '09:00',
  to: '10:30',
  reason: 'Pharmacy pick-up',
});

/** Hand-written people who show each feature of the register. */
const featured: DemoPerson[] = [
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
    consents: [
      'register',
      'contact',
      'share_deidentified',
      'share_identified',
      'equality',
      'media',
    ],
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
const activityPool = [
  'forums',
  'surveys',
  'focus_groups',
  'interview_panels',
  'tender_panels',
  'monitoring_audit',
  'training_delivery',
  'peer_mentoring',
  'newsletters',
  'conferences',
  'consultation_events',
  'mystery_shopping',
  'service_delivery',
];
const skillPool = [
  'public_speaking',
  'writing',
  'design',
  'digital',
  'facilitation',
  'interviewing',
  'research',
  'peer_support',
  'translation',
  'arts',
];
const trainingPool = [
  'induction',
  'interview_panel',
  'safeguarding',
  'confidentiality',
  'presenting',
  'peer_mentoring',
  'naloxone',
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
      willing: some(activityPool, 4),
      skills: some(skillPool, 2),
      training: random.next() < 0.5 ? ['induction', ...some(trainingPool, 2)] : [],
      orientation: random.pick(['advocate', 'activist', 'both', 'not_sure'] as const),
      group: random.pick(['A', 'B', 'C'] as const),
      consents,
      ...(i % 12 === 8 ? { withdrawn: ['contact'] } : {}),
    };
    if (consents.includes('equality') && random.next() < 0.8) {
      person.equality = {
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
        housing: random.pick([
          'social_rent',
          'private_rent',
          'family_friends',
          'supported',
          'temporary',
        ]),
        disability: random.pick(['no', 'yes_a_little', 'yes_a_lot', 'prefer_not_to_say']),
        criminal_justice: random.pick(['no', 'past', 'current', 'prefer_not_to_say']),
      };
    }
    return person;
  });
}

export const demoPeople: DemoPerson[] = [...featured, ...generated(50)];
export const demoPersonId = (key: string) => stableUuid(`cyd-demo-person:${key}`);

const dayOffset = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Deletes the demo register (people connected to demo organisations; the rest cascades). */
export async function resetDemoPeople(trx: Trx, demoRoot: string) {
  const demoOrganisations = trx
    .selectFrom('organisations')
    .select('id')
    .where(sql<boolean>`ancestors && array[${demoRoot}]::uuid[]`);
  await trx
    .deleteFrom('people')
    .where((eb) =>
      eb.or([
        eb('organisation_id', 'in', demoOrganisations),
        eb(sql<boolean>`scope_ids && array[${demoRoot}]::uuid[]`, '=', true),
      ]),
    )
    .execute();
  await trx
    .deleteFrom('person_organisations')
    .where('organisation_id', 'in', demoOrganisations)
    .execute();
}

export interface DemoPeopleContext {
  keys: KeyRing;
  organisation: (key: string) => { id: string; ancestors: string[] };
  accountId: (email: string) => string | undefined;
}

/** Inserts the demo register (one statement per table). */
export async function seedDemoPeople(trx: Trx, context: DemoPeopleContext) {
  const { keys } = context;
  const recorder = context.accountId('involvement-lead@demo.example') ?? null;
  const people: Insertable<DB['people']>[] = [];
  const connections: Insertable<DB['person_organisations']>[] = [];
  const history: Insertable<DB['person_status_history']>[] = [];
  const times: Insertable<DB['person_unavailable_times']>[] = [];
  const dates: Insertable<DB['person_unavailable_dates']>[] = [];
  const consents: Insertable<DB['consents']>[] = [];
  const equality: Insertable<DB['equality_monitoring']>[] = [];
  const supporters: Insertable<DB['person_supporters']>[] = [];
  const registered = new Date(Date.now() - 180 * 86_400_000);

  for (const p of demoPeople) {
    const id = demoPersonId(p.key);
    const at = [p.at, ...(p.alsoAt ?? [])].map((key) => context.organisation(key));
    const phone = p.phone ? normaliseUkPhone(`07700 900${String(p.phone).padStart(3, '0')}`) : null;
    const slug = p.name
      .toLowerCase()
      .replace(/[^a-z]+/g, '.')
      .replace(/^\.|\.$/g, '');
    const email = p.email ? normaliseEmail(`${slug}@example.org`) : null;
    const status = p.status ?? 'active';
    const pauseReview = p.pauseReview ? dayOffset(Number(p.pauseReview.slice(2))) : null;
    people.push({
      id,
      organisation_id: at[0]!.id,
      scope_ids: [...new Set(at.flatMap((o) => o.ancestors))],
      kind: p.kind,
      display_name: p.name,
      legal_name: protect(keys, 'legal_name', id, p.legalName),
      date_of_birth: protect(keys, 'date_of_birth', id, p.dateOfBirth),
      age_band: p.ageBand ?? (p.dateOfBirth ? '35_44' : null),
      status,
      pause_review_date: pauseReview,
      preferred_language: p.welsh === 'prefers' ? 'cy' : 'en',
      speaks_welsh: p.welsh !== undefined,
      formats: p.formats ?? [],
      interpreter_language: p.interpreter ?? null,
      channels: p.channels,
      named_worker_account_id: p.worker ? (context.accountId(p.worker) ?? null) : null,
      phone: protect(keys, 'phone', id, phone),
      email: protect(keys, 'email', id, email),
      address: protect(keys, 'address', id, p.address ? JSON.stringify(p.address) : null),
      phone_lookup: phone ? lookupHash(keys, 'phone', phone) : null,
      email_lookup: email ? lookupHash(keys, 'email', email) : null,
      dedupe_lookup: p.dateOfBirth
        ? lookupHash(keys, 'dedupe', normaliseNameAndBirth(p.legalName ?? p.name, p.dateOfBirth))
        : null,
      no_voicemail: p.noVoicemail ?? false,
      plain_envelope: p.plainEnvelope ?? false,
      no_contact_via_family: p.noContactViaFamily ?? false,
      quiet_from: p.quiet?.[0] ?? null,
      quiet_to: p.quiet?.[1] ?? null,
      travel_limit: p.travel ?? null,
      access_needs: p.access ?? null,
      support_needed: p.support ?? null,
      willing_activities: p.willing,
      skills: p.skills ?? [],
      interests: p.interests ?? null,
      training_completed: p.training ?? [],
      orientation: p.orientation ?? null,
      commitment_group: p.group ?? null,
      created_at: registered,
      updated_at: registered,
    });
    for (const o of at) connections.push({ person_id: id, organisation_id: o.id });
    history.push({ person_id: id, status: 'active', changed_by: recorder, changed_at: registered });
    if (status !== 'active')
      history.push({
        person_id: id,
        status,
        pause_review_date: pauseReview,
        reason: p.statusReason ?? null,
        changed_by: recorder,
      });
    for (const u of p.unavailable ?? [])
      times.push({
        person_id: id,
        weekday: u.weekday,
        starts_at: u.from,
        ends_at: u.to,
        reason: u.reason,
      });
    for (const d of p.unavailableDates ?? [])
      dates.push({ person_id: id, date: dayOffset(d.inDays), reason: d.reason });
    for (const purpose of new Set([...(p.consents ?? ['register']), ...(p.withdrawn ?? [])]))
      consents.push({
        person_id: id,
        purpose: purpose as Insertable<DB['consents']>['purpose'],
        wording_version: '2026-1',
        method: 'in_person',
        recorded_by: recorder,
        given_at: registered,
        ...(p.withdrawn?.includes(purpose)
          ? {
              withdrawn_at: new Date(Date.now() - 20 * 86_400_000),
              withdrawn_by: recorder,
              withdrawal_method: 'phone' as const,
            }
          : {}),
      });
    if (p.equality)
      equality.push({
        person_id: id,
        organisation_id: at[0]!.id,
        ...p.equality,
        recorded_at: registered,
      });
    if (p.caresFor)
      supporters.push({
        person_id: demoPersonId(p.caresFor.key),
        related_person_id: id,
        name: null,
        relationship: p.kind === 'carer' ? 'carer' : 'family_member',
        may_share: p.caresFor.share,
      });
  }
  // a supporter who is not on the register: just a name (encrypted)
  const rhiannon = demoPersonId('rhiannon');
  supporters.push({
    person_id: rhiannon,
    name: protect(keys, 'supporter_name', rhiannon, 'Eurig Ffugiol'),
    relationship: 'friend',
    may_share: ['contact'],
  });

  await trx.insertInto('people').values(people).execute();
  await trx.insertInto('person_organisations').values(connections).execute();
  await trx.insertInto('person_status_history').values(history).execute();
  if (times.length) await trx.insertInto('person_unavailable_times').values(times).execute();
  if (dates.length) await trx.insertInto('person_unavailable_dates').values(dates).execute();
  await trx.insertInto('consents').values(consents).execute();
  if (equality.length) await trx.insertInto('equality_monitoring').values(equality).execute();
  await trx.insertInto('person_supporters').values(supporters).execute();
  return { people: people.length };
}

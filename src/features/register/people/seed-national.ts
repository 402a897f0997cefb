import { sql, type Insertable } from 'kysely';
import type { KeyRing } from '#platform/crypto/encryption.ts';
import type { DB } from '#platform/db/schema.ts';
import { activities } from '../tables.ts';
import { lookupHash, protect } from './protected-fields.ts';
import type { SeededRandom } from '#platform/seed/ids.ts';
import { nationalRoots, type NationalContext } from '#platform/seed/national.ts';

/**
 * The national involvement register for benchmarks (issue 3): at scale 1, 100,000 synthetic
 * people over the national providers and their services, with realistic spreads of kind,
 * status, language, channels, willingness, skills, training, times they cannot do, consents
 * (about 90% register + contact, 60% share_deidentified) and equality answers (about 40%).
 * Deterministic (the national seed's generator). Only half the people get a phone number, the
 * one field encrypted here (AES-GCM per value is the slow part), so the seed stays quick.
 */
export const PEOPLE_AT_SCALE_1 = 100_000;

type Db = NationalContext['db'];
type Row<T extends keyof DB> = Insertable<DB[T]>;

const firstNames = [
  'Alys',
  'Aled',
  'Angharad',
  'Bethan',
  'Bryn',
  'Cai',
  'Carys',
  'Catrin',
  'Dafydd',
  'Dylan',
  'Eleri',
  'Elin',
  'Emyr',
  'Ffion',
  'Gareth',
  'Gwen',
  'Gwilym',
  'Heledd',
  'Huw',
  'Ifan',
  'Iwan',
  'Jac',
  'Jordan',
  'Lowri',
  'Llinos',
  'Manon',
  'Mared',
  'Morgan',
  'Nia',
  'Osian',
  'Owain',
  'Priya',
  'Rhodri',
  'Rhys',
  'Sam',
  'Seren',
  'Siân',
  'Siôn',
  'Tomos',
  'Yusuf',
  'Aisha',
  'Ben',
  'Chloe',
  'Daniel',
  'Emma',
  'Femi',
  'Grace',
  'Harry',
  'Imran',
  'Jade',
  'Kieran',
  'Leah',
  'Mohammed',
  'Nadia',
  'Oliver',
  'Paula',
  'Ravi',
  'Sophie',
  'Tomasz',
  'Zofia',
];
const surnames = [
  'Davies',
  'Evans',
  'Griffiths',
  'Hughes',
  'Jenkins',
  'Jones',
  'Lewis',
  'Morgan',
  'Owen',
  'Price',
  'Roberts',
  'Thomas',
  'Williams',
  'Khan',
  'Ali',
  'Rees',
  'Powell',
  'Parry',
  'Phillips',
  'James',
  'Edwards',
  'Harris',
  'Watkins',
  'Pritchard',
  'Bowen',
  'Vaughan',
  'Lloyd',
  'Howells',
  'Pugh',
  'Prosser',
  'Nowak',
  'Okafor',
  'Begum',
  'Chen',
  'Murphy',
  'Kelly',
  'Singh',
  'Patel',
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
/** How common each piece of training is. */
const trainingOdds: [string, number][] = [
  ['induction', 0.45],
  ['interview_panel', 0.15],
  ['safeguarding', 0.25],
  ['confidentiality', 0.2],
  ['presenting', 0.08],
  ['peer_mentoring', 0.1],
  ['naloxone', 0.2],
];
/** How willing people are to do each activity (surveys most, tender panels least). */
const willingOdds: Record<string, number> = {
  forums: 0.35,
  surveys: 0.55,
  focus_groups: 0.3,
  interview_panels: 0.18,
  tender_panels: 0.06,
  monitoring_audit: 0.1,
  training_delivery: 0.08,
  peer_mentoring: 0.15,
  newsletters: 0.25,
  conferences: 0.12,
  consultation_events: 0.2,
  mystery_shopping: 0.07,
  service_delivery: 0.1,
};
const equalityAnswers: Record<string, string[]> = {
  disability: ['no', 'no', 'yes_a_little', 'yes_a_lot', 'prefer_not_to_say'],
  gender_reassignment: ['same', 'same', 'same', 'same', 'different', 'prefer_not_to_say'],
  marriage_civil_partnership: [
    'never',
    'never',
    'married',
    'separated',
    'divorced_dissolved',
    'widowed',
    'civil_partnership',
    'prefer_not_to_say',
  ],
  pregnancy_maternity: [
    'neither',
    'neither',
    'neither',
    'neither',
    'pregnant',
    'recent_birth',
    'prefer_not_to_say',
  ],
  ethnicity: [
    'white_welsh_english_scottish_ni_british',
    'white_welsh_english_scottish_ni_british',
    'white_welsh_english_scottish_ni_british',
    'white_welsh_english_scottish_ni_british',
    'white_welsh_english_scottish_ni_british',
    'white_welsh_english_scottish_ni_british',
    'white_other',
    'white_irish',
    'white_gypsy_irish_traveller',
    'white_roma',
    'asian_indian',
    'asian_pakistani',
    'asian_bangladeshi',
    'asian_chinese',
    'asian_other',
    'black_african',
    'black_caribbean',
    'black_other',
    'mixed_white_black_caribbean',
    'mixed_white_black_african',
    'mixed_white_asian',
    'mixed_other',
    'other_arab',
    'other_any',
    'prefer_not_to_say',
  ],
  religion_belief: [
    'none',
    'none',
    'none',
    'christian',
    'christian',
    'muslim',
    'hindu',
    'sikh',
    'jewish',
    'buddhist',
    'other',
    'prefer_not_to_say',
  ],
  sex: ['female', 'male', 'male', 'female', 'prefer_not_to_say'],
  sexual_orientation: [
    'straight',
    'straight',
    'straight',
    'straight',
    'gay_lesbian',
    'bisexual',
    'other',
    'prefer_not_to_say',
  ],
  criminal_justice: ['no', 'no', 'past', 'past', 'current', 'prefer_not_to_say'],
  housing: [
    'social_rent',
    'social_rent',
    'private_rent',
    'family_friends',
    'supported',
    'temporary',
    'no_home',
    'owner',
    'other',
    'prefer_not_to_say',
  ],
};

const weighted = <T>(random: SeededRandom, choices: [T, number][]): T => {
  let roll = random.next() * choices.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, weight] of choices) if ((roll -= weight) < 0) return value;
  return choices[choices.length - 1]![0];
};

const isoDay = (days: number) =>
  new Date(Date.UTC(2026, 0, 1) + days * 86_400_000).toISOString().slice(0, 10);

type Cell = string | number | boolean | Date | readonly string[] | null | undefined;

/** A PostgreSQL array literal of text values: {"a","b"}. */
const arrayLiteral = (values: readonly unknown[]) =>
  `{${values.map((v) => `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;

/**
 * Bulk insert that sends one text[] parameter per column and unnests it on the server:
 * a handful of parameters a statement instead of tens of thousands (much faster to bind and
 * parse on both engines). `columns` gives each column's SQL type; values travel as text.
 */
async function insertUnnest(
  db: Db,
  table: keyof DB,
  columns: Record<string, string>,
  rows: Record<string, Cell>[],
  size = 20_000,
) {
  const names = Object.keys(columns);
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size);
    const arrays = names.map((name) =>
      chunk.map((row) => {
        const value = row[name];
        if (value === null || value === undefined) return null;
        if (Array.isArray(value)) return arrayLiteral(value);
        if (value instanceof Date) return value.toISOString();
        return String(value);
      }),
    );
    await sql`insert into ${sql.table(table)} (${sql.join(names.map((n) => sql.ref(n)))})
      select ${sql.join(names.map((n) => sql`${sql.ref(`u.${n}`)}::${sql.raw(columns[n]!)}`))}
      from unnest(${sql.join(arrays.map((a) => sql`${sql.val(a)}::text[]`))})
        as u(${sql.join(names.map((n) => sql.ref(n)))})`.execute(db);
  }
}

/** The columns each table gets, with their types (what the seed fills in). */
const columnTypes = {
  people: {
    id: 'uuid',
    organisation_id: 'uuid',
    scope_ids: 'uuid[]',
    kind: 'text',
    display_name: 'text',
    age_band: 'text',
    status: 'text',
    pause_review_date: 'date',
    preferred_language: 'text',
    speaks_welsh: 'boolean',
    formats: 'text[]',
    channels: 'text[]',
    phone: 'text',
    phone_lookup: 'text',
    no_voicemail: 'boolean',
    plain_envelope: 'boolean',
    quiet_from: 'time',
    quiet_to: 'time',
    willing_activities: 'text[]',
    skills: 'text[]',
    training_completed: 'text[]',
    commitment_group: 'text',
    created_at: 'timestamptz',
    updated_at: 'timestamptz',
  },
  person_organisations: { person_id: 'uuid', organisation_id: 'uuid' },
  person_status_history: {
    person_id: 'uuid',
    status: 'text',
    pause_review_date: 'date',
    changed_at: 'timestamptz',
  },
  person_unavailable_times: {
    person_id: 'uuid',
    weekday: 'smallint',
    starts_at: 'time',
    ends_at: 'time',
    reason: 'text',
  },
  person_unavailable_dates: { person_id: 'uuid', date: 'date', reason: 'text' },
  consents: {
    person_id: 'uuid',
    purpose: 'text',
    wording_version: 'text',
    method: 'text',
    recorded_by: 'uuid',
    given_at: 'timestamptz',
    withdrawn_at: 'timestamptz',
    withdrawal_method: 'text',
  },
  equality_monitoring: {
    person_id: 'uuid',
    organisation_id: 'uuid',
    age_band: 'text',
    disability: 'text',
    gender_reassignment: 'text',
    marriage_civil_partnership: 'text',
    pregnancy_maternity: 'text',
    ethnicity: 'text',
    religion_belief: 'text',
    sex: 'text',
    sexual_orientation: 'text',
    welsh_speaker: 'text',
    criminal_justice: 'text',
    housing: 'text',
    recorded_at: 'timestamptz',
  },
} as const;

/**
 * Runs a bulk load with the tables' secondary indexes dropped, then builds them again from
 * their own definitions (pg_indexes): building an index once over 100,000 rows is far faster
 * than updating it row by row (GIN indexes especially). Indexes behind constraints (primary
 * keys) stay. Inside the caller's transaction, so a failure leaves every index in place.
 */
async function withoutIndexes(trx: Db, tables: string[], work: () => Promise<void>) {
  const indexes = await sql<{ name: string; definition: string }>`
    select i.indexname as name, i.indexdef as definition from pg_indexes i
    where i.schemaname = current_schema() and i.tablename = any(${sql.val(tables)}::text[])
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(trx);
  for (const index of indexes.rows) await sql`drop index ${sql.ref(index.name)}`.execute(trx);
  // the triggers that keep people.identified_scope_ids (0016) would look consents up row by row
  // without their indexes: off during the load, then one update sets the column for everyone
  for (const table of ['people', 'consents'])
    await sql`alter table ${sql.table(table)} disable trigger user`.execute(trx);
  await work();
  for (const table of ['people', 'consents'])
    await sql`alter table ${sql.table(table)} enable trigger user`.execute(trx);
  for (const index of indexes.rows) await sql.raw(index.definition).execute(trx);
  await sql`update people p set identified_scope_ids = p.scope_ids
    where p.identified_scope_ids = '{}' and exists (select 1 from consents c
      where c.person_id = p.id and c.purpose = 'share_identified' and c.withdrawn_at is null)`.execute(
    trx,
  );
}

/** Deletes the synthetic register (children first: faster than cascading row by row). */
export async function resetNationalPeople(trx: Db) {
  const people = trx
    .selectFrom('people')
    .select('id')
    .where(sql<boolean>`scope_ids && ${sql.val(nationalRoots)}::uuid[]`);
  for (const table of [
    'person_unavailable_times',
    'person_unavailable_dates',
    'person_status_history',
    'person_supporters',
    'consents',
    'equality_monitoring',
    'person_organisations',
  ] as const)
    await trx.deleteFrom(table).where('person_id', 'in', people).execute();
  await trx
    .deleteFrom('people')
    .where(sql<boolean>`scope_ids && ${sql.val(nationalRoots)}::uuid[]`)
    .execute();
}

/** The step: people and everything about them, then fresh planner statistics. */
export async function seedNationalPeople(context: NationalContext, keys: KeyRing | undefined) {
  const { random, organisations } = context;
  const total = Math.max(50, Math.round(PEOPLE_AT_SCALE_1 * context.scale));
  const byId = new Map(organisations.map((o) => [o.id, o]));
  const homes = organisations.filter((o) => o.kind === 'provider' || o.kind === 'service');
  const groups = organisations.filter((o) => o.kind === 'group');
  const staffAt = new Map<string, string>();
  for (const account of context.accounts)
    if (!staffAt.has(account.organisationId)) staffAt.set(account.organisationId, account.id);

  const people: Row<'people'>[] = [];
  const connections: Row<'person_organisations'>[] = [];
  const history: Row<'person_status_history'>[] = [];
  const times: Row<'person_unavailable_times'>[] = [];
  const dates: Row<'person_unavailable_dates'>[] = [];
  const consents: Row<'consents'>[] = [];
  const equality: Row<'equality_monitoring'>[] = [];
  const registered = new Date(Date.UTC(2025, 5, 1));
  const started = performance.now();

  let phones = 0;
  for (let n = 0; n < total; n += 1) {
    const id = random.uuid();
    const home = random.pick(homes);
    const at = [home];
    if (groups.length && random.next() < 0.1) at.push(random.pick(groups));
    const scope = new Set<string>();
    for (const o of at) for (const a of byId.get(o.id)!.ancestors) scope.add(a);
    const kind = weighted(random, [
      ['service_user', 55],
      ['former_service_user', 20],
      ['carer', 12],
      ['family_member', 8],
      ['young_person', 5],
    ] as [Row<'people'>['kind'], number][]);
    const status = weighted(random, [
      ['active', 85],
      ['paused', 8],
      ['moved_on', 7],
    ] as ['active' | 'paused' | 'moved_on', number][]);
    const prefersWelsh = random.next() < 0.18;
    const speaksWelsh = prefersWelsh || random.next() < 0.1;
    const hasPhone = random.next() < 0.5 && keys !== undefined;
    const channels = hasPhone
      ? random.pick([['sms'], ['sms', 'email'], ['phone', 'sms'], ['sms', 'letter'], ['phone']])
      : random.pick([['email'], ['letter'], ['email', 'letter'], ['in_person']]);
    let phone: string | null = null;
    if (hasPhone) {
      phones += 1;
      phone = `+447700900${String(phones % 1000).padStart(3, '0')}`;
    }
    const willing = activities.filter((a) => random.next() < willingOdds[a]!);
    const skills = skillPool.filter(() => random.next() < 0.12);
    const training = trainingOdds.filter(([, odds]) => random.next() < odds).map(([t]) => t);
    const consentRoll = random.next();
    people.push({
      id,
      organisation_id: home.id,
      scope_ids: [...scope],
      kind,
      display_name: `${random.pick(firstNames)} ${random.pick(surnames)}`,
      age_band:
        kind === 'young_person'
          ? 'under_18'
          : random.pick([
              '18_24',
              '25_34',
              '25_34',
              '35_44',
              '35_44',
              '45_54',
              '55_64',
              '65_plus',
            ] as const),
      status,
      pause_review_date: status === 'paused' ? isoDay(random.int(300, 420)) : null,
      preferred_language: prefersWelsh ? 'cy' : 'en',
      speaks_welsh: speaksWelsh,
      formats:
        random.next() < 0.08 ? [random.pick(['easy_read', 'large_print', 'audio', 'bsl'])] : [],
      channels,
      phone: keys ? protect(keys, 'phone', id, phone) : null,
      phone_lookup: keys && phone ? lookupHash(keys, 'phone', phone) : null,
      no_voicemail: random.next() < 0.15,
      plain_envelope: channels.includes('letter') && random.next() < 0.5,
      quiet_from: random.next() < 0.2 ? '21:00' : null,
      quiet_to: null,
      willing_activities: willing,
      skills,
      training_completed: training,
      commitment_group: random.pick(['A', 'B', 'C', 'C'] as const),
      created_at: registered,
      updated_at: registered,
    });
    // quiet_to goes with quiet_from
    const row = people[people.length - 1]!;
    if (row.quiet_from) row.quiet_to = '09:00';

    for (const o of at) connections.push({ person_id: id, organisation_id: o.id });
    // the status history only where it says something (everyone else has been active throughout)
    if (status !== 'active')
      history.push({
        person_id: id,
        status,
        pause_review_date: row.pause_review_date ?? null,
        changed_at: new Date(Date.UTC(2026, 0, 10)),
      });

    const availability = random.next();
    if (availability < 0.15)
      times.push({
        person_id: id,
        weekday: null,
        starts_at: '00:00',
        ends_at: '11:00',
        reason: 'Not before 11:00',
      });
    else if (availability < 0.21)
      for (let day = 1; day <= 5; day += 1) {
        times.push({
          person_id: id,
          weekday: day,
          starts_at: '08:15',
          ends_at: '09:15',
          reason: 'School run',
        });
        times.push({
          person_id: id,
          weekday: day,
          starts_at: '14:45',
          ends_at: '15:30',
          reason: 'School run',
        });
      }
    else if (availability < 0.4)
      times.push({
        person_id: id,
        weekday: random.int(1, 5),
        starts_at: '09:00',
        ends_at: '10:30',
        reason: 'Pharmacy pick-up',
      });
    else if (availability < 0.55)
      times.push({
        person_id: id,
        weekday: random.int(1, 7),
        starts_at: '09:00',
        ends_at: '17:00',
        reason: 'Work',
      });
    if (random.next() < 0.05)
      dates.push({ person_id: id, date: isoDay(random.int(320, 500)), reason: 'Appointment' });

    const recorder = staffAt.get(home.id) ?? null;
    const consent = (purpose: Row<'consents'>['purpose'], withdrawn = false) =>
      consents.push({
        person_id: id,
        purpose,
        wording_version: '2026-1',
        method: random.pick(['in_person', 'paper', 'phone', 'import'] as const),
        recorded_by: recorder,
        given_at: registered,
        ...(withdrawn
          ? { withdrawn_at: new Date(Date.UTC(2025, 11, 1)), withdrawal_method: 'phone' as const }
          : {}),
      });
    if (consentRoll < 0.95) consent('register');
    if (consentRoll < 0.9) consent('contact');
    else if (consentRoll < 0.93) consent('contact', true);
    if (random.next() < 0.6 && consentRoll < 0.95) consent('share_deidentified');
    if (random.next() < 0.25 && consentRoll < 0.95) consent('share_identified');
    const equalityConsent = consentRoll < 0.95 && random.next() < 0.45;
    if (equalityConsent) consent('equality');
    if (random.next() < 0.1) consent('media');
    if (equalityConsent && random.next() < 0.89) {
      const answers: Record<string, string> = {};
      for (const [question, options] of Object.entries(equalityAnswers))
        if (random.next() < 0.9) answers[question] = random.pick(options);
      equality.push({
        person_id: id,
        organisation_id: home.id,
        age_band: row.age_band ?? null,
        welsh_speaker: prefersWelsh
          ? 'fluent'
          : speaksWelsh
            ? 'some'
            : random.pick(['no', 'no', 'learning']),
        ...Object.fromEntries(Object.keys(equalityAnswers).map((q) => [q, answers[q] ?? null])),
        recorded_at: registered,
      });
    }
  }

  const timings: Record<string, number> = { generate: Math.round(performance.now() - started) };
  const timed = async (name: string, work: () => Promise<unknown>) => {
    const t0 = performance.now();
    await work();
    timings[name] = Math.round(performance.now() - t0);
  };
  const { db } = context;
  await db.transaction().execute(async (trx) => {
    const insert = (table: keyof typeof columnTypes, rows: Record<string, Cell>[]) =>
      timed(table, () => insertUnnest(trx, table, columnTypes[table], rows));
    const tables = Object.keys(columnTypes);
    await withoutIndexes(trx, tables, async () => {
      await insert('people', people);
      await insert('person_organisations', connections);
      await insert('person_status_history', history);
      await insert('person_unavailable_times', times);
      await insert('person_unavailable_dates', dates);
      await insert('consents', consents);
      await insert('equality_monitoring', equality);
    });
  });
  const analysing = performance.now();
  for (const table of [
    'people',
    'person_organisations',
    'person_unavailable_times',
    'consents',
    'equality_monitoring',
  ])
    await sql`analyze ${sql.table(table)}`.execute(db);
  timings.analyse = Math.round(performance.now() - analysing);
  return {
    people: people.length,
    rows: {
      times: times.length,
      consents: consents.length,
      equality: equality.length,
      history: history.length,
    },
    timings,
  };
}

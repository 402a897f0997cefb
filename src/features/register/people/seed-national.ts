import { sql } from 'kysely';
import type { KeyRing } from '#platform/crypto/encryption.ts';
import { registerRows, type Row } from './seeds/rows.ts';
import type { SeededRandom } from '#platform/seed/ids.ts';
import { nationalRoots, type NationalContext } from '#platform/seed/national.ts';
import { activities } from '../tables.ts';
import { skills as skillList } from './schema.ts';
import { lookupHash, protect } from './protected-fields.ts';
import { columnTypes, insertUnnest, withoutIndexes, type Cell } from './seeds/national-bulk.ts';
import {
  adultAgeBands,
  equalityAnswers,
  firstNames,
  isoDay,
  kindWeights,
  statusWeights,
  surnames,
  trainingOdds,
  weighted,
  willingOdds,
} from './seeds/national-data.ts';

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

const registered = new Date(Date.UTC(2025, 5, 1));

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

/** What one person's generation needs: the generator, the keys and a count of phones given. */
interface Generator {
  random: SeededRandom;
  keys: KeyRing | undefined;
  phones: number;
}

/** A person's `people` row (only the phone encrypted), and what later rows depend on. */
function personRow(g: Generator, id: string, home: { id: string }, scope: Set<string>) {
  const { random, keys } = g;
  const kind = weighted(random, kindWeights);
  const status = weighted(random, statusWeights);
  const prefersWelsh = random.next() < 0.18;
  const speaksWelsh = prefersWelsh || random.next() < 0.1;
  const hasPhone = random.next() < 0.5 && keys !== undefined;
  const channels = hasPhone
    ? random.pick([['sms'], ['sms', 'email'], ['phone', 'sms'], ['sms', 'letter'], ['phone']])
    : random.pick([['email'], ['letter'], ['email', 'letter'], ['in_person']]);
  let phone: string | null = null;
  if (hasPhone) {
    g.phones += 1;
    phone = `+447700900${String(g.phones % 1000).padStart(3, '0')}`;
  }
  const willing = activities.filter((a) => random.next() < willingOdds[a]!);
  const skills = skillList.filter(() => random.next() < 0.12);
  const training = trainingOdds.filter(([, odds]) => random.next() < odds).map(([t]) => t);
  const consentRoll = random.next();
  const row: Row<'people'> = {
    id,
    organisation_id: home.id,
    scope_ids: [...scope],
    kind,
    display_name: `${random.pick(firstNames)} ${random.pick(surnames)}`,
    age_band: kind === 'young_person' ? 'under_18' : random.pick(adultAgeBands),
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
  };
  // quiet_to goes with quiet_from
  if (row.quiet_from) row.quiet_to = '09:00';
  return { row, status, prefersWelsh, speaksWelsh, consentRoll };
}

/** Times a person cannot do (not before 11:00, school runs, pharmacy, work) and a date. */
function unavailableRows(random: SeededRandom, id: string) {
  const times: Row<'person_unavailable_times'>[] = [];
  const dates: Row<'person_unavailable_dates'>[] = [];
  const time = (weekday: number | null, starts_at: string, ends_at: string, reason: string) =>
    times.push({ person_id: id, weekday, starts_at, ends_at, reason });
  const availability = random.next();
  if (availability < 0.15) time(null, '00:00', '11:00', 'Not before 11:00');
  else if (availability < 0.21)
    for (let day = 1; day <= 5; day += 1) {
      time(day, '08:15', '09:15', 'School run');
      time(day, '14:45', '15:30', 'School run');
    }
  else if (availability < 0.4) time(random.int(1, 5), '09:00', '10:30', 'Pharmacy pick-up');
  else if (availability < 0.55) time(random.int(1, 7), '09:00', '17:00', 'Work');
  if (random.next() < 0.05)
    dates.push({ person_id: id, date: isoDay(random.int(320, 500)), reason: 'Appointment' });
  return { times, dates };
}

/** A person's consents (some withdrawn), and their equality answers where they consented. */
function consentAndEqualityRows(
  random: SeededRandom,
  person: ReturnType<typeof personRow>,
  home: { id: string },
  recorder: string | null,
) {
  const id = person.row.id!;
  const { consentRoll } = person;
  const consents: Row<'consents'>[] = [];
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
  if (!(equalityConsent && random.next() < 0.89)) return { consents, equality: null };
  const answers: Record<string, string> = {};
  for (const [question, options] of Object.entries(equalityAnswers))
    if (random.next() < 0.9) answers[question] = random.pick(options);
  const equality: Row<'equality_monitoring'> = {
    person_id: id,
    organisation_id: home.id,
    age_band: person.row.age_band ?? null,
    welsh_speaker: person.prefersWelsh
      ? 'fluent'
      : person.speaksWelsh
        ? 'some'
        : random.pick(['no', 'no', 'learning']),
    ...Object.fromEntries(Object.keys(equalityAnswers).map((q) => [q, answers[q] ?? null])),
    recorded_at: registered,
  };
  return { consents, equality };
}

/** Every row of the synthetic register, deterministically (the national seed's generator). */
export function generateNationalPeople(context: NationalContext, keys: KeyRing | undefined) {
  const { random, organisations } = context;
  const total = Math.max(50, Math.round(PEOPLE_AT_SCALE_1 * context.scale));
  const byId = new Map(organisations.map((o) => [o.id, o]));
  const homes = organisations.filter((o) => o.kind === 'provider' || o.kind === 'service');
  const groups = organisations.filter((o) => o.kind === 'group');
  const staffAt = new Map<string, string>();
  for (const account of context.accounts)
    if (!staffAt.has(account.organisationId)) staffAt.set(account.organisationId, account.id);
  const rows = registerRows();
  const generator: Generator = { random, keys, phones: 0 };
  for (let n = 0; n < total; n += 1) {
    const id = random.uuid();
    const home = random.pick(homes);
    const at = [home];
    if (groups.length && random.next() < 0.1) at.push(random.pick(groups));
    const scope = new Set<string>();
    for (const o of at) for (const a of byId.get(o.id)!.ancestors) scope.add(a);
    const person = personRow(generator, id, home, scope);
    rows.people.push(person.row);
    for (const o of at) rows.connections.push({ person_id: id, organisation_id: o.id });
    // the status history only where it says something (everyone else has been active throughout)
    if (person.status !== 'active')
      rows.history.push({
        person_id: id,
        status: person.status,
        pause_review_date: person.row.pause_review_date ?? null,
        changed_at: new Date(Date.UTC(2026, 0, 10)),
      });
    const { times, dates } = unavailableRows(random, id);
    rows.times.push(...times);
    rows.dates.push(...dates);
    const recorder = staffAt.get(home.id) ?? null;
    const { consents, equality } = consentAndEqualityRows(random, person, home, recorder);
    rows.consents.push(...consents);
    if (equality) rows.equality.push(equality);
  }
  return rows;
}

/** The step: people and everything about them, then fresh planner statistics. */
export async function seedNationalPeople(context: NationalContext, keys: KeyRing | undefined) {
  const started = performance.now();
  const rows = generateNationalPeople(context, keys);
  const timings: Record<string, number> = { generate: Math.round(performance.now() - started) };
  const timed = async (name: string, work: () => Promise<unknown>) => {
    const t0 = performance.now();
    await work();
    timings[name] = Math.round(performance.now() - t0);
  };
  const { db } = context;
  await db.transaction().execute(async (trx) => {
    const insert = (table: keyof typeof columnTypes, list: Record<string, Cell>[]) =>
      timed(table, () => insertUnnest(trx, table, columnTypes[table], list));
    await withoutIndexes(trx, Object.keys(columnTypes), async () => {
      await insert('people', rows.people);
      await insert('person_organisations', rows.connections);
      await insert('person_status_history', rows.history);
      await insert('person_unavailable_times', rows.times);
      await insert('person_unavailable_dates', rows.dates);
      await insert('consents', rows.consents);
      await insert('equality_monitoring', rows.equality);
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
    people: rows.people.length,
    rows: {
      times: rows.times.length,
      consents: rows.consents.length,
      equality: rows.equality.length,
      history: rows.history.length,
    },
    timings,
  };
}

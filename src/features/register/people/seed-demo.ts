import { demoOrganisations } from '#platform/seed/demo.ts';
import { sql, type Kysely } from 'kysely';
import type { KeyRing } from '#platform/crypto/encryption.ts';
import type { DB } from '#platform/db/schema.ts';
import { registerRows, type Row } from './seeds/rows.ts';
import {
  lookupHash,
  normaliseEmail,
  normaliseNameAndBirth,
  normaliseUkPhone,
  protect,
} from './protected-fields.ts';
import type { DemoPerson } from './seeds/demo-featured.ts';
import { demoPeople, demoPersonId } from './seeds/demo-people.ts';

export { demoPeople, demoPersonId };

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

const dayOffset = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Deletes the demo register (people connected to demo organisations; the rest cascades). */
export async function resetDemoPeople(trx: Trx, demoRoot: string) {
  const organisations = demoOrganisations(trx, demoRoot);
  await trx
    .deleteFrom('people')
    .where((eb) =>
      eb.or([
        eb('organisation_id', 'in', organisations),
        eb(sql<boolean>`scope_ids && array[${demoRoot}]::uuid[]`, '=', true),
      ]),
    )
    .execute();
  await trx
    .deleteFrom('person_organisations')
    .where('organisation_id', 'in', organisations)
    .execute();
}

export interface DemoPeopleContext {
  keys: KeyRing;
  organisation: (key: string) => { id: string; ancestors: string[] };
  accountId: (email: string) => string | undefined;
}

const pauseReviewOf = (p: DemoPerson) =>
  p.pauseReview ? dayOffset(Number(p.pauseReview.slice(2))) : null;

type Organisation = { id: string; ancestors: string[] };

/** A demo person's `people` row: contact details encrypted, look-ups hashed. */
function personRow(
  context: DemoPeopleContext,
  p: DemoPerson,
  at: Organisation[],
  registered: Date,
): Row<'people'> {
  const { keys } = context;
  const id = demoPersonId(p.key);
  const phone = p.phone ? normaliseUkPhone(`07700 900${String(p.phone).padStart(3, '0')}`) : null;
  const slug = p.name
    .toLowerCase()
    .replace(/[^a-z]+/g, '.')
    .replace(/^\.|\.$/g, '');
  const email = p.email ? normaliseEmail(`${slug}@example.org`) : null;
  return {
    id,
    organisation_id: at[0]!.id,
    scope_ids: [...new Set(at.flatMap((o) => o.ancestors))],
    kind: p.kind,
    display_name: p.name,
    legal_name: protect(keys, 'legal_name', id, p.legalName),
    date_of_birth: protect(keys, 'date_of_birth', id, p.dateOfBirth),
    age_band: p.ageBand ?? (p.dateOfBirth ? '35_44' : null),
    status: p.status ?? 'active',
    pause_review_date: pauseReviewOf(p),
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
    fuller_messages: p.fullerMessages ?? false,
    quiet_from: p.quiet?.[0] ?? null,
    quiet_to: p.quiet?.[1] ?? null,
    travel_limit: p.travel ?? null,
    access_needs: p.access ?? null,
    venue_needs: p.venueNeeds ?? [],
    support_needed: p.support ?? null,
    willing_activities: p.willing,
    skills: p.skills ?? [],
    interests: p.interests ?? null,
    training_completed: p.training ?? [],
    orientation: p.orientation ?? null,
    commitment_group: p.group ?? null,
    created_at: registered,
    updated_at: registered,
  };
}

/** The rows of every table for the demo register, one list per table. */
function demoRows(context: DemoPeopleContext) {
  const recorder = context.accountId('involvement-lead@demo.example') ?? null;
  const registered = new Date(Date.now() - 180 * 86_400_000);
  const rows = { ...registerRows(), supporters: [] as Row<'person_supporters'>[] };
  for (const p of demoPeople) {
    const id = demoPersonId(p.key);
    const at = [p.at, ...(p.alsoAt ?? [])].map((key) => context.organisation(key));
    rows.people.push(personRow(context, p, at, registered));
    for (const o of at) rows.connections.push({ person_id: id, organisation_id: o.id });
    rows.history.push({
      person_id: id,
      status: 'active',
      changed_by: recorder,
      changed_at: registered,
    });
    const status = p.status ?? 'active';
    if (status !== 'active')
      rows.history.push({
        person_id: id,
        status,
        pause_review_date: pauseReviewOf(p),
        reason: p.statusReason ?? null,
        changed_by: recorder,
      });
    for (const u of p.unavailable ?? [])
      rows.times.push({
        person_id: id,
        weekday: u.weekday,
        starts_at: u.from,
        ends_at: u.to,
        reason: u.reason,
      });
    for (const d of p.unavailableDates ?? [])
      rows.dates.push({ person_id: id, date: dayOffset(d.inDays), reason: d.reason });
    rows.consents.push(...consentRows(p, recorder, registered));
    if (p.equality)
      rows.equality.push({
        person_id: id,
        organisation_id: at[0]!.id,
        ...p.equality,
        recorded_at: registered,
      });
    if (p.caresFor)
      rows.supporters.push({
        person_id: demoPersonId(p.caresFor.key),
        related_person_id: id,
        name: null,
        relationship: p.kind === 'carer' ? 'carer' : 'family_member',
        may_share: p.caresFor.share,
      });
  }
  return rows;
}

/** A demo person's consents, given when they registered; some withdrawn since. */
function consentRows(p: DemoPerson, recorder: string | null, registered: Date): Row<'consents'>[] {
  const id = demoPersonId(p.key);
  return [...new Set([...(p.consents ?? ['register']), ...(p.withdrawn ?? [])])].map((purpose) => ({
    person_id: id,
    purpose: purpose as Row<'consents'>['purpose'],
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
  }));
}

/** Inserts the demo register (one statement per table). */
export async function seedDemoPeople(trx: Trx, context: DemoPeopleContext) {
  const { people, connections, history, times, dates, consents, equality, supporters } =
    demoRows(context);
  // a supporter who is not on the register: just a name (encrypted)
  const rhiannon = demoPersonId('rhiannon');
  supporters.push({
    person_id: rhiannon,
    name: protect(context.keys, 'supporter_name', rhiannon, 'Eurig Ffugiol'),
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

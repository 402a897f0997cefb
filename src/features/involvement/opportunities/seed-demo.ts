import { demoOrganisations } from '#platform/seed/demo.ts';
import type { Insertable, Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { DemoContext } from '#platform/modules/contract.ts';
import { demoPeople, demoPersonId } from '#features/register';
import { seededRandom, stableUuid, type SeededRandom } from '#platform/seed/ids.ts';
import { demoOpportunities, type DemoOpportunity } from './seed-demo-data.ts';

/**
 * Demo opportunities and involvement (issue 4) for the fictional Cwm Ffug region: about a dozen
 * opportunities at every status (draft, open, closed, completed, cancelled) and across all seven
 * rungs of the ladder, expressions of interest with selection decisions and their reasons, and a
 * year of involvement records — monthly regional forum meetings, an interview panel, a one-off
 * survey, café volunteers, a peer-led walking group. The region has activity at every rung;
 * Llanddychmyg Family Support and Dychmyg Housing and Recovery have none at rungs 6 and 7 (and
 * others), so the ladder map shows gaps. Ids are stable, dates are relative to today.
 */
type Trx = Kysely<DB>;

/** What the seed uses of the demo context: the demo organisations and staff. */
type DemoInvolvementContext = Pick<DemoContext, 'organisation' | 'accountId'>;

const DAY = 86_400_000;
const opportunityId = (key: string) => stableUuid(`cyd-demo-opportunity:${key}`);

/** Deletes the demo opportunities and involvement (before the demo register and organisations). */
export async function resetDemoInvolvement(trx: Trx, demoRoot: string) {
  const organisations = demoOrganisations(trx, demoRoot);
  await trx
    .deleteFrom('involvement_records')
    .where('organisation_id', 'in', organisations)
    .execute();
  // invitations and expressions of interest go with them (on delete cascade)
  await trx.deleteFrom('opportunities').where('organisation_id', 'in', organisations).execute();
}

type Interest = Insertable<DB['expressions_of_interest']>;
type InvolvementRow = Insertable<DB['involvement_records']>;

/** What every demo opportunity is seeded with, and where its interest and records go. */
interface Seeding {
  random: SeededRandom;
  lead: string | null;
  now: number;
  interests: Interest[];
  records: InvolvementRow[];
}

/** A person on the demo register, with the organisations they can take part at. */
interface Candidate {
  id: string;
  kind: string;
  status: string;
  scope: Set<string>;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** When the opportunity opened, closed and was completed, from its status and start. */
function datesOf(o: DemoOpportunity, now: number) {
  const startsAt = new Date(now + o.startsIn * DAY);
  startsAt.setUTCHours(10, 0, 0, 0);
  const openedAt = o.status !== 'draft' ? new Date(startsAt.getTime() - 30 * DAY) : null;
  const closedAt =
    o.status === 'closed' || o.status === 'completed' || o.status === 'cancelled'
      ? new Date(Math.min(now, startsAt.getTime() - 3 * DAY))
      : null;
  const completedAt =
    o.status === 'completed'
      ? new Date(Math.min(now, startsAt.getTime() + (o.monthly ? 150 : 1) * DAY))
      : null;
  return { startsAt, openedAt, closedAt, completedAt };
}

function opportunityRow(
  o: DemoOpportunity,
  organisationId: string,
  dates: ReturnType<typeof datesOf>,
  seeding: Seeding,
): Insertable<DB['opportunities']> {
  const { startsAt, openedAt } = dates;
  return {
    id: opportunityId(o.key),
    organisation_id: organisationId,
    title_en: o.titleEn,
    title_cy: o.titleCy,
    description_en: o.descriptionEn,
    description_cy: o.descriptionCy,
    rung: o.rung,
    level: o.level,
    nta_scope: o.nta[0],
    nta_mode: o.nta[1],
    method: o.method,
    audiences: o.audiences ?? [],
    closed_group_en: o.closedGroup?.[0] ?? null,
    closed_group_cy: o.closedGroup?.[1] ?? null,
    opens_on: openedAt ? dayOf(openedAt.getTime()) : null,
    closing_date: dayOf(startsAt.getTime() - 7 * DAY),
    starts_at: startsAt,
    ends_at: new Date(startsAt.getTime() + Math.ceil(o.hours) * 3_600_000),
    attendance: o.attendance ?? 'in_person',
    location_en: o.attendance === 'anywhere' ? null : 'Aberffug town centre hub, Stryd Ffug',
    location_cy: o.attendance === 'anywhere' ? null : 'Hwb canol tref Aberffug, Stryd Ffug',
    time_commitment_en: o.monthly ? `${o.hours} hours a month` : `${o.hours} hours, once`,
    time_commitment_cy: o.monthly ? `${o.hours} awr y mis` : `${o.hours} awr, unwaith`,
    expected_hours: o.hours,
    payment: o.payment ?? 'expenses_only',
    accessibility_en: 'Step-free access, hearing loop, quiet room. Tell us what else you need.',
    accessibility_cy:
      'Mynediad heb risiau, dolen sain, ystafell dawel. Dywedwch wrthym beth arall sydd ei angen arnoch.',
    welsh_medium: o.welshMedium ?? false,
    places: o.places,
    backups: o.backups ?? 0,
    status: o.status,
    public: o.public ?? false,
    created_by: seeding.lead,
    created_at: new Date((openedAt ?? startsAt).getTime() - 5 * DAY),
    updated_at: new Date(seeding.now - DAY),
    opened_at: openedAt,
    closed_at: dates.closedAt,
    completed_at: dates.completedAt,
  };
}

/** The reason recorded with a decision (none while undecided or withdrawn). */
function reasonFor(status: string, i: number, paused: boolean): Interest['decision_reason'] {
  if (status === 'selected') return i % 2 ? 'not_involved_recently' : 'meets_needs';
  if (status === 'backup') return 'places_filled';
  if (status === 'not_selected') return paused ? 'not_available' : 'places_filled';
  return null;
}

/**
 * Interest from people who could take part (connected here, of the kinds it is for, not moved
 * on) and, once decided, who was selected; answers the people selected.
 */
function seedInterest(
  o: DemoOpportunity,
  organisationId: string,
  dates: ReturnType<typeof datesOf>,
  pool: Candidate[],
  seeding: Seeding,
) {
  const { startsAt, openedAt } = dates;
  const eligible = pool.filter(
    (p) =>
      p.scope.has(organisationId) &&
      p.status !== 'moved_on' &&
      (!o.audiences?.length || o.audiences.includes(p.kind)),
  );
  const shuffled = [...eligible].sort(() => seeding.random.next() - 0.5);
  const applicants = shuffled.slice(0, Math.min(shuffled.length, o.places + (o.backups ?? 0) + 3));
  const decided = o.status !== 'open' || o.key === 'nspVolunteers';
  const selected: string[] = [];
  applicants.forEach((person, i) => {
    const paused = person.status === 'paused';
    const status =
      o.status === 'cancelled'
        ? 'withdrawn'
        : !decided
          ? 'interested'
          : !paused && selected.length < o.places
            ? 'selected'
            : i < o.places + (o.backups ?? 0) + 1 && !paused
              ? 'backup'
              : 'not_selected';
    if (status === 'selected') selected.push(person.id);
    const decidedAt = decided ? new Date(startsAt.getTime() - 5 * DAY) : null;
    const askedAt = new Date((openedAt ?? startsAt).getTime() + (i + 1) * DAY);
    seeding.interests.push({
      opportunity_id: opportunityId(o.key),
      person_id: person.id,
      method: i % 4 === 0 ? 'staff' : i % 7 === 3 ? 'paper' : 'portal',
      note: null,
      status,
      decision_reason: reasonFor(status, i, paused),
      decision_note: null,
      decided_by: decidedAt ? seeding.lead : null,
      decided_at: decidedAt,
      told_at: decidedAt,
      created_by: i % 4 === 0 ? seeding.lead : null,
      created_at: askedAt,
      updated_at: decidedAt ?? askedAt,
    });
  });
  return selected;
}

const roleFor = (method: DemoOpportunity['method']): InvolvementRow['role'] =>
  method === 'interview_panel' || method === 'tender_panel'
    ? 'panel_member'
    : method === 'forum'
      ? 'representative'
      : method === 'service_delivery' || method === 'peer_mentoring'
        ? 'volunteer'
        : 'participant';

const outcomeFor = (key: string) =>
  key === 'openingHours'
    ? 'Views on opening hours: the hub now opens until 19:00 on Thursdays'
    : key === 'interviewPanel'
      ? 'Helped appoint a recovery worker'
      : null;

/** Involvement of the people selected, on the day (and every month for a recurring one). */
function seedAttendance(
  o: DemoOpportunity,
  organisationId: string,
  startsAt: Date,
  selected: string[],
  seeding: Seeding,
) {
  const { now, random } = seeding;
  const sessions: number[] = [];
  for (let m = 0; ; m += 1) {
    const at = startsAt.getTime() + m * 30 * DAY;
    if (at > now - DAY || (!o.monthly && m > 0)) break;
    if (o.key === 'walkingGroup' && m > 5) break;
    sessions.push(at);
  }
  for (const at of sessions) {
    for (const personId of selected) {
      if (sessions.length > 1 && random.next() < 0.2) continue; // missed a meeting
      seeding.records.push({
        organisation_id: organisationId,
        person_id: personId,
        opportunity_id: opportunityId(o.key),
        took_part_on: dayOf(at),
        hours: o.hours,
        rung: o.rung,
        level: o.level,
        method: o.method,
        role: roleFor(o.method),
        outcome: outcomeFor(o.key),
        recorded_by: seeding.lead,
        created_at: new Date(Math.min(now, at + DAY)),
      });
    }
  }
}

/** Entered directly, with no opportunity: a one-off phone survey of people at the hub. */
function seedSurvey(hubId: string, pool: Candidate[], seeding: Seeding) {
  for (const person of pool.filter((p) => p.scope.has(hubId)).slice(0, 12))
    seeding.records.push({
      organisation_id: hubId,
      person_id: person.id,
      opportunity_id: null,
      took_part_on: dayOf(seeding.now - 45 * DAY),
      hours: 0.5,
      rung: 3,
      level: 'individual',
      method: 'survey',
      role: 'participant',
      outcome: null,
      recorded_by: seeding.lead,
      created_at: new Date(seeding.now - 44 * DAY),
    });
}

/** Inserts the demo opportunities, interest, decisions and a year of involvement records. */
export async function seedDemoInvolvement(trx: Trx, context: DemoInvolvementContext) {
  const seeding: Seeding = {
    random: seededRandom(4_2026),
    lead: context.accountId('involvement-lead@demo.example') ?? null,
    now: Date.now(),
    interests: [],
    records: [],
  };
  const today = dayOf(seeding.now);
  // who can take part where: people connected to the organisation or below it
  const pool: Candidate[] = demoPeople.map((p) => ({
    id: demoPersonId(p.key),
    kind: p.kind,
    status: p.status ?? 'active',
    scope: new Set(
      [p.at, ...(p.alsoAt ?? [])].flatMap((key) => context.organisation(key).ancestors),
    ),
  }));

  const opportunityRows: Insertable<DB['opportunities']>[] = [];
  for (const o of demoOpportunities) {
    const organisationId = context.organisation(o.at).id;
    const dates = datesOf(o, seeding.now);
    opportunityRows.push(opportunityRow(o, organisationId, dates, seeding));
    if (o.status === 'draft') continue;
    const selected = seedInterest(o, organisationId, dates, pool, seeding);
    if (!['closed', 'completed', 'open'].includes(o.status) || o.startsIn > 0) continue;
    seedAttendance(o, organisationId, dates.startsAt, selected, seeding);
  }
  seedSurvey(context.organisation('aberffugDas').id, pool, seeding);

  const { interests, records } = seeding;
  await trx.insertInto('opportunities').values(opportunityRows).execute();
  if (interests.length) await trx.insertInto('expressions_of_interest').values(interests).execute();
  if (records.length)
    await trx
      .insertInto('involvement_records')
      .values(records.filter((r) => r.took_part_on <= today))
      .execute();
  return {
    opportunities: opportunityRows.length,
    interests: interests.length,
    records: records.length,
  };
}

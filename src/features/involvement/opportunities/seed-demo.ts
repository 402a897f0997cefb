import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { demoPeople, demoPersonId } from '#features/register';
import { seededRandom, stableUuid } from '#platform/seed/ids.ts';
import { demoOpportunities } from './seed-demo-data.ts';

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

export interface DemoInvolvementContext {
  organisation: (key: string) => { id: string; ancestors: string[] };
  accountId: (email: string) => string | undefined;
}

const DAY = 86_400_000;
const opportunityId = (key: string) => stableUuid(`cyd-demo-opportunity:${key}`);

/** Deletes the demo opportunities and involvement (before the demo register and organisations). */
export async function resetDemoInvolvement(trx: Trx, demoRoot: string) {
  const demoOrganisations = trx
    .selectFrom('organisations')
    .select('id')
    .where(sql<boolean>`ancestors && array[${demoRoot}]::uuid[]`);
  await trx
    .deleteFrom('involvement_records')
    .where('organisation_id', 'in', demoOrganisations)
    .execute();
  // invitations and expressions of interest go with them (on delete cascade)
  await trx.deleteFrom('opportunities').where('organisation_id', 'in', demoOrganisations).execute();
}

/** Inserts the demo opportunities, interest, decisions and a year of involvement records. */
export async function seedDemoInvolvement(trx: Trx, context: DemoInvolvementContext) {
  const random = seededRandom(4_2026);
  const lead = context.accountId('involvement-lead@demo.example') ?? null;
  const now = Date.now();
  const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const today = dayOf(now);

  // who can take part where: people connected to the organisation or below it
  const scopes = demoPeople.map((p) => ({
    id: demoPersonId(p.key),
    kind: p.kind,
    status: p.status ?? 'active',
    scope: new Set(
      [p.at, ...(p.alsoAt ?? [])].flatMap((key) => context.organisation(key).ancestors),
    ),
  }));

  const opportunityRows: Insertable<DB['opportunities']>[] = [];
  const interests: Insertable<DB['expressions_of_interest']>[] = [];
  const records: Insertable<DB['involvement_records']>[] = [];

  for (const o of demoOpportunities) {
    const organisation = context.organisation(o.at);
    const id = opportunityId(o.key);
    const startsAt = new Date(now + o.startsIn * DAY);
    startsAt.setUTCHours(10, 0, 0, 0);
    const published = o.status !== 'draft';
    const openedAt = published ? new Date(startsAt.getTime() - 30 * DAY) : null;
    const closedAt =
      o.status === 'closed' || o.status === 'completed' || o.status === 'cancelled'
        ? new Date(Math.min(now, startsAt.getTime() - 3 * DAY))
        : null;
    const completedAt =
      o.status === 'completed'
        ? new Date(Math.min(now, startsAt.getTime() + (o.monthly ? 150 : 1) * DAY))
        : null;
    opportunityRows.push({
      id,
      organisation_id: organisation.id,
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
      created_by: lead,
      created_at: new Date((openedAt ?? startsAt).getTime() - 5 * DAY),
      updated_at: new Date(now - DAY),
      opened_at: openedAt,
      closed_at: closedAt,
      completed_at: completedAt,
    });
    if (!published) continue;

    // people who could take part: connected here, of the kinds it is for, not moved on
    const pool = scopes.filter(
      (p) =>
        p.scope.has(organisation.id) &&
        p.status !== 'moved_on' &&
        (!o.audiences?.length || o.audiences.includes(p.kind)),
    );
    const shuffled = [...pool].sort(() => random.next() - 0.5);
    const applicants = shuffled.slice(
      0,
      Math.min(shuffled.length, o.places + (o.backups ?? 0) + 3),
    );
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
      interests.push({
        opportunity_id: id,
        person_id: person.id,
        method: i % 4 === 0 ? 'staff' : i % 7 === 3 ? 'paper' : 'portal',
        note: null,
        status,
        decision_reason:
          status === 'selected'
            ? i % 2
              ? 'not_involved_recently'
              : 'meets_needs'
            : status === 'backup'
              ? 'places_filled'
              : status === 'not_selected'
                ? paused
                  ? 'not_available'
                  : 'places_filled'
                : null,
        decision_note: null,
        decided_by: decidedAt ? lead : null,
        decided_at: decidedAt,
        told_at: decidedAt,
        created_by: i % 4 === 0 ? lead : null,
        created_at: new Date((openedAt ?? startsAt).getTime() + (i + 1) * DAY),
        updated_at: decidedAt ?? new Date((openedAt ?? startsAt).getTime() + (i + 1) * DAY),
      });
    });

    // involvement: the selected people, on the day (and every month for a recurring one)
    if (!['closed', 'completed', 'open'].includes(o.status) || o.startsIn > 0) continue;
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
        records.push({
          organisation_id: organisation.id,
          person_id: personId,
          opportunity_id: id,
          took_part_on: dayOf(at),
          hours: o.hours,
          rung: o.rung,
          level: o.level,
          method: o.method,
          role:
            o.method === 'interview_panel' || o.method === 'tender_panel'
              ? 'panel_member'
              : o.method === 'forum'
                ? 'representative'
                : o.method === 'service_delivery' || o.method === 'peer_mentoring'
                  ? 'volunteer'
                  : 'participant',
          outcome:
            o.key === 'openingHours'
              ? 'Views on opening hours: the hub now opens until 19:00 on Thursdays'
              : o.key === 'interviewPanel'
                ? 'Helped appoint a recovery worker'
                : null,
          recorded_by: lead,
          created_at: new Date(Math.min(now, at + DAY)),
        });
      }
    }
  }

  // entered directly, with no opportunity: a one-off phone survey of people at the hub
  const hub = context.organisation('aberffugDas');
  for (const person of scopes.filter((p) => p.scope.has(hub.id)).slice(0, 12))
    records.push({
      organisation_id: hub.id,
      person_id: person.id,
      opportunity_id: null,
      took_part_on: dayOf(now - 45 * DAY),
      hours: 0.5,
      rung: 3,
      level: 'individual',
      method: 'survey',
      role: 'participant',
      outcome: null,
      recorded_by: lead,
      created_at: new Date(now - 44 * DAY),
    });

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

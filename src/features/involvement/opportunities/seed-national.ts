import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { Level, Method } from '../tables.ts';
import { nationalRoots, type NationalContext } from '#platform/seed/national.ts';

/**
 * National-scale opportunities and involvement for benchmarks (issue 4): at scale 1, about
 * 4,000 opportunities over the national organisations (more at the lower rungs; rungs 6 and 7
 * only at some providers) and a year of involvement records — about a third of the active
 * people took part, 1 to 12 times each (about 130,000 records), at their own organisation,
 * linked to an opportunity there at the same rung when there is one. Records are dated over
 * the 365 days up to the day of seeding, so "the last year" is always full. Deterministic for
 * a seed on a given day (the national seed's generator).
 */
type Db = Kysely<DB>;

const DAY = 86_400_000;
/** A function, not a constant: national.ts imports this module (a cycle). */
const inNationalTree = () => sql<boolean>`ancestors && ${sql.val(nationalRoots)}::uuid[]`;

/** Deletes the national opportunities and records (before the people and organisations go). */
export async function resetNationalInvolvement(trx: Db) {
  const organisations = trx.selectFrom('organisations').select('id').where(inNationalTree());
  await trx
    .deleteFrom('involvement_records')
    .where('organisation_id', 'in', organisations)
    .execute();
  // invitations and expressions of interest go with them (on delete cascade)
  await trx.deleteFrom('opportunities').where('organisation_id', 'in', organisations).execute();
}

/** Rungs 1..7, weighted: most involvement is at the lower rungs. */
const rungWeights = [24, 20, 26, 12, 10, 5, 3];
const levelsByRung: Level[][] = [
  ['service', 'individual'],
  ['service'],
  ['service', 'strategic', 'individual'],
  ['strategic', 'service'],
  ['service', 'strategic'],
  ['service'],
  ['service', 'policy'],
];
const methodsByRung: Method[][] = [
  ['newsletter', 'conference'],
  ['service_delivery', 'peer_education'],
  ['survey', 'focus_group', 'consultation_event', 'mystery_shopping'],
  ['forum', 'advisory_group'],
  ['interview_panel', 'tender_panel'],
  ['service_delivery', 'training_delivery', 'monitoring_audit'],
  ['peer_mentoring', 'other'],
];
const rolesFor = (method: Method) =>
  method === 'interview_panel' || method === 'tender_panel'
    ? 'panel_member'
    : method === 'forum' || method === 'advisory_group'
      ? 'representative'
      : method === 'service_delivery' || method === 'peer_mentoring'
        ? 'volunteer'
        : method === 'training_delivery'
          ? 'trainer'
          : 'participant';

const arrayParam = (values: (string | number | null)[]) =>
  sql`${sql.val(values.map((v) => (v === null ? null : String(v))))}::text[]`;

/** Bulk insert: one text[] parameter per column, unnested on the server (fast on both engines). */
async function insertColumns(
  db: Db,
  table: 'opportunities' | 'involvement_records',
  columns: Record<string, { type: string; values: (string | number | null)[] }>,
  size = 20_000,
) {
  const names = Object.keys(columns);
  const count = columns[names[0]!]!.values.length;
  for (let i = 0; i < count; i += size) {
    await sql`insert into ${sql.table(table)} (${sql.join(names.map((n) => sql.ref(n)))})
      select ${sql.join(names.map((n) => sql`${sql.ref(`u.${n}`)}::${sql.raw(columns[n]!.type)}`))}
      from unnest(${sql.join(names.map((n) => arrayParam(columns[n]!.values.slice(i, i + size))))})
        as u(${sql.join(names.map((n) => sql.ref(n)))})`.execute(db);
  }
}

export async function seedNationalInvolvement(context: NationalContext) {
  const { random, organisations, db } = context;
  const pickRung = () => {
    let roll = random.next() * 100;
    for (let i = 0; i < rungWeights.length; i += 1) {
      roll -= rungWeights[i]!;
      if (roll < 0) return i + 1;
    }
    return 1;
  };
  const now = Date.now();
  const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const staffAt = new Map<string, string>();
  for (const account of context.accounts)
    if (!staffAt.has(account.organisationId)) staffAt.set(account.organisationId, account.id);

  // opportunities: a few a year at every organisation below the nations; rungs 6-7 at some
  const opportunity: Record<string, (string | number | null)[]> = {
    id: [],
    organisation_id: [],
    title_en: [],
    title_cy: [],
    description_en: [],
    description_cy: [],
    rung: [],
    level: [],
    nta_scope: [],
    nta_mode: [],
    method: [],
    status: [],
    places: [],
    expected_hours: [],
    opens_on: [],
    closing_date: [],
    starts_at: [],
    opened_at: [],
    closed_at: [],
    completed_at: [],
    created_by: [],
    created_at: [],
  };
  /** Opportunity ids by organisation and rung (records link to one). */
  const offered = new Map<string, string[]>();
  for (const organisation of organisations) {
    if (organisation.kind === 'nation') continue;
    const highRungs = random.next() < 0.4; // the rest have gaps at rungs 6 and 7
    const n = organisation.kind === 'provider' ? 6 : 3;
    for (let i = 0; i < n; i += 1) {
      let rung = pickRung();
      if (rung >= 6 && !highRungs) rung = random.pick([1, 2, 3]);
      const level = random.pick(levelsByRung[rung - 1]!);
      const method = random.pick(methodsByRung[rung - 1]!);
      const startsAt = now - random.int(-60, 360) * DAY;
      const status =
        startsAt > now
          ? random.pick(['open', 'open', 'draft'])
          : random.pick(['completed', 'completed', 'closed', 'cancelled']);
      const id = random.uuid();
      const key = `${organisation.id}:${rung}`;
      if (status !== 'draft' && status !== 'cancelled')
        offered.set(key, [...(offered.get(key) ?? []), id]);
      const o = opportunity;
      o.id!.push(id);
      o.organisation_id!.push(organisation.id);
      o.title_en!.push(`Synthetic opportunity ${i + 1} (test data)`);
      o.title_cy!.push(`Cyfle synthetig ${i + 1} (data prawf)`);
      o.description_en!.push('Synthetic test data.');
      o.description_cy!.push('Data prawf synthetig.');
      o.rung!.push(rung);
      o.level!.push(level);
      o.nta_scope!.push(random.pick(['individual', 'collective']));
      o.nta_mode!.push(random.pick(['information', 'feedback', 'influence']));
      o.method!.push(method);
      o.status!.push(status);
      o.places!.push(random.int(1, 12));
      o.expected_hours!.push(random.pick([1, 2, 2.5, 3, 4]));
      o.opens_on!.push(status === 'draft' ? null : dayOf(startsAt - 30 * DAY));
      o.closing_date!.push(dayOf(startsAt - 7 * DAY));
      o.starts_at!.push(new Date(startsAt).toISOString());
      o.opened_at!.push(status === 'draft' ? null : new Date(startsAt - 30 * DAY).toISOString());
      o.closed_at!.push(
        status === 'open' || status === 'draft' ? null : new Date(startsAt - 7 * DAY).toISOString(),
      );
      o.completed_at!.push(
        status === 'completed' ? new Date(Math.min(now, startsAt + DAY)).toISOString() : null,
      );
      o.created_by!.push(staffAt.get(organisation.id) ?? null);
      o.created_at!.push(new Date(startsAt - 35 * DAY).toISOString());
    }
  }

  // who took part: a third of the active people, 1 to 12 times each over the last year
  const people = await sql<{ id: string; organisation_id: string }>`
    select id, organisation_id from people
    where scope_ids && ${sql.val(nationalRoots)}::uuid[] and status = 'active' and erased_at is null
    order by id`.execute(db);
  const record: Record<string, (string | number | null)[]> = {
    organisation_id: [],
    person_id: [],
    opportunity_id: [],
    took_part_on: [],
    hours: [],
    rung: [],
    level: [],
    method: [],
    role: [],
    recorded_by: [],
  };
  for (const person of people.rows) {
    if (random.next() >= 0.34) continue;
    const times = 1 + Math.floor(random.next() ** 2 * 12);
    for (let i = 0; i < times; i += 1) {
      const rung = pickRung();
      const linked = offered.get(`${person.organisation_id}:${rung}`);
      const method = random.pick(methodsByRung[rung - 1]!);
      record.organisation_id!.push(person.organisation_id);
      record.person_id!.push(person.id);
      record.opportunity_id!.push(linked ? random.pick(linked) : null);
      record.took_part_on!.push(dayOf(now - random.int(0, 364) * DAY));
      record.hours!.push(random.pick([0.5, 1, 1.5, 2, 2, 3, 4, 6]));
      record.rung!.push(rung);
      record.level!.push(random.pick(levelsByRung[rung - 1]!));
      record.method!.push(method);
      record.role!.push(rolesFor(method));
      record.recorded_by!.push(staffAt.get(person.organisation_id) ?? null);
    }
  }

  const types: Record<string, string> = {
    id: 'uuid',
    organisation_id: 'uuid',
    person_id: 'uuid',
    opportunity_id: 'uuid',
    created_by: 'uuid',
    recorded_by: 'uuid',
    rung: 'smallint',
    places: 'integer',
    expected_hours: 'numeric',
    hours: 'numeric',
    opens_on: 'date',
    closing_date: 'date',
    took_part_on: 'date',
    starts_at: 'timestamptz',
    opened_at: 'timestamptz',
    closed_at: 'timestamptz',
    completed_at: 'timestamptz',
    created_at: 'timestamptz',
  };
  const typed = (columns: Record<string, (string | number | null)[]>) =>
    Object.fromEntries(
      Object.entries(columns).map(([name, values]) => [
        name,
        { type: types[name] ?? 'text', values },
      ]),
    );
  await db.transaction().execute(async (trx) => {
    await insertColumns(trx, 'opportunities', typed(opportunity));
    await insertColumns(trx, 'involvement_records', typed(record));
  });
  await sql`analyze opportunities`.execute(db);
  await sql`analyze involvement_records`.execute(db);
  return {
    opportunities: opportunity.id!.length,
    records: record.person_id!.length,
  };
}

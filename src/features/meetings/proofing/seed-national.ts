import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { nationalRoots, type NationalContext } from '#platform/seed/national.ts';

/**
 * National-scale meetings for the benches (issue 10 budgets): at scale 1, 200,000 meetings over
 * the national organisations below the nations, spread over the last three years and the next
 * one, of every kind, most user-proofed (online: there are no national venues); one in a hundred with 20 people from the register
 * invited (with replies and, for past meetings, attendance). Made by the database from a series
 * (deterministic: every value is a function of the row's number), in batches.
 */
type Db = Kysely<DB>;

export const NATIONAL_MEETINGS = 200_000;
const BATCH = 50_000;
const inNationalTree = () => sql<boolean>`o.ancestors && ${sql.val(nationalRoots)}::uuid[]`;

export async function resetNationalMeetings(trx: Db) {
  // invitees, agenda, overrides and outcomes go with them (on delete cascade)
  await sql`delete from meetings m using organisations o
    where o.id = m.organisation_id and ${inNationalTree()}`.execute(trx);
}

export async function seedNationalMeetings(context: NationalContext) {
  const { db, scale } = context;
  const total = Math.round(NATIONAL_MEETINGS * scale);
  for (let from = 0; from < total; from += BATCH) {
    const to = Math.min(total, from + BATCH) - 1;
    await sql`
      with orgs as (
        select array_agg(o.id order by o.id) as ids from organisations o
        where ${inNationalTree()} and o.kind <> 'nation'
      ), rows as (
        select n, ids[1 + n % array_length(ids, 1)] as organisation_id,
          (array['forum','board','reference_group','panel','open_meeting','consultation_event',
            'conference','surgery'])[1 + (n * 7) % 8] as kind,
          -- from three years ago to a year ahead, at 10:00, 13:30 or 18:00 UK time in winter
          date_trunc('day', now()) - interval '1095 days' + ((n * 7919) % 1460) * interval '1 day'
            + (array[interval '10 hours', interval '13.5 hours', interval '18 hours'])[1 + n % 3]
            as starts_at,
          (array[1.5, 2, 2.5, 3])[1 + (n * 13) % 4] as hours
        from generate_series(${from}::int, ${to}::int) n, orgs
      )
      insert into meetings (id, organisation_id, kind, title_en, title_cy, rung, attendance_mode,
        starts_at, ends_at, languages, break_planned, expenses_offered, minutes_published_at,
        created_at)
      select md5('cyd-national:meeting:' || n)::uuid, organisation_id, kind,
        'Synthetic meeting ' || n || ' (test data)', 'Cyfarfod synthetig ' || n || ' (data prawf)',
        1 + (n * 3) % 6, 'online',
        starts_at, starts_at + hours * interval '1 hour',
        (array['en','bilingual','cy','en'])[1 + (n * 5) % 4], hours <= 2 or n % 5 <> 0,
        n % 7 <> 0,
        case when starts_at < now() - interval '20 days' and n % 9 <> 0
          then starts_at + ((n % 20) + 1) * interval '1 day' end,
        starts_at - interval '40 days'
      from rows`.execute(db);
  }
  // one meeting in a hundred: 20 people from its organisation invited, with replies and attendance
  await sql`
    insert into meeting_invitees (meeting_id, person_id, reply, replied_at, invited_at, attendance)
    select m.id, p.id,
      (array['yes','yes','maybe','apologies','no'])[1 + abs(hashtext(p.id::text || m.id::text)) % 5],
      m.starts_at - interval '5 days', m.starts_at - interval '20 days',
      case when m.ends_at < now()
        then (array['attended','attended','attended','apologies','did_not_attend'])
          [1 + abs(hashtext(m.id::text || p.id::text)) % 5] end
    from meetings m
    join organisations o on o.id = m.organisation_id
    cross join lateral (
      select p.id from people p
      where p.organisation_id = m.organisation_id and p.status = 'active' and p.erased_at is null
      order by p.id limit 20
    ) p
    where ${inNationalTree()} and m.title_en like 'Synthetic meeting %'
      and abs(hashtext(m.id::text)) % 100 = 0`.execute(db);
}

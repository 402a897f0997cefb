import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { NationalSeed } from '#platform/modules/contract.ts';
import { stableUuid } from '#platform/seed/ids.ts';
import { nationalRoots, type NationalContext } from '#platform/seed/national.ts';

/**
 * National-scale feedback for the benches (issue 12 budgets): at scale 1, 1,000,000 items over
 * the national services (some much busier than others) received over the last three years, from
 * every channel, of every kind, most published or closed and a few percent still open (the
 * recent ones); about 1% safeguarding with the provider's lead; complaints with their deadlines
 * in working days (escalated where the hourly job would have); named people of the register on
 * portal items and some staff-recorded ones; 8 themes everywhere, one or two an item; bilingual
 * outcomes; an inbox for every service with items, and settings at every provider (the region as
 * commissioner, the provider's involvement lead for safeguarding). Made by the database from a
 * series, in batches: every value is a function of the row's number (deterministic).
 */
type Db = Kysely<DB>;

export const NATIONAL_ITEMS = 1_000_000;
const BATCH = 250_000;
const inNationalTree = (alias: string) =>
  sql<boolean>`${sql.ref(`${alias}.ancestors`)} && ${sql.val(nationalRoots)}::uuid[]`;

/** Everyone's themes (organisation null), with stable ids so the reset finds them. */
const themes = [
  ['Opening times', 'Amseroedd agor'],
  ['How staff treat people', 'Sut mae staff yn trin pobl'],
  ['Groups and activities', 'Grwpiau a gweithgareddau'],
  ['Information and leaflets', 'Gwybodaeth a thaflenni'],
  ['The building', 'Yr adeilad'],
  ['Waiting times', 'Amseroedd aros'],
  ['Appointments', 'Apwyntiadau'],
  ['Services in Welsh', 'Gwasanaethau yn Gymraeg'],
] as const;
export const nationalThemeIds = themes.map((_, i) =>
  stableUuid(`cyd-national:feedback-theme:${i}`),
);

/** What people said, three of each kind, in English and Welsh (a compliment can be quoted). */
const bodies: [string, string, string][] = [
  [
    'suggestion',
    'Could the drop-in open later on Thursdays? I work until five.',
    'Allai’r sesiwn galw heibio agor yn hwyrach ar ddydd Iau? Rwy’n gweithio tan bump.',
  ],
  [
    'suggestion',
    'A walking group at the weekend would help a lot of us.',
    'Byddai grŵp cerdded ar y penwythnos yn helpu llawer ohonom.',
  ],
  [
    'suggestion',
    'Please put the group times on the website as well as the noticeboard.',
    'Rhowch amseroedd y grwpiau ar y wefan yn ogystal â’r hysbysfwrdd.',
  ],
  [
    'concern',
    'The waiting room is always full and you wait a long time to be seen.',
    'Mae’r ystafell aros bob amser yn llawn ac rydych yn aros yn hir i gael eich gweld.',
  ],
  [
    'concern',
    'The group I go to keeps being cancelled at short notice.',
    'Mae’r grŵp rwy’n mynd iddo yn cael ei ganslo ar fyr rybudd o hyd.',
  ],
  [
    'concern',
    'The ramp at the side door is broken and hard to use with a pushchair.',
    'Mae’r ramp wrth y drws ochr wedi torri ac yn anodd ei ddefnyddio gyda bygi.',
  ],
  [
    'compliment',
    'My worker helped me sort my benefits out. I felt listened to.',
    'Helpodd fy ngweithiwr i fi ddatrys fy mudd-daliadau. Roeddwn i’n teimlo bod rhywun yn gwrando.',
  ],
  [
    'compliment',
    'Thanks to everyone at the café group, it keeps me going.',
    'Diolch i bawb yn y grŵp caffi, mae’n fy nghadw i fynd.',
  ],
  [
    'compliment',
    'The new leaflet is much easier to read.',
    'Mae’r daflen newydd yn llawer haws i’w darllen.',
  ],
  [
    'complaint',
    'I was told someone would ring me back about my script and nobody did, twice.',
    'Dywedwyd wrtha i y byddai rhywun yn fy ffonio yn ôl am fy mhresgripsiwn a wnaeth neb, ddwywaith.',
  ],
  [
    'complaint',
    'Reception staff spoke to me rudely in front of other people.',
    'Siaradodd staff y dderbynfa yn anghwrtais â fi o flaen pobl eraill.',
  ],
  [
    'complaint',
    'My appointment was cancelled without anyone telling me.',
    'Cafodd fy apwyntiad ei ganslo heb i neb ddweud wrtha i.',
  ],
  ['question', 'Do you do needle exchange here?', 'Ydych chi’n cynnig cyfnewid nodwyddau yma?'],
  [
    'question',
    'Can I bring my partner to the family group?',
    'Alla i ddod â fy mhartner i’r grŵp teulu?',
  ],
  ['question', 'Is there a group in Welsh?', 'Oes grŵp yn Gymraeg?'],
];

/** The outcomes staff wrote, two of each, in both languages. */
const outcomeTexts: [string, string, string][] = [
  [
    'done',
    'We have made the change you asked for. Thank you for telling us.',
    'Rydym wedi gwneud y newid y gofynnoch amdano. Diolch am ddweud wrthym.',
  ],
  [
    'done',
    'We shared this with the team and changed how we work.',
    'Rydym wedi rhannu hyn gyda’r tîm ac wedi newid sut rydym yn gweithio.',
  ],
  [
    'will_do',
    'We will make this change and will tell you when it is done.',
    'Byddwn yn gwneud y newid hwn a byddwn yn dweud wrthych pan fydd wedi’i wneud.',
  ],
  [
    'will_do',
    'We are planning this with the people who use the service.',
    'Rydym yn cynllunio hyn gyda’r bobl sy’n defnyddio’r gwasanaeth.',
  ],
  [
    'cant_do',
    'We cannot do this yet: we do not have the staff. We have asked the commissioner for funding.',
    'Ni allwn wneud hyn eto: does dim digon o staff gennym. Rydym wedi gofyn i’r comisiynydd am arian.',
  ],
  [
    'cant_do',
    'We cannot change this because of the rules of the building.',
    'Ni allwn newid hyn oherwydd rheolau’r adeilad.',
  ],
];

/**
 * `length` letters of `alphabet` (31 of them) spelling the non-negative bigint `value` in base
 * 31: distinct values below 31^length give distinct codes.
 */
function base31(value: string, length: number, alphabet: string) {
  const digits = Array.from(
    { length },
    (_, k) => `substr('${alphabet}', ((${value}) / ${31 ** k} % 31)::int + 1, 1)`,
  );
  return sql.raw(digits.reverse().join(' || '));
}
const RECEIPT_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const INBOX_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
// a multiplier prime to 31 walks every value below 31^n once: distinct numbers, distinct codes
const RECEIPT_SPACE = 31 ** 8;
const INBOX_SPACE = 31 ** 7;

/** The item of row n's id, and its two sets of 16 pseudo-random bytes. */
const itemId = (n: RawBuilder<unknown>) => sql`md5('cyd-national:feedback:' || ${n})::uuid`;

/**
 * Deletes what the seed made: the items of the national services, their themes, inboxes and
 * settings. The items are nearly all of the table, and deleting a million rows one by one would
 * leave them in the table (dead, until a vacuum after the transaction) for every check that
 * follows in it: each national account deleted after this step makes PostgreSQL scan the whole
 * table for its items, as each item did for the items
 * merged into it. So the other items are kept aside, the tables emptied (TRUNCATE, undone with
 * the transaction if anything fails) and the kept items put back.
 */
export async function resetNationalFeedback(db: Db): Promise<void> {
  if (!db.isTransaction) return db.transaction().execute(resetNationalFeedback);
  const kept = sql`select f.id from feedback_items f join organisations o
    on o.id = f.organisation_id where not (${inNationalTree('o')})`;
  await sql`create temporary table kept_feedback_items as select f.* from feedback_items f
    where f.id in (${kept})`.execute(db);
  await sql`create temporary table kept_feedback_item_themes as select t.* from feedback_item_themes t
    where t.item_id in (select id from kept_feedback_items)`.execute(db);
  await sql`create temporary table kept_feedback_card_photos as select p.* from feedback_card_photos p
    where p.item_id in (select id from kept_feedback_items)`.execute(db);
  // survey answers point at the items made of them: kept whole, that link cleared for an item
  // going (the surveys are not national)
  await sql`create temporary table kept_survey_answers as select a.* from survey_answers a`.execute(
    db,
  );
  await sql`update kept_survey_answers set feedback_item_id = null
    where feedback_item_id not in (select id from kept_feedback_items)`.execute(db);
  await sql`truncate feedback_items, feedback_item_themes, feedback_card_photos, survey_answers`.execute(
    db,
  );
  for (const table of [
    'feedback_items',
    'feedback_item_themes',
    'feedback_card_photos',
    'survey_answers',
  ]) {
    await sql`insert into ${sql.table(table)} select * from ${sql.table(`kept_${table}`)}`.execute(
      db,
    );
    await sql`drop table ${sql.table(`kept_${table}`)}`.execute(db);
  }
  await sql`delete from feedback_themes where id = any(${sql.val(nationalThemeIds)}::uuid[])`.execute(
    db,
  );
  for (const table of ['feedback_inboxes', 'feedback_settings'] as const)
    await sql`delete from ${sql.table(table)} t using organisations o
      where o.id = t.organisation_id and ${inNationalTree('o')}`.execute(db);
}

export async function seedNationalFeedback(context: NationalContext) {
  const { db, scale } = context;
  const total = Math.round(NATIONAL_ITEMS * scale);
  await db
    .insertInto('feedback_themes')
    .values(
      themes.map(([en, cy], i) => ({
        id: nationalThemeIds[i]!,
        organisation_id: null,
        name_en: en,
        name_cy: cy,
      })),
    )
    .execute();
  // every provider's settings: its region as commissioner, its involvement lead for safeguarding
  await sql`
    insert into feedback_settings (organisation_id, commissioner_organisation_id, safeguarding_lead_id)
    select o.id, o.ancestors[2],
      (select min(m.account_id::text)::uuid from memberships m
        where m.organisation_id = o.id and m.role = 'involvement_lead')
    from organisations o
    where o.kind = 'provider' and ${inNationalTree('o')} and array_length(o.ancestors, 1) > 2`.execute(
    db,
  );
  const texts = (rows: [string, string, string][]) =>
    sql`select kind, (row_number() over (partition by kind order by ord) - 1)::int as j, en, cy
      from unnest(${sql.val(rows.map((r) => r[0]))}::text[], ${sql.val(rows.map((r) => r[1]))}::text[],
        ${sql.val(rows.map((r) => r[2]))}::text[]) with ordinality as t(kind, en, cy, ord)`;
  for (let from = 0; from < total; from += BATCH) {
    const to = Math.min(total, from + BATCH) - 1;
    await sql`
      with services as materialized (
        select array_agg(o.id order by o.id) as ids from organisations o
        where o.kind = 'service' and ${inNationalTree('o')}
      ), facts as materialized (
        -- a service's staff (owners, recorders), its people (else its provider's) and its lead
        select o.id,
          (select array_agg(m.account_id order by m.account_id) from memberships m
            where m.organisation_id = o.id and m.role in ('involvement_lead', 'staff')) as staff,
          coalesce(
            (select array_agg(p.id order by p.id) from people p
              where p.organisation_id = o.id and p.erased_at is null),
            (select array_agg(p.id order by p.id) from people p
              where p.organisation_id = o.parent_id and p.erased_at is null)) as people,
          s.safeguarding_lead_id as lead
        from organisations o left join feedback_settings s on s.organisation_id = o.parent_id
        where o.kind = 'service' and ${inNationalTree('o')}
      ), calendar as materialized (
        -- England and Wales working days in order, and for each day since the first the number
        -- of working days up to it: days[after[day - first + 1] + k] is k working days after it
        select array_agg(day order by day) filter (where working) as days,
          array_agg(upto order by day) as after
        from (select day, working, count(*) filter (where working) over (order by day) as upto
          from (select d::date as day, extract(isodow from d) < 6 and not exists (select 1
              from working_day_holidays h where h.nation = 'england-and-wales' and h.day = d::date)
              as working
            from generate_series(current_date - 1200, current_date + 200, interval '1 day') d) w) c
      ), texts as materialized (${texts(bodies)}),
      outcome_texts as materialized (${texts(outcomeTexts)}),
      series as materialized (
        select n, decode(md5('cyd-national:feedback:' || n), 'hex') as h,
          decode(md5('cyd-national:feedback:more:' || n), 'hex') as g
        from generate_series(${from}::int, ${to}::int) n
      ), drawn as materialized (
        select n, g,
          -- a skewed spread: the first services in the list are much busier than the last
          s.ids[1 + floor(array_length(s.ids, 1)
            * power((get_byte(h, 0) * 256 + get_byte(h, 1)) / 65536::float8, 1.3))::int] as organisation_id,
          (get_byte(h, 2) * 256 + get_byte(h, 3)) % 1000 as step_roll,
          get_byte(h, 4) % 100 as kind_roll,
          get_byte(h, 5) % 100 as channel_roll,
          get_byte(h, 6) % 100 < 15 as welsh,
          (get_byte(h, 7) * 256 + get_byte(h, 8)) % 1000 as safeguarding_roll,
          (get_byte(h, 9) * 65536 + get_byte(h, 10) * 256 + get_byte(h, 11)) / 16777216::float8 as age
        from series, services s
      ), stepped as (
        select d.*,
          case when step_roll < 8 then 'received' when step_roll < 16 then 'acknowledged'
            when step_roll < 26 then 'looking' when step_roll < 32 then 'decided'
            when step_roll < 650 and safeguarding_roll >= 10 then 'published' else 'closed' end as status,
          case when kind_roll < 35 then 'suggestion' when kind_roll < 55 then 'concern'
            when kind_roll < 80 then 'compliment' when kind_roll < 88 then 'complaint'
            else 'question' end as kind,
          case when channel_roll < 30 then 'web' when channel_roll < 45 then 'sms'
            when channel_roll < 60 then 'card' when channel_roll < 70 then 'survey'
            when channel_roll < 78 then 'experience_log' when channel_roll < 83 then 'story'
            when channel_roll < 93 then 'portal' else 'staff' end as channel,
          safeguarding_roll < 10 as safeguarding
        from drawn d
      ), dated as materialized (
        -- the open ones are recent; the published and closed ones from the last three years
        select t.*, now() - (lo + age * (hi - lo)) * interval '1 day' as received_at
        from stepped t, lateral (select
          case status when 'received' then 0 when 'acknowledged' then 1 when 'looking' then 3
            when 'decided' then 7 else 14 end as lo,
          case status when 'received' then 7 when 'acknowledged' then 21 when 'looking' then 45
            when 'decided' then 60 else 1095 end as hi) w
      ), stepped_dates as (
        select t.*,
          case when status <> 'received'
            then least(now(), received_at + (1 + get_byte(g, 0) % 3) * interval '1 day') end
            as acknowledged_at,
          case when status in ('decided', 'published')
            then least(now(), received_at + (5 + get_byte(g, 1) % 20) * interval '1 day') end
            as decided_at,
          (array['done', 'done', 'will_do', 'cant_do'])[1 + get_byte(g, 3) % 4] as outcome_kind,
          (received_at at time zone 'Europe/London')::date as day
        from dated t
      ), dated_items as (
        select t.*, f.staff, f.lead,
          c.days[c.after[t.day - (current_date - 1200) + 1] + 2] as ack_day,
          c.days[c.after[t.day - (current_date - 1200) + 1] + 20] as respond_day,
          case when channel = 'portal' or (channel in ('staff', 'experience_log', 'story')
              and get_byte(g, 15) % 2 = 0)
            then f.people[1 + (get_byte(g, 6) * 65536 + get_byte(g, 7) * 256 + get_byte(g, 8))
              % array_length(f.people, 1)] end as person_id,
          kind = 'complaint' as complaint
        from stepped_dates t join facts f on f.id = t.organisation_id, calendar c
      ), items as materialized (
        select t.*, case when complaint then ack_day end as acknowledge_by,
          case when complaint then respond_day end as respond_by
        from dated_items t
      )
      insert into feedback_items (id, organisation_id, channel, kind, body, language, receipt_code,
        person_id, urgency, safeguarding, safeguarding_lead_id, owner_account_id, status, outcome,
        outcome_due_on, outcome_en, outcome_cy, quote_consent, quote_en, quote_cy, acknowledge_by,
        respond_by, escalated_at, escalated_reason, received_at, acknowledged_at, decided_at,
        published_at, told_at, recorded_by, version)
      select ${itemId(sql.ref('n'))}, i.organisation_id, i.channel, i.kind,
        case when i.welsh then b.cy else b.en end, case when i.welsh then 'cy' else 'en' end,
        ${base31(`(n::bigint * 387420489 + 5555555) % ${RECEIPT_SPACE}`, 8, RECEIPT_ALPHABET)},
        i.person_id,
        case when i.safeguarding or i.safeguarding_roll < 40 then 'urgent' else 'normal' end,
        i.safeguarding, case when i.safeguarding then i.lead end,
        case when i.status <> 'received'
          then i.staff[1 + get_byte(i.g, 10) % array_length(i.staff, 1)] end,
        i.status,
        case when i.decided_at is not null then i.outcome_kind end,
        case when i.decided_at is not null and i.outcome_kind = 'will_do'
          then (i.decided_at at time zone 'Europe/London')::date + 30 + get_byte(i.g, 2) % 60 end,
        o.en, o.cy,
        q.quoted, case when q.quoted then b.en end, case when q.quoted then b.cy end,
        i.acknowledge_by, i.respond_by, e.at, e.reason,
        i.received_at, i.acknowledged_at, i.decided_at, p.published_at,
        case when i.person_id is not null then p.published_at end,
        case when i.channel in ('card', 'experience_log', 'story', 'staff')
          then i.staff[1 + (get_byte(i.g, 10) + 1) % array_length(i.staff, 1)] end,
        case i.status when 'received' then 1 when 'acknowledged' then 2 when 'looking' then 3
          when 'decided' then 4 when 'published' then 5 else 3 end
          + case when e.at is not null then 1 else 0 end
      from items i
      join texts b on b.kind = i.kind and b.j = get_byte(i.g, 5) % 3
      left join outcome_texts o on i.decided_at is not null and o.kind = i.outcome_kind
        and o.j = get_byte(i.g, 4) % 2
      cross join lateral (select case when i.status = 'published'
        then least(now(), i.decided_at + (1 + get_byte(i.g, 2) % 5) * interval '1 day') end
        as published_at) p
      cross join lateral (select i.status = 'published' and i.kind = 'compliment'
        and get_byte(i.g, 14) % 10 < 3 as quoted) q
      -- where the hourly job would have escalated an open complaint; and one closed in twenty
      cross join lateral (select
        case when i.kind <> 'complaint' then null
          when i.status = 'received' and i.acknowledge_by < current_date then 'acknowledge_overdue'
          when i.status in ('received', 'acknowledged', 'looking') and i.respond_by < current_date
            then 'respond_overdue'
          when i.status in ('published', 'closed') and get_byte(i.g, 14) % 20 = 0
            then 'respond_overdue' end as reason) r
      cross join lateral (select r.reason, case when r.reason is not null
        then least(now(), ((case r.reason when 'acknowledge_overdue' then i.acknowledge_by + 1
          else i.respond_by + 1 end) + time '09:07') at time zone 'Europe/London') end as at) e`.execute(
      db,
    );
    // one or two themes an item
    await sql`
      insert into feedback_item_themes (item_id, theme_id)
      select ${itemId(sql.ref('n'))}, themes[1 + (get_byte(g, 11) + k * (1 + get_byte(g, 13) % 7)) % 8]
      from generate_series(${from}::int, ${to}::int) n,
        lateral (select decode(md5('cyd-national:feedback:more:' || n), 'hex') as g) r,
        generate_series(0, 1) k,
        (select ${sql.val(nationalThemeIds)}::uuid[] as themes) t
      where k = 0 or get_byte(g, 12) % 5 < 2`.execute(db);
  }
  // a few closed items were duplicates, merged into the published one just before them
  await sql`
    update feedback_items d set merged_into_id = (select k.id from feedback_items k
        where k.organisation_id = d.organisation_id and k.status = 'published'
          and k.received_at < d.received_at order by k.received_at desc limit 1)
    where d.id in (select ${itemId(sql.ref('n'))} from generate_series(0, ${total - 1}::int) n
        where n % 300 = 7)
      and d.status = 'closed'`.execute(db);
  // an enabled inbox for every service with items, its poster code made from its place in order
  await sql`
    insert into feedback_inboxes (organisation_id, code)
    select organisation_id, ${base31(`(rn * 387420489 + 777) % ${INBOX_SPACE}`, 7, INBOX_ALPHABET)}
    from (select organisation_id, row_number() over (order by organisation_id) as rn
      from (select distinct f.organisation_id from feedback_items f
        join organisations o on o.id = f.organisation_id where ${inNationalTree('o')}) s) r`.execute(
    db,
  );
  // as autovacuum would leave them: planner statistics, and the visibility map that lets
  // index-only scans (the inbox's count) skip the table
  for (const table of ['feedback_items', 'feedback_item_themes', 'feedback_inboxes'])
    await sql`vacuum analyze ${sql.table(table)}`.execute(db);
}

/** The national seed's feedback step. */
export const feedbackNational: NationalSeed = {
  name: 'feedback items',
  reset: resetNationalFeedback,
  seed: seedNationalFeedback,
};

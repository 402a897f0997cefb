import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { insertTestOrganisation } from '#test/support/fixture.ts';
import { seedTestNational } from '#test/support/national.ts';
import { complaintDeadlines } from '../deadlines/deadlines.ts';
import { insertTestItem } from './fixtures.ts';

/** National feedback at a fiftieth of scale 1: 20,000 items, their mixes, inboxes and a re-run. */
describe('national feedback', () => {
  let t: TestApp;
  const seed = () => seedTestNational(t, 0.02);

  before(async () => {
    t = await startTestApp();
    await seed();
  });
  after(() => t.close());

  const one = async <T>(query: ReturnType<typeof sql<T>>) =>
    (await query.execute(t.services.db)).rows[0]!;

  it('makes 20,000 items from every channel, of every kind, mostly published or closed', async () => {
    const counts = await one(sql<{
      total: number;
      channels: number;
      kinds: number;
      open: number;
      done: number;
      welsh: number;
      named: number;
      services: number;
      badCodes: number;
    }>`
      select count(*)::int as total, count(distinct channel)::int as channels,
        count(distinct kind)::int as kinds,
        count(*) filter (where status in ('received', 'acknowledged', 'looking', 'decided'))::int as open,
        count(*) filter (where status in ('published', 'closed'))::int as done,
        count(*) filter (where language = 'cy')::int as welsh,
        count(*) filter (where person_id is not null)::int as named,
        count(distinct organisation_id)::int as services,
        count(*) filter (where receipt_code !~ '^[A-HJ-NP-Z2-9]{8}$')::int as "badCodes"
      from feedback_items`);
    assert.equal(counts.total, 20_000);
    assert.equal(counts.channels, 8);
    assert.equal(counts.kinds, 5);
    assert.ok(counts.open > 400 && counts.open < 1_000, `open ${String(counts.open)}`);
    assert.equal(counts.open + counts.done, 20_000);
    assert.ok(counts.welsh > 2_000 && counts.welsh < 4_000, `Welsh ${String(counts.welsh)}`);
    assert.ok(counts.named > 1_000, `named ${String(counts.named)}`);
    assert.ok(counts.services > 1);
    assert.equal(counts.badCodes, 0);
    const span = await one(sql<{ days: number; openDays: number }>`
      select extract(day from now() - min(received_at))::int as days,
        extract(day from now() - min(received_at) filter (where status = 'received'))::int
          as "openDays"
      from feedback_items`);
    assert.ok(span.days > 1_000 && span.days <= 1_095, `oldest ${String(span.days)} days`);
    assert.ok(span.openDays <= 7);
  });

  it('gives about 1% safeguarding items a lead, and complaints their deadlines', async () => {
    const safeguarding = await one(sql<{ n: number; led: number; published: number }>`
      select count(*)::int as n, count(safeguarding_lead_id)::int as led,
        count(*) filter (where status = 'published')::int as published
      from feedback_items where safeguarding`);
    assert.ok(
      safeguarding.n > 100 && safeguarding.n < 300,
      `safeguarding ${String(safeguarding.n)}`,
    );
    assert.equal(safeguarding.led, safeguarding.n);
    assert.equal(safeguarding.published, 0);
    const complaints = await one(sql<{ n: number; dated: number; ordered: number; late: number }>`
      select count(*)::int as n,
        count(*) filter (where acknowledge_by > received_at::date and respond_by is not null)::int
          as dated,
        count(*) filter (where respond_by - acknowledge_by between 18 and 40)::int as ordered,
        count(*) filter (where escalated_at is null and status in ('received', 'acknowledged', 'looking')
          and ((status = 'received' and acknowledge_by < current_date) or respond_by < current_date))::int
          as late
      from feedback_items where kind = 'complaint'`);
    assert.ok(complaints.n > 1_000);
    assert.equal(complaints.dated, complaints.n);
    assert.equal(complaints.ordered, complaints.n);
    assert.equal(complaints.late, 0, 'the hourly job would find nothing to escalate');
    // the same working days as receiving one (bank holidays and weekends skipped)
    const sample = await sql<{
      organisation_id: string;
      received_at: Date;
      acknowledge_by: string;
      respond_by: string;
    }>`select organisation_id, received_at, acknowledge_by::text, respond_by::text
      from feedback_items where kind = 'complaint' order by number limit 40`.execute(t.services.db);
    for (const item of sample.rows)
      assert.deepEqual(
        await complaintDeadlines(t.services.db, item.organisation_id, item.received_at),
        { acknowledge_by: item.acknowledge_by, respond_by: item.respond_by },
      );
    const none = await one(sql<{ n: number }>`select count(*)::int as n from feedback_items
      where kind <> 'complaint' and (acknowledge_by is not null or escalated_at is not null)`);
    assert.equal(none.n, 0);
  });

  it('writes outcomes in both languages, themes, merges and inboxes', async () => {
    const outcomes = await one(sql<{ decided: number; written: number; dueOn: number }>`
      select count(*)::int as decided,
        count(*) filter (where outcome is not null and outcome_en <> '' and outcome_cy <> '')::int
          as written,
        count(*) filter (where outcome = 'will_do' and outcome_due_on is null)::int as "dueOn"
      from feedback_items where status in ('decided', 'published')`);
    assert.ok(outcomes.decided > 10_000);
    assert.equal(outcomes.written, outcomes.decided);
    assert.equal(outcomes.dueOn, 0);
    const themes = await one(sql<{ national: number; least: number; most: number }>`
      select (select count(*)::int from feedback_themes where organisation_id is null) as national,
        min(n)::int as least, max(n)::int as most
      from (select count(t.theme_id) as n from feedback_items f
        left join feedback_item_themes t on t.item_id = f.id group by f.id) c`);
    assert.deepEqual(themes, { national: 8, least: 1, most: 2 });
    const merged = await one(sql<{ n: number; wrong: number }>`
      select count(*)::int as n, count(*) filter (where d.status <> 'closed'
        or k.organisation_id <> d.organisation_id or k.merged_into_id is not null)::int as wrong
      from feedback_items d join feedback_items k on k.id = d.merged_into_id`);
    assert.ok(merged.n > 0);
    assert.equal(merged.wrong, 0);
    const inboxes = await one(sql<{ n: number; services: number; bad: number }>`
      select count(*)::int as n,
        (select count(distinct organisation_id)::int from feedback_items) as services,
        count(*) filter (where not enabled or code !~ '^[a-hjkmnp-z2-9]{5,8}$')::int as bad
      from feedback_inboxes`);
    assert.equal(inboxes.n, inboxes.services);
    assert.equal(inboxes.bad, 0);
  });

  it('makes the same items again, leaving others’ feedback alone', async () => {
    const organisation = await insertTestOrganisation(t.services.db, {
      nameEn: 'Not national',
      kind: 'service',
    });
    const kept = await insertTestItem(t.services.db, { organisation_id: organisation.id });
    const theme = await t.services.db
      .insertInto('feedback_themes')
      .values({ organisation_id: organisation.id, name_en: 'Kept', name_cy: 'Cadw' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.services.db
      .insertInto('feedback_item_themes')
      .values({ item_id: kept.id, theme_id: theme.id })
      .execute();
    const ids = sql<{ ids: string; n: number }>`
      select md5(string_agg(id::text || receipt_code, ',' order by id)) as ids, count(*)::int as n
      from feedback_items where id <> ${kept.id}`;
    const first = await one(ids);
    await seed();
    assert.deepEqual(await one(ids), first);
    const still = await one(sql<{ n: number; themes: number }>`select count(*)::int as n,
        (select count(*)::int from feedback_item_themes where item_id = ${kept.id}) as themes
      from feedback_items where id = ${kept.id}`);
    assert.deepEqual(still, { n: 1, themes: 1 });
  });
});

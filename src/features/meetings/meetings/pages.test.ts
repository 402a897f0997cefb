import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { insertTestPerson } from '#features/register';
import { londonParts } from '#platform/time/london.ts';
import { redirectPath } from '#test/support/app.ts';
import { meetingsSuite } from '#test/support/meetings.ts';
import { visibleText } from '#test/support/html.ts';

/** The meeting pages: route → database, bad input in both languages, audits, 404 and 403. */
describe('meeting pages', () => {
  const suite = meetingsSuite('mpages', 'Pages tester');
  const { org, signedIn } = suite;
  let hall: string;

  /** A date `days` from now as the form's three boxes. */
  const dateIn = (days: number) => {
    const [y, m, d] = londonParts(new Date(Date.now() + days * 86_400_000)).date.split('-');
    return { 'date-day': String(Number(d)), 'date-month': String(Number(m)), 'date-year': y! };
  };
  const form = (fields: Record<string, string | string[]> = {}) => ({
    organisationId: org['Provider A']!.id,
    kind: 'forum',
    titleEn: 'Carers forum',
    titleCy: 'Fforwm gofalwyr',
    purposeEn: 'To hear from carers.',
    purposeCy: 'Clywed gan ofalwyr.',
    rung: '4',
    attendanceMode: 'in_person',
    venueId: hall,
    onlineDetails: '',
    ...dateIn(14),
    startTime: '14:00',
    endTime: '16:00',
    chairAccountId: '',
    languages: 'bilingual',
    interpreterLanguage: '',
    closedTo: '',
    arrangements: ['break_planned', 'expenses_offered'],
    papersDueDays: '7',
    minutesDueDays: '14',
    repeat: '',
    count: '',
    ...fields,
  });
  const meetingsOf = (seriesId: string) =>
    suite.t.services.db
      .selectFrom('meetings')
      .selectAll()
      .where('series_id', '=', seriesId)
      .orderBy('starts_at')
      .execute();
  const audits = (id: string) =>
    suite.t.services.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('subject_type', '=', 'meeting')
      .where('subject_id', '=', id)
      .orderBy('id')
      .execute();
  const idIn = (location: string) => /\/meetings\/([0-9a-f-]{36})$/.exec(location)![1]!;

  before(async () => {
    hall = (
      await suite.t.services.db
        .insertInto('venues')
        .values({ organisation_id: org['Provider A']!.id, name: 'Town hall', address: '1 Street' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });

  /** Schedules a weekly series of `count` meetings as a lead of Provider A. */
  async function series(count: number, fields: Record<string, string | string[]> = {}) {
    const { agent } = await signedIn('involvement_lead', 'Provider A');
    await agent.get('/meetings/new');
    const done = await agent.post(
      '/meetings/new',
      form({ repeat: 'weekly', count: String(count), ...fields }),
    );
    assert.equal(done.statusCode, 303, visibleText(agent.lastBody));
    const first = idIn(redirectPath(done));
    const row = await suite.t.services.db
      .selectFrom('meetings')
      .select('series_id')
      .where('id', '=', first)
      .executeTakeFirstOrThrow();
    return { agent, first, seriesId: row.series_id!, done };
  }

  it('schedules a series without JavaScript, audits it, and shows and lists it', async () => {
    const { agent, first, seriesId, done } = await series(3);
    const rows = await meetingsOf(seriesId);
    assert.equal(rows.length, 3);
    assert.equal(rows[0]!.id, first);
    assert.equal(rows[0]!.rung, 4);
    assert.equal(rows[0]!.break_planned, true);
    assert.equal(rows[0]!.simultaneous_translation, false);
    assert.equal(londonParts(rows[1]!.starts_at).time, '14:00');
    for (const row of rows)
      assert.deepEqual(
        (await audits(row.id)).map((a) => a.action),
        ['meeting.scheduled'],
      );
    const page = await agent.follow(done);
    assert.equal(page.statusCode, 200);
    const text = visibleText(page.body);
    assert.ok(text.includes('3 meetings scheduled.'));
    assert.ok(text.includes('Carers forum'));
    assert.ok(text.includes('Part of a series: every week, 3 meetings.'));
    assert.ok(page.body.includes(`href="/meetings/${rows[1]!.id}"`), 'links to the next');
    assert.ok(text.includes('Town hall'));
    assert.ok(text.includes('There is no agenda yet.'));
    assert.ok(page.body.includes(`/meetings/${first}/proofing`));
    // the checklist on the meeting page (from what the page read) is the proofing page's
    const tags = (html: string) =>
      [
        ...html.matchAll(
          /<section class="cyd-proofing-check" id="(\w+)"[\s\S]*?govuk-tag[^>]*>\s*([^<]+?)\s*</g,
        ),
      ].map((m) => `${m[1]!}:${m[2]!}`);
    const proofing = await agent.get(`/meetings/${first}/proofing`);
    assert.equal(tags(page.body).length, 8);
    assert.deepEqual(tags(page.body), tags(proofing.body));
    const list = await agent.get('/meetings');
    assert.ok(visibleText(list.body).includes('Carers forum'));
    assert.ok(list.body.includes('Schedule a meeting'));
    const welsh = await signedIn('viewer', 'Provider A', 'cy');
    const cy = await welsh.agent.get(`/meetings/${first}`);
    assert.equal(cy.statusCode, 200);
    assert.ok(visibleText(cy.body).includes('Fforwm gofalwyr'));
    assert.ok(!cy.body.includes(`/meetings/${first}/edit`), 'a viewer is not offered changes');
    const cyList = await welsh.agent.get('/meetings');
    assert.ok(visibleText(cyList.body).includes('Fforwm gofalwyr'));
    assert.ok(!cyList.body.includes('Trefnu cyfarfod'));
  });

  it('refuses bad input with messages in English and Welsh and stores nothing', async () => {
    const count = async () =>
      Number(
        (
          await suite.t.services.db
            .selectFrom('meetings')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const cases: [Record<string, string>, string, string][] = [
      [
        { endTime: '13:00' },
        'The end time must be after the start time',
        'Rhaid i’r amser gorffen',
      ],
      [
        { ...dateIn(-3) },
        'The meeting must be in the future',
        'Rhaid i’r cyfarfod fod yn y dyfodol',
      ],
      [{ venueId: '' }, 'Choose a venue for a meeting people attend in person', 'Dewiswch leoliad'],
      [{ repeat: 'weekly', count: '30' }, 'between 2 and 24', 'rhwng 2 a 24'],
      [{ titleEn: '', titleCy: '' }, 'Enter the title in Welsh', 'Rhowch y teitl yn Gymraeg'],
    ];
    for (const language of ['en', 'cy'] as const) {
      const { agent } = await signedIn('involvement_lead', 'Provider A', language);
      for (const [fields, en, cy] of cases) {
        await agent.get('/meetings/new');
        const bad = await agent.post('/meetings/new', form(fields));
        assert.equal(bad.statusCode, 400, JSON.stringify(fields));
        const text = visibleText(bad.body).replaceAll("'", '’');
        assert.ok(text.includes(language === 'en' ? en : cy), `${language}: ${en}`);
        assert.ok(bad.body.includes('Clywed gan ofalwyr.'), 'the values are kept');
        assert.ok(bad.body.includes('value="forum" selected'), 'the kind is kept');
      }
    }
    assert.equal(await count(), before);
  });

  it('changes this meeting and the later ones of its series, keeping their dates', async () => {
    const { agent, seriesId } = await series(3);
    const [first, second, third] = await meetingsOf(seriesId);
    await agent.get(`/meetings/${second!.id}/edit`);
    assert.ok(agent.lastBody.includes('value="Carers forum"'));
    const changed = await agent.post(
      `/meetings/${second!.id}/edit`,
      form({
        ...dateIn(22),
        titleEn: 'Carers voice',
        startTime: '10:00',
        endTime: '12:00',
        scope: 'later',
      }),
    );
    assert.equal(changed.statusCode, 303, visibleText(agent.lastBody));
    const after = await meetingsOf(seriesId);
    const byId = new Map(after.map((m) => [m.id, m]));
    assert.equal(byId.get(first!.id)!.title_en, 'Carers forum');
    assert.equal(byId.get(second!.id)!.title_en, 'Carers voice');
    assert.equal(byId.get(third!.id)!.title_en, 'Carers voice');
    assert.equal(
      londonParts(byId.get(second!.id)!.starts_at).date,
      londonParts(new Date(Date.now() + 22 * 86_400_000)).date,
    );
    assert.equal(
      londonParts(byId.get(third!.id)!.starts_at).date,
      londonParts(third!.starts_at).date,
    );
    assert.equal(londonParts(byId.get(third!.id)!.starts_at).time, '10:00');
    const [entry] = (await audits(third!.id)).filter((a) => a.action === 'meeting.changed');
    assert.deepEqual((entry!.details as { fields: string[] }).fields.sort(), [
      'ends_at',
      'starts_at',
      'title_en',
    ]);
    assert.equal((await audits(first!.id)).length, 1, 'the earlier meeting is untouched');
  });

  it('cancels this and later meetings after confirming; a cancelled one cannot change', async () => {
    const { agent, seriesId } = await series(3);
    const [first, second, third] = await meetingsOf(seriesId);
    const confirm = await agent.get(`/meetings/${second!.id}/cancel`);
    assert.equal(confirm.statusCode, 200);
    assert.ok(visibleText(confirm.body).includes('This meeting and the later meetings'));
    const done = await agent.post(`/meetings/${second!.id}/cancel`, {
      scope: 'later',
      reason: 'The room is closed',
    });
    assert.equal(done.statusCode, 303);
    const statuses = new Map((await meetingsOf(seriesId)).map((m) => [m.id, m]));
    assert.equal(statuses.get(first!.id)!.status, 'planned');
    assert.equal(statuses.get(second!.id)!.status, 'cancelled');
    assert.ok(statuses.get(third!.id)!.cancelled_at);
    assert.ok((await audits(third!.id)).some((a) => a.action === 'meeting.cancelled'));
    const page = await agent.follow(done);
    assert.ok(visibleText(page.body).includes('2 meetings cancelled.'));
    const edit = await agent.get(`/meetings/${second!.id}/edit`);
    assert.equal(edit.statusCode, 409);
    assert.ok(visibleText(edit.body).includes('The meeting is cancelled.'));
    assert.equal((await agent.get(`/meetings/${second!.id}/agenda`)).statusCode, 409);
    assert.equal((await agent.get(`/meetings/${third!.id}/cancel`)).statusCode, 409);
    const list = await agent.get('/meetings');
    assert.ok(visibleText(list.body).includes('Cancelled'));
  });

  it('keeps an agenda: adds rows without JavaScript, reorders, removes by clearing', async () => {
    const { agent, first } = await series(2);
    const url = `/meetings/${first}/agenda`;
    const blank = await agent.get(url);
    assert.equal(blank.statusCode, 200);
    assert.ok(blank.body.includes('name="item-2-titleEn"'));
    assert.ok(!blank.body.includes('name="item-3-titleEn"'));
    const rows = {
      'item-0-titleEn': 'Welcome',
      'item-0-titleCy': 'Croeso',
      'item-0-minutes': '10',
      'item-0-position': '2',
      'item-1-titleEn': 'Budget',
      'item-1-titleCy': 'Cyllideb',
      'item-1-minutes': '130',
      'item-1-position': '1',
      'item-2-titleEn': '',
    };
    const more = await agent.post(url, { ...rows, action: 'more' });
    assert.equal(more.statusCode, 200);
    assert.ok(more.body.includes('name="item-5-titleEn"'));
    assert.ok(more.body.includes('value="Cyllideb"'));
    const bad = await agent.post(url, { ...rows, 'item-2-titleEn': 'Half done' });
    assert.equal(bad.statusCode, 400);
    assert.ok(visibleText(bad.body).includes("Enter the item's title in Welsh"));
    await agent.get(url);
    const saved = await agent.post(url, { ...rows, action: 'save' });
    assert.equal(saved.statusCode, 303);
    const items = await suite.t.services.db
      .selectFrom('meeting_agenda_items')
      .select(['position', 'title_en'])
      .where('meeting_id', '=', first)
      .orderBy('position')
      .execute();
    assert.deepEqual(items, [
      { position: 1, title_en: 'Budget' },
      { position: 2, title_en: 'Welcome' },
    ]);
    const page = visibleText((await agent.get(`/meetings/${first}`)).body);
    assert.ok(page.includes('Items planned: 2 hours 20 minutes. Meeting length: 2 hours.'));
    await agent.get(url);
    await agent.post(url, {
      'item-0-titleEn': '',
      'item-0-titleCy': '',
      'item-0-minutes': '',
      'item-1-titleEn': 'Welcome',
      'item-1-titleCy': 'Croeso',
    });
    const left = await suite.t.services.db
      .selectFrom('meeting_agenda_items')
      .select('title_en')
      .where('meeting_id', '=', first)
      .execute();
    assert.deepEqual(left, [{ title_en: 'Welcome' }]);
    assert.ok((await audits(first)).some((a) => a.action === 'meeting.agenda_changed'));
  });

  it('sums up findings about invitees on the meeting page without their names (nothing audited)', async () => {
    const { agent, first } = await series(2);
    const { db, config } = suite.t.services;
    const person = await insertTestPerson(db, config.encryptionKey, {
      organisationId: org['Provider A']!.id,
      displayName: 'Wheelchair User',
      fields: { venue_needs: ['step_free'] },
    });
    await db
      .insertInto('meeting_invitees')
      .values({ meeting_id: first, person_id: person })
      .execute();
    const viewed = () =>
      db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'meeting.proofing_viewed')
        .where('subject_id', '=', person)
        .execute();
    const page = visibleText((await agent.get(`/meetings/${first}`)).body);
    assert.ok(page.includes('This concerns 1 person invited: see the checklist for who.'));
    assert.ok(!page.includes('Wheelchair User'));
    assert.ok(page.includes('1 person invited.'));
    assert.equal((await viewed()).length, 0);
    const checklist = visibleText((await agent.get(`/meetings/${first}/proofing`)).body);
    assert.ok(checklist.includes('Wheelchair User'));
    assert.equal((await viewed()).length, 1);
  });

  it("is 404 for another organisation's meeting and 403 without meeting.manage", async () => {
    const { first } = await series(2);
    const stranger = await signedIn('involvement_lead', 'Provider B');
    assert.equal((await stranger.agent.get(`/meetings/${first}`)).statusCode, 404);
    assert.equal((await stranger.agent.get(`/meetings/${first}/edit`)).statusCode, 404);
    const list = await stranger.agent.get('/meetings');
    assert.ok(!visibleText(list.body).includes('Carers forum'));
    const viewer = await signedIn('viewer', 'Provider A');
    assert.equal((await viewer.agent.get(`/meetings/${first}`)).statusCode, 200);
    assert.equal((await viewer.agent.get(`/meetings/${first}/edit`)).statusCode, 403);
    assert.equal((await viewer.agent.get(`/meetings/${first}/agenda`)).statusCode, 403);
    assert.equal((await viewer.agent.get('/meetings/new')).statusCode, 403);
    // the organisation filter offers only organisations in scope
    const lead = await signedIn('involvement_lead', 'Provider A');
    const filtered = await lead.agent.get(`/meetings?organisation=${org['Provider B']!.id}`);
    assert.ok(!filtered.body.includes(`value="${org['Provider B']!.id}"`));
  });
});

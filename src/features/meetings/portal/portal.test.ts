import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Insertable } from 'kysely';
import { insertTestPerson } from '#features/register';
import { startTestApp, type TestApp, type Agent, redirectPath } from '#test/support/app.ts';
import { auditAbout, organisationTree, signedInPerson } from '#test/support/fixture.ts';
import { visibleText } from '#test/support/html.ts';
import { insertMeeting } from '#test/support/meetings.ts';
import { insertPaper } from '#test/support/meetings-papers.ts';
import type { MeetingsTable } from '../tables.ts';
import type { MeetingPapersTable } from '../papers/tables.ts';
import type { TFunction } from 'i18next';
import { choosePapers } from '../papers/choose.ts';
import { placeOf, whenOf } from './present.ts';
import type { Paper } from '../papers/service.ts';

describe('meetings in the people’s portal', () => {
  let t: TestApp;
  const { org, add } = organisationTree(() => t, 'meeting-portal', 'Portal tester');

  before(async () => {
    t = await startTestApp({ EXPOSE_QUERY_COUNT: 'true' });
    await add('Region');
    await add('Provider A', 'Region');
  });
  after(() => t.close());

  let people = 0;
  /** A person on the register at Provider A, signed in to the portal. */
  async function person(language: 'en' | 'cy' = 'en', formats: string[] = []) {
    people += 1;
    const id = await insertTestPerson(t.services.db, t.config.encryptionKey, {
      organisationId: org['Provider A']!.id,
      displayName: `Portal Person ${String(people)}`,
      fields: { preferred_language: language, formats },
    });
    return { id, agent: await signedInPerson(t, id) };
  }

  /** A two-hour online meeting at Provider A starting `days` from now, with these people invited. */
  async function meeting(
    days: number,
    invited: string[],
    values: Partial<Insertable<MeetingsTable>> = {},
  ) {
    const { db } = t.services;
    const meetingId = await insertMeeting(db, org['Provider A']!.id, {
      startsInHours: days * 24,
      title_en: `Forum in ${String(days)} days`,
      title_cy: `Fforwm ymhen ${String(days)} diwrnod`,
      ...values,
    });
    const invitees = invited.length
      ? await db
          .insertInto('meeting_invitees')
          .values(
            invited.map((personId) => ({
              meeting_id: meetingId,
              person_id: personId,
              invited_at: new Date(),
            })),
          )
          .returning(['id', 'person_id'])
          .execute()
      : [];
    return {
      id: meetingId,
      inviteeOf: (personId: string) => invitees.find((i) => i.person_id === personId)!.id,
    };
  }

  const paper = (
    meetingId: string,
    values: Partial<Insertable<MeetingPapersTable>> = {},
    content = Buffer.from('%PDF-1.4\n%%EOF\n'),
  ) =>
    insertPaper(
      t.services.db,
      meetingId,
      { title_en: 'Budget paper', title_cy: 'Papur cyllideb', file_name: 'budget.pdf', ...values },
      content,
    );

  const text = async (agent: Agent, url: string) => {
    const page = await agent.get(url);
    assert.equal(page.statusCode, 200, url);
    return visibleText(page.body);
  };

  it('lists only the person’s meetings, coming up soonest first and past latest first', async () => {
    const me = await person();
    const other = await person();
    const later = await meeting(20, [me.id, other.id]);
    const sooner = await meeting(5, [me.id], {
      attendance_mode: 'online',
      status: 'cancelled',
    });
    const past = await meeting(-30, [me.id]);
    const older = await meeting(-60, [me.id]);
    const longAgo = await meeting(-400, [me.id]);
    const notMine = await meeting(6, [other.id], { title_en: 'Somebody else’s meeting' });
    await t.services.db
      .updateTable('meeting_invitees')
      .set({ reply: 'yes', replied_at: new Date(), reply_channel: 'sms' })
      .where('id', '=', later.inviteeOf(me.id))
      .execute();

    const page = await me.agent.get('/portal/meetings');
    assert.equal(page.statusCode, 200);
    const queries = Number(page.headers['x-query-count']);
    assert.ok(queries <= 10, `${String(queries)} queries`);
    const body = page.body;
    const order = [sooner.id, later.id, past.id, older.id].map((id) =>
      body.indexOf(`/portal/meetings/${id}"`),
    );
    assert.ok(
      order.every((at) => at > 0),
      'all four listed',
    );
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
      'upcoming soonest first, then past',
    );
    assert.ok(!body.includes(longAgo.id), 'not older than 12 months');
    assert.ok(!body.includes(notMine.id), 'not a meeting they are not invited to');
    const words = visibleText(body);
    assert.match(words, /Cancelled/);
    assert.match(words, /Your reply: Coming/);
    assert.match(words, /Your reply: Not replied yet/);
    assert.ok(!words.includes('Portal Person'.concat(' ', String(people))), 'no other invitee');
    // the read is the person's own, audited as such
    const [entry] = (await auditAbout(t.services.db, me.id, 'meeting.own_viewed')).slice(-1);
    assert.equal(entry?.actor_account_id, null);
    assert.deepEqual(entry?.details, { by: 'person' });

    // the portal's home links to it
    assert.match(await text(me.agent, '/portal'), /Your meetings/);
  });

  it('shows a meeting only once the invitation has been sent', async () => {
    const me = await person();
    const drafted = await meeting(9, [me.id]);
    await t.services.db
      .updateTable('meeting_invitees')
      .set({ invited_at: null })
      .where('meeting_id', '=', drafted.id)
      .execute();
    assert.equal((await me.agent.get(`/portal/meetings/${drafted.id}`)).statusCode, 404);
    assert.ok(!(await me.agent.get('/portal/meetings')).body.includes(drafted.id));
    await t.services.db
      .updateTable('meeting_invitees')
      .set({ invited_at: new Date() })
      .where('meeting_id', '=', drafted.id)
      .execute();
    assert.equal((await me.agent.get(`/portal/meetings/${drafted.id}`)).statusCode, 200);
  });

  it('answers 404 for a meeting the person is not invited to, its papers and its calendar', async () => {
    const me = await person();
    const other = await person();
    const theirs = await meeting(7, [other.id]);
    const paperId = await paper(theirs.id);
    for (const url of [
      `/portal/meetings/${theirs.id}`,
      `/portal/meetings/${theirs.id}/calendar.ics`,
      `/portal/meetings/${theirs.id}/papers/${paperId}`,
      '/portal/meetings/not-an-id',
    ])
      assert.equal((await me.agent.get(url)).statusCode, 404, url);
    // a paper of another meeting, through one of the person's own meetings
    const mine = await meeting(8, [me.id]);
    assert.equal(
      (await me.agent.get(`/portal/meetings/${mine.id}/papers/${paperId}`)).statusCode,
      404,
    );
    // staff sessions and visitors never see portal pages
    const visitor = await t.app.inject({ method: 'GET', url: `/portal/meetings/${mine.id}` });
    assert.equal(visitor.statusCode, 303);
    assert.equal(visitor.headers.location, '/portal/sign-in');
  });

  it('shows the meeting in Welsh: details, agenda, papers in their language and format', async () => {
    const me = await person('cy', ['easy_read']);
    const other = await person();
    const m = await meeting(10, [me.id, other.id], {
      purpose_en: 'To talk about the new service.',
      purpose_cy: 'I siarad am y gwasanaeth newydd.',
    });
    await t.services.db
      .insertInto('meeting_agenda_items')
      .values([
        {
          meeting_id: m.id,
          position: 1,
          title_en: 'Welcome',
          title_cy: 'Croeso',
          summary_en: 'Who is here.',
          summary_cy: 'Pwy sydd yma.',
        },
        { meeting_id: m.id, position: 2, title_en: 'Budget', title_cy: 'Cyllideb' },
      ])
      .execute();
    const english = await paper(m.id, { summary_en: 'The money.', summary_cy: 'Yr arian.' });
    const welshEasy = await paper(m.id, { language: 'cy', format: 'easy_read' });
    const welsh = await paper(m.id, { language: 'cy' });
    const minutes = await paper(m.id, { kind: 'minutes', title_en: 'Minutes' });

    const page = await me.agent.get(`/portal/meetings/${m.id}`);
    assert.equal(page.statusCode, 200);
    const queries = Number(page.headers['x-query-count']);
    assert.ok(queries <= 10, `${String(queries)} queries`);
    const words = visibleText(page.body);
    assert.match(page.body, /<html lang="cy"/);
    for (const expected of [
      'Fforwm ymhen 10 diwrnod',
      'I siarad am y gwasanaeth newydd.',
      'Croeso',
      'Pwy sydd yma.',
      'Cyllideb',
      'Papur cyllideb',
      'Yr arian.',
      'Ar-lein',
      'Ydych chi’n dod?',
      'Heb ateb eto',
    ])
      assert.ok(words.includes(expected), expected);
    // the Welsh easy-read version first; the others offered beside it
    const at = (id: string) => page.body.indexOf(`/portal/meetings/${m.id}/papers/${id}"`);
    assert.ok(at(welshEasy) > 0 && at(welsh) > at(welshEasy) && at(english) > at(welshEasy));
    // minutes not yet published: neither listed nor downloadable
    assert.equal(at(minutes), -1);
    assert.equal(
      (await me.agent.get(`/portal/meetings/${m.id}/papers/${minutes}`)).statusCode,
      404,
    );
    // nothing about the other invitee
    assert.ok(!words.includes(`Portal Person ${String(people)}`));
    // no "what came of it" before the meeting
    assert.ok(!words.includes('Beth ddaeth ohono'));

    // a download has the papers feature's safe headers
    const file = await me.agent.get(`/portal/meetings/${m.id}/papers/${welshEasy}`);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'application/pdf');
    assert.match(String(file.headers['content-disposition']), /^attachment; filename="budget.pdf"/);
    assert.equal(file.headers['x-content-type-options'], 'nosniff');
    assert.equal(file.headers['content-security-policy'], "default-src 'none'; sandbox");
    assert.equal(file.headers['cache-control'], 'private, no-store');
    assert.equal(file.headers['content-encoding'], undefined);

    // the calendar file, in Welsh, with no invitee in it
    const ics = await me.agent.get(`/portal/meetings/${m.id}/calendar.ics`);
    assert.equal(ics.statusCode, 200);
    assert.match(String(ics.headers['content-type']), /^text\/calendar/);
    assert.match(ics.body, /SUMMARY:Fforwm ymhen 10 diwrnod/);
    assert.match(ics.body, /LOCATION:Ar-lein/);
    assert.doesNotMatch(ics.body, /ATTENDEE|Portal Person/);

    const [entry] = (await auditAbout(t.services.db, me.id, 'meeting.own_viewed')).slice(-1);
    assert.deepEqual(entry?.details, { meetingId: m.id, by: 'person' });
  });

  it('records a reply once, and refuses no choice, a meeting under way and a cancelled one in Welsh', async () => {
    const me = await person('cy');
    const m = await meeting(9, [me.id]);
    const url = `/portal/meetings/${m.id}`;
    await me.agent.get(url);
    const none = await me.agent.post(`${url}/reply`, {});
    assert.equal(none.statusCode, 400);
    assert.match(visibleText(none.body), /Dewiswch a ydych chi’n dod/);

    const first = await me.agent.post(`${url}/reply`, { reply: 'apologies' });
    assert.equal(first.statusCode, 303);
    assert.equal(redirectPath(first), url);
    assert.match(
      visibleText((await me.agent.follow(first)).body),
      /Rydyn ni wedi nodi eich ymddiheuriadau/,
    );
    const again = await me.agent.post(`${url}/reply`, { reply: 'apologies' });
    assert.equal(again.statusCode, 303);
    assert.match(visibleText((await me.agent.follow(again)).body), /Does dim wedi newid/);
    const invitee = await t.services.db
      .selectFrom('meeting_invitees')
      .select(['reply', 'reply_channel'])
      .where('id', '=', m.inviteeOf(me.id))
      .executeTakeFirstOrThrow();
    assert.deepEqual(invitee, { reply: 'apologies', reply_channel: 'portal' });
    const replies = await t.services.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'meeting.replied')
      .where('subject_id', '=', m.id)
      .execute();
    assert.equal(replies.length, 1, 'recorded once');

    // under way: no form, and a stale form is refused
    const started = await meeting(-0.01, [me.id]);
    const startedPage = await me.agent.get(`/portal/meetings/${started.id}`);
    assert.doesNotMatch(startedPage.body, /name="reply"/);
    const late = await me.agent.post(`/portal/meetings/${started.id}/reply`, { reply: 'yes' });
    assert.equal(late.statusCode, 400);
    assert.match(visibleText(late.body), /mae’r atebion wedi cau/);

    const cancelled = await meeting(4, [me.id], { status: 'cancelled', cancelled_at: new Date() });
    await me.agent.get(`/portal/meetings/${cancelled.id}`);
    const refused = await me.agent.post(`/portal/meetings/${cancelled.id}/reply`, { reply: 'yes' });
    assert.equal(refused.statusCode, 400);
    assert.match(visibleText(refused.body), /Mae’r cyfarfod wedi’i ganslo/);
    assert.equal(
      (await me.agent.get(`/portal/meetings/${cancelled.id}/calendar.ics`)).statusCode,
      404,
    );

    // not invited: 404, nothing stored
    const other = await person();
    const theirs = await meeting(9, [other.id]);
    await me.agent.get('/portal/meetings');
    assert.equal(
      (await me.agent.post(`/portal/meetings/${theirs.id}/reply`, { reply: 'yes' })).statusCode,
      404,
    );
  });

  it('shows what came of a past meeting, with the minutes', async () => {
    const me = await person();
    const open = await meeting(-3, [me.id], { kind: 'open_meeting' });
    const forum = await meeting(-4, [me.id]);
    const { db } = t.services;
    for (const m of [open, forum]) {
      await db
        .insertInto('meeting_outcomes')
        .values([
          {
            meeting_id: m.id,
            kind: 'decision',
            text_en: 'Keep the Tuesday group.',
            text_cy: 'Cadw grŵp dydd Mawrth.',
          },
          {
            meeting_id: m.id,
            kind: 'action',
            text_en: 'Find a quieter room.',
            text_cy: 'Dod o hyd i ystafell dawelach.',
            due_on: '2030-03-27',
          },
        ])
        .execute();
    }
    const openMinutes = await paper(open.id, {
      kind: 'minutes',
      title_en: 'Minutes',
      published_at: new Date(),
    });
    const forumMinutes = await paper(forum.id, {
      kind: 'minutes',
      title_en: 'Minutes',
      published_at: new Date(),
    });

    const openPage = await me.agent.get(`/portal/meetings/${open.id}`);
    const queries = Number(openPage.headers['x-query-count']);
    assert.ok(queries <= 10, `${String(queries)} queries`);
    const words = visibleText(openPage.body);
    for (const expected of [
      'What came of it',
      'Keep the Tuesday group.',
      'Find a quieter room.',
      'To be done by 27 March 2030',
      'Replies have closed',
      'No papers were shared for this meeting.',
    ])
      assert.ok(words.includes(expected), expected);
    assert.match(openPage.body, new RegExp(`href="/meetings/${open.id}/minutes/${openMinutes}"`));
    assert.doesNotMatch(
      openPage.body,
      /calendar\.ics/,
      'no calendar file for a meeting that is over',
    );

    const forumPage = await me.agent.get(`/portal/meetings/${forum.id}?lang=cy`);
    assert.match(visibleText(forumPage.body), /Cadw grŵp dydd Mawrth\./);
    const portalLink = `/portal/meetings/${forum.id}/papers/${forumMinutes}`;
    assert.match(forumPage.body, new RegExp(`href="${portalLink}"`));
    assert.equal((await me.agent.get(portalLink)).statusCode, 200);
  });
});

describe('choosing a version of each paper', () => {
  const at = (n: number) => new Date(Date.UTC(2027, 0, n));
  const paper = (id: string, values: Partial<Paper>): Paper => ({
    id,
    meetingId: 'm',
    kind: 'agenda_paper',
    titleEn: 'Budget',
    titleCy: 'Cyllideb',
    language: 'en',
    format: 'standard',
    summaryEn: null,
    summaryCy: null,
    fileName: 'budget.pdf',
    mediaType: 'application/pdf',
    sizeBytes: 1,
    sha256: '',
    uploadedAt: at(1),
    publishedAt: null,
    ...values,
  });

  it('prefers the language, then a format asked for, then standard, then the newest', () => {
    const papers = [
      paper('en', {}),
      paper('cy', { language: 'cy' }),
      paper('cy-large', { language: 'cy', format: 'large_print' }),
      paper('en-easy', { format: 'easy_read' }),
      paper('cy-new', { language: 'cy', uploadedAt: at(5) }),
      paper('other', { titleEn: 'Another paper' }),
    ];
    const ids = (choices: ReturnType<typeof choosePapers>) =>
      choices.map((c) => [c.chosen.id, c.others.map((o) => o.id)]);
    assert.deepEqual(ids(choosePapers(papers, 'cy', [])), [
      ['cy-new', ['cy', 'cy-large', 'en', 'en-easy']],
      ['other', []],
    ]);
    assert.deepEqual(ids(choosePapers(papers, 'cy', ['large_print']))[0]![0], 'cy-large');
    assert.deepEqual(ids(choosePapers(papers, 'en', ['easy_read', 'braille']))[0]![0], 'en-easy');
    assert.deepEqual(ids(choosePapers(papers, 'en', []))[0]![0], 'en');
  });
});

describe('how the portal words a meeting’s time and place', () => {
  const t = ((key: string, values?: Record<string, string>) =>
    `${key} ${JSON.stringify(values ?? {})}`) as unknown as TFunction;

  it('gives UK times, summer time included, and both days for a meeting past midnight', () => {
    // 09:30 UTC in July is 10:30 in the UK
    const summer = whenOf(
      t,
      'en',
      new Date('2027-07-06T09:30:00Z'),
      new Date('2027-07-06T11:00:00Z'),
    );
    assert.match(summer, /sameDay .*"day":"Tuesday 6 July 2027","from":"10:30","to":"12:00"/);
    const late = whenOf(
      t,
      'cy',
      new Date('2027-01-08T22:00:00Z'),
      new Date('2027-01-09T01:00:00Z'),
    );
    assert.match(late, /days .*"from":"22:00","endDay":"Dydd Sadwrn 9 Ionawr 2027","to":"01:00"/);
  });

  it('says online, the venue, or both', () => {
    assert.match(placeOf(t, { attendanceMode: 'online', venueName: 'Hub' }), /place\.online/);
    assert.equal(placeOf(t, { attendanceMode: 'in_person', venueName: 'Hub' }), 'Hub');
    assert.match(placeOf(t, { attendanceMode: 'hybrid', venueName: 'Hub' }), /hybrid .*Hub/);
    assert.match(placeOf(t, { attendanceMode: 'in_person', venueName: null }), /toBeConfirmed/);
  });
});

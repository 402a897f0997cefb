import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertTestPerson } from '#features/register';
import { Agent, logCapture, startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree } from '#test/support/fixture.ts';
import { visibleText } from '#test/support/html.ts';
import { insertMeeting } from '#test/support/meetings.ts';
import { insertPaper } from '#test/support/meetings-papers.ts';
import { issueReplyTokens } from '../invitations/tokens.ts';
import type { PaperFormat, PaperLanguage } from '../papers/tables.ts';

describe('the reply link (/r/<token>)', () => {
  let t: TestApp;
  const { lines, stream: logStream } = logCapture();
  const { org, add } = organisationTree(() => t, 'reply-link', 'Reply link tester');

  before(async () => {
    t = await startTestApp({ LOG_LEVEL: 'info' }, { logStream });
    await add('Provider A');
  });
  after(() => t.close());

  /** A Welsh speaker who reads easy read, invited to a forum with a guest; their reply link. */
  async function invitation(hoursAhead = 48) {
    const { db, config } = t.services;
    const organisationId = org['Provider A']!.id;
    const personId = await insertTestPerson(db, config.encryptionKey, {
      organisationId,
      displayName: 'Siân Invitee',
      fields: { preferred_language: 'cy', formats: ['easy_read'] },
    });
    const venue = await db
      .insertInto('venues')
      .values({
        organisation_id: organisationId,
        name: 'Neuadd y Dref',
        address: '1 Stryd Fawr\nAberystwyth',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const endsAt = new Date(Date.now() + (hoursAhead + 2) * 3_600_000);
    const meetingId = await insertMeeting(db, organisationId, {
      startsInHours: hoursAhead,
      ends_at: endsAt,
      title_en: 'Carers forum',
      title_cy: 'Fforwm gofalwyr',
      attendance_mode: 'in_person',
      venue_id: venue.id,
    });
    await db
      .insertInto('meeting_agenda_items')
      .values([
        { meeting_id: meetingId, position: 1, title_en: 'Welcome', title_cy: 'Croeso' },
        { meeting_id: meetingId, position: 2, title_en: 'Respite', title_cy: 'Seibiant' },
      ])
      .execute();
    const paper = (language: PaperLanguage, format: PaperFormat, title: string) =>
      insertPaper(db, meetingId, {
        title_en: 'Agenda pack',
        title_cy: title,
        language,
        format,
        file_name: `${title}.pdf`,
      });
    const papers = {
      enStandard: await paper('en', 'standard', 'Pecyn EN'),
      cyStandard: await paper('cy', 'standard', 'Pecyn safonol'),
      cyEasy: await paper('cy', 'easy_read', 'Pecyn hawdd ei ddeall'),
    };
    const invitees = await db
      .insertInto('meeting_invitees')
      .values([
        { meeting_id: meetingId, person_id: personId },
        { meeting_id: meetingId, guest_name: 'Other Guest', guest_email: 'other@example.org' },
      ])
      .returning(['id', 'person_id'])
      .execute();
    const inviteeId = invitees.find((i) => i.person_id === personId)!.id;
    const tokens = await issueReplyTokens(db, [{ id: inviteeId, endsAt }]);
    return { meetingId, inviteeId, token: tokens.get(inviteeId)!, papers };
  }

  const inviteeRow = (id: string) =>
    t.services.db
      .selectFrom('meeting_invitees')
      .select(['reply', 'reply_channel'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('shows the meeting in the person’s language, with the papers that suit them', async () => {
    const f = await invitation();
    const visitor = new Agent(t.app);
    const page = await visitor.get(`/r/${f.token}`);
    assert.equal(page.statusCode, 200);
    const text = visibleText(page.body);
    assert.match(text, /Fforwm gofalwyr/);
    assert.match(text, /Croeso.*Seibiant/);
    assert.match(text, /Neuadd y Dref/);
    assert.match(text, /Allwch chi ddod\?/);
    assert.match(page.body, new RegExp(`/r/${f.token}/papers/${f.papers.cyEasy}`));
    assert.doesNotMatch(page.body, new RegExp(f.papers.enStandard), 'one version of each paper');
    assert.doesNotMatch(page.body, new RegExp(f.papers.cyStandard));
    assert.doesNotMatch(text, /Other Guest|Siân/, 'never other invitees, nor a name');

    const english = await visitor.get(`/r/${f.token}?lang=en`);
    assert.match(visibleText(english.body), /Carers forum.*Welcome/s, 'the language switch works');
    assert.match(english.body, new RegExp(f.papers.enStandard), 'and English papers');

    const file = await visitor.get(`/r/${f.token}/papers/${f.papers.cyEasy}`);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'application/pdf');
    assert.equal(file.headers['x-content-type-options'], 'nosniff');
    assert.match(String(file.headers['content-disposition']), /^attachment/);
    const other = await invitation();
    const elsewhere = await visitor.get(`/r/${f.token}/papers/${other.papers.cyEasy}`);
    assert.equal(elsewhere.statusCode, 404, 'another meeting’s paper');

    const calendar = await visitor.get(`/r/${f.token}/calendar.ics`);
    assert.equal(calendar.statusCode, 200);
    assert.match(String(calendar.headers['content-type']), /^text\/calendar/);
    assert.match(calendar.body, /SUMMARY:Carers forum/, 'in the language the visitor chose');
  });

  it('records a reply, shows it, and explains what is wrong in the person’s language', async () => {
    const f = await invitation();
    const visitor = new Agent(t.app);
    await visitor.get(`/r/${f.token}`);
    const empty = await visitor.post(`/r/${f.token}`, {});
    assert.equal(empty.statusCode, 400);
    assert.match(visibleText(empty.body), /Dewiswch a allwch chi ddod/);

    const sent = await visitor.post(`/r/${f.token}`, { reply: 'apologies' });
    assert.equal(sent.statusCode, 303);
    const shown = visibleText((await visitor.follow(sent)).body);
    assert.match(shown, /Rydym wedi nodi eich ymddiheuriadau/);
    assert.match(shown, /Eich ateb: Wedi anfon ymddiheuriadau/);
    assert.deepEqual(await inviteeRow(f.inviteeId), { reply: 'apologies', reply_channel: 'link' });

    await t.services.db
      .updateTable('meetings')
      .set({ status: 'cancelled', cancelled_at: new Date() })
      .where('id', '=', f.meetingId)
      .execute();
    const cancelled = await visitor.post(`/r/${f.token}`, { reply: 'yes' });
    assert.equal(cancelled.statusCode, 400);
    assert.match(visibleText(cancelled.body), /wedi’i ganslo, felly ni chafodd eich ateb ei gadw/);
    assert.equal((await inviteeRow(f.inviteeId)).reply, 'apologies');

    const started = await invitation(-1);
    await visitor.get(`/r/${started.token}`);
    assert.match(visibleText(visitor.lastBody), /mae’r atebion wedi cau/);
    assert.doesNotMatch(visitor.lastBody, /name="reply"/, 'no form once it has started');
  });

  it('answers an unknown or expired link with the same friendly page, and no token in the logs', async () => {
    const f = await invitation();
    const visitor = new Agent(t.app);
    const unknown = await visitor.get(`/r/${'x'.repeat(32)}`);
    assert.equal(unknown.statusCode, 404);
    assert.match(visibleText(unknown.body), /This link does not work/);
    await t.services.db
      .updateTable('meeting_reply_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('invitee_id', '=', f.inviteeId)
      .execute();
    const expired = await visitor.get(`/r/${f.token}`);
    assert.equal(expired.statusCode, 404);
    assert.equal(visibleText(expired.body), visibleText(unknown.body), 'no hint it existed');
    const welsh = await visitor.get(`/r/${f.token}?lang=cy`);
    assert.match(visibleText(welsh.body), /Nid yw’r ddolen hon yn gweithio/);
    await visitor.get(`/r/${(await invitation()).token}`); // a session and its CSRF token
    assert.equal((await visitor.post(`/r/${f.token}`, { reply: 'yes' })).statusCode, 404);

    const log = lines.join('');
    assert.match(log, /\/r\/\[token\]/, 'requests are logged');
    assert.doesNotMatch(log, new RegExp(f.token), 'without the token');
  });

  it('has no received-text callback unless its token is configured', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/notify/received-text',
      headers: { 'content-type': 'application/json', authorization: 'Bearer anything-at-all' },
      payload: '{}',
    });
    assert.equal(response.statusCode, 404);
  });
});

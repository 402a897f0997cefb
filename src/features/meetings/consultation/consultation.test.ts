import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertMeeting, meetingsSuite } from '#test/support/meetings.ts';
import { visibleText } from '#test/support/html.ts';

describe('consultation events', () => {
  const suite = meetingsSuite('consult', 'Consult tester');
  const { org, signedIn } = suite;

  const event = (kind: 'consultation_event' | 'forum' = 'consultation_event', hoursAgo = 1) =>
    insertMeeting(suite.t.services.db, org['Provider A']!.id, {
      startsInHours: -hoursAgo,
      hours: 3,
      kind,
      title_en: 'Wrexham listening event',
      title_cy: 'Digwyddiad gwrando Wrecsam',
    });

  it('asks questions, takes group notes on the day and sends the summary that day, in each reader’s language', async () => {
    const id = await event();
    const lead = await signedIn('involvement_lead', 'Provider A');
    const staff = await signedIn('staff', 'Provider A');
    const commissioner = await signedIn('commissioner', 'Region', 'cy');
    const url = `/meetings/${id}/consultation`;
    await lead.agent.get(url);
    assert.equal(
      (
        await lead.agent.post(`${url}/questions`, {
          textEn: 'What helps you stay in treatment?',
          textCy: 'Beth sy’n eich helpu i aros mewn triniaeth?',
        })
      ).statusCode,
      303,
    );
    const { id: questionId } = await suite.t.services.db
      .selectFrom('consultation_questions')
      .select('id')
      .where('meeting_id', '=', id)
      .executeTakeFirstOrThrow();
    await staff.agent.get(url);
    const note = await staff.agent.post(`${url}/notes`, {
      groupLabel: 'Table 1',
      questionId,
      note: 'Appointments after work; a worker who stays the same',
    });
    assert.equal(note.statusCode, 303);
    await staff.agent.get(url);
    await staff.agent.post(`${url}/notes`, {
      groupLabel: 'Table 2',
      questionId: '',
      note: 'The waiting room is cold',
    });
    const page = visibleText((await lead.agent.get(url)).body);
    assert.match(page, /1\. What helps you stay in treatment\? Table 1: Appointments after work/);
    assert.match(page, /Other things people said Table 2: The waiting room is cold/);

    await lead.agent.get(url);
    const sent = await lead.agent.post(`${url}/summary`, {
      organisationIds: [org['Provider A']!.id, org.Region!.id],
    });
    assert.equal(sent.statusCode, 303);
    const after = visibleText((await lead.agent.get(sent.headers.location as string)).body);
    assert.match(after, /The summary went to \d+ people\./);
    const messages = await suite.t.services.db
      .selectFrom('outbox_messages')
      .select(['recipient', 'subject', 'body', 'language'])
      .where('template', '=', 'consultationSummary')
      .execute();
    const toCommissioner = messages.find((m) => m.language === 'cy' && m.body.includes('Wrecsam'));
    assert.ok(toCommissioner, 'the Welsh-speaking commissioner gets it in Welsh');
    assert.match(
      toCommissioner.body,
      /Cwestiwn 1: Beth sy’n eich helpu i aros mewn triniaeth\?\n- Table 1: Appointments after work/,
    );
    assert.ok(
      messages.some((m) => m.language === 'en' && /Question 1: What helps you/.test(m.body)),
    );
    const { email } = await suite.t.services.db
      .selectFrom('accounts')
      .select('email')
      .where('id', '=', staff.accountId)
      .executeTakeFirstOrThrow();
    assert.ok(
      !messages.some((m) => m.recipient === email),
      'staff without a lead role do not get it',
    );
    assert.ok(commissioner.accountId);
  });

  it('refuses notes before the day, bad summaries, other kinds of meeting and other organisations', async () => {
    const future = await event('consultation_event', -72);
    const staff = await signedIn('staff', 'Provider A');
    await staff.agent.get(`/meetings/${future}/consultation`);
    const early = await staff.agent.post(`/meetings/${future}/consultation/notes`, {
      groupLabel: 'A',
      questionId: '',
      note: 'x',
    });
    assert.equal(early.statusCode, 400);
    assert.match(visibleText(early.body), /Notes can be written from the day of the event/);

    const today = await event();
    const lead = await signedIn('involvement_lead', 'Provider A');
    await lead.agent.get(`/meetings/${today}/consultation`);
    const empty = await lead.agent.post(`/meetings/${today}/consultation/summary`, {
      organisationIds: org['Provider A']!.id,
    });
    assert.equal(empty.statusCode, 400);
    assert.match(
      visibleText(empty.body),
      /Write the groups’ notes before sending the summary|Write the groups' notes before sending the summary/,
    );
    await lead.agent.get(`/meetings/${today}/consultation`);
    await lead.agent.post(`/meetings/${today}/consultation/notes`, {
      groupLabel: 'A',
      questionId: '',
      note: 'Fine',
    });
    await lead.agent.get(`/meetings/${today}/consultation`);
    const elsewhere = await lead.agent.post(`/meetings/${today}/consultation/summary`, {
      organisationIds: org['Provider B']!.id,
    });
    assert.equal(elsewhere.statusCode, 400, 'a sibling provider is not concerned');

    const forum = await event('forum');
    assert.equal((await lead.agent.get(`/meetings/${forum}/consultation`)).statusCode, 404);
    const other = await signedIn('involvement_lead', 'Provider B');
    assert.equal((await other.agent.get(`/meetings/${today}/consultation`)).statusCode, 404);
  });
});

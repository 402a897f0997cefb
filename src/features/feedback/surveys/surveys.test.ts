import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertTestPerson } from '#features/register';
import { Agent, logCapture, startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree, signedInPerson } from '#test/support/fixture.ts';
import { visibleText } from '#test/support/html.ts';
import { SESSION_COOKIE } from '#platform/auth/sessions.ts';
import { HONEYPOT } from '../public/schema.ts';
import { RATE } from '../public/service.ts';

/** Surveys and exit questionnaires: built, shared with a forum, answered a page at a time, counted. */
describe('feedback: surveys and exit questionnaires', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'surveys', 'Tester');
  const org = tree.ids;
  const db = () => t.services.db;
  const hidden = (body: string, name: string, optional = false) => {
    const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(body);
    if (!match && optional) return '';
    assert.ok(match, `a hidden ${name} field`);
    return match[1]!
      .replaceAll('&quot;', '"')
      .replaceAll('&#34;', '"')
      .replaceAll('&#39;', "'")
      .replaceAll('&#92;', '\\')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&');
  };
  /** Posts a page of the journey, carrying the answers and step from the page before. */
  const step = (agent: Agent, url: string, form: Record<string, string | string[]>, csrf = false) =>
    agent.post(
      url,
      {
        answers: hidden(agent.lastBody, 'answers', true),
        at: hidden(agent.lastBody, 'at'),
        ...form,
      },
      { csrf },
    );

  /** A lead builds a live survey with one question of each kind; its id and short link. */
  async function buildSurvey(agent: Agent, title = 'How are we doing?') {
    await agent.get('/surveys/new');
    const created = await agent.post('/surveys/new', {
      organisation: org.service!,
      kind: 'survey',
      titleEn: title,
      titleCy: 'Sut ydyn ni’n gwneud?',
    });
    assert.equal(created.statusCode, 303);
    const id = String(created.headers.location).split('/')[2]!.split('?')[0]!;
    const questions: Record<string, string>[] = [
      {
        kind: 'single',
        textEn: 'How did you hear of us?',
        textCy: 'Sut glywoch chi amdanon ni?',
        required: 'yes',
        optionsEn: 'A friend\nMy GP\nOnline',
        optionsCy: 'Ffrind\nFy meddyg\nAr-lein',
      },
      { kind: 'multiple', textEn: 'What have you used?', optionsEn: 'Drop-in\nGroups\nMentoring' },
      {
        kind: 'scale',
        textEn: 'How welcome did you feel?',
        scalePoints: '5',
        lowEn: 'Not at all',
        highEn: 'Very',
      },
      { kind: 'text', textEn: 'What would make it better?' },
    ];
    for (const question of questions) {
      await agent.get(`/surveys/${id}/questions/new`);
      assert.equal((await agent.post(`/surveys/${id}/questions/new`, question)).statusCode, 303);
    }
    await agent.get(`/surveys/${id}`);
    assert.equal((await agent.post(`/surveys/${id}/status`, { status: 'live' })).statusCode, 303);
    const survey = await db()
      .selectFrom('surveys')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return { id, code: survey.code! };
  }

  const log = logCapture();
  before(async () => {
    t = await startTestApp({ LOG_LEVEL: 'error' }, { logStream: log.stream });
    await tree.addAll({ region: null, service: 'region' });
    await tree.add('forum', 'region', { kind: 'group', nameEn: 'Service user forum' });
    await tree.add('elsewhere');
  });
  after(async () => {
    if (process.env.SHOW_LOG) console.log(log.lines.join(''));
    await t.close();
  });

  it('builds a survey question by question, checked, in both languages', async () => {
    const { agent } = await tree.signedIn('involvement_lead', 'region');
    await agent.get('/surveys/new');
    const missing = await agent.post('/surveys/new', { kind: 'survey' });
    assert.equal(missing.statusCode, 400);
    assert.match(visibleText(missing.body), /Choose who runs the survey/);
    assert.match(visibleText(missing.body), /Enter a title in English/);
    const created = await agent.post('/surveys/new', {
      organisation: org.service!,
      kind: 'exit',
      titleEn: 'Before you go',
      'closesOn-day': '31',
      'closesOn-month': '2',
      'closesOn-year': '2031',
    });
    assert.equal(created.statusCode, 400, 'the 31st of February is refused');
    assert.match(visibleText(created.body), /real date/);
    const made = await agent.post('/surveys/new', {
      organisation: org.service!,
      kind: 'exit',
      titleEn: 'Before you go',
    });
    assert.equal(made.statusCode, 303);
    const id = String(made.headers.location).split('/')[2]!.split('?')[0]!;
    // a draft with no questions cannot take answers
    await agent.get(`/surveys/${id}`);
    const empty = await agent.post(`/surveys/${id}/status`, { status: 'live' });
    assert.equal(empty.statusCode, 400);
    assert.match(visibleText(empty.body), /Add at least one question/);
    // choices: 2 to 12, the Welsh list as long as the English
    await agent.get(`/surveys/${id}/questions/new`);
    const uneven = await agent.post(`/surveys/${id}/questions/new`, {
      kind: 'single',
      textEn: 'Were you involved in decisions?',
      optionsEn: 'Always\nSometimes\nNever',
      optionsCy: 'Bob amser\nWeithiau',
    });
    assert.equal(uneven.statusCode, 400);
    assert.match(visibleText(uneven.body), /as many Welsh choices as English/);
    assert.match(uneven.body, /Always\nSometimes\nNever/, 'what was typed is kept');
    const one = await agent.post(`/surveys/${id}/questions/new`, {
      kind: 'single',
      textEn: 'One?',
      optionsEn: 'Only',
    });
    assert.equal(one.statusCode, 400);
    for (const textEn of ['First question?', 'Second question?']) {
      await agent.get(`/surveys/${id}/questions/new`);
      assert.equal(
        (await agent.post(`/surveys/${id}/questions/new`, { kind: 'text', textEn })).statusCode,
        303,
      );
    }
    const [first, second] = await db()
      .selectFrom('survey_questions')
      .select(['id', 'text_en'])
      .where('survey_id', '=', id)
      .orderBy('position')
      .execute();
    await agent.get(`/surveys/${id}`);
    await agent.post(`/surveys/${id}/questions/${second!.id}/move`, { direction: 'up' });
    const order = await db()
      .selectFrom('survey_questions')
      .select('text_en')
      .where('survey_id', '=', id)
      .orderBy('position')
      .execute();
    assert.deepEqual(
      order.map((q) => q.text_en),
      ['Second question?', 'First question?'],
    );
    await agent.get(`/surveys/${id}`);
    await agent.post(`/surveys/${id}/questions/${second!.id}/remove`);
    const left = await db()
      .selectFrom('survey_questions')
      .select(['id', 'position'])
      .where('survey_id', '=', id)
      .execute();
    assert.deepEqual(left, [{ id: first!.id, position: 1 }], 'the rest move up');
    const page = await agent.get(`/surveys/${id}`);
    assert.match(visibleText(page.body), /2 texts have no Welsh yet/);
    // staff without feedback.publish read it but cannot build; another branch cannot see it
    const { agent: staff } = await tree.signedIn('staff', 'service');
    assert.equal((await staff.get(`/surveys/${id}`)).statusCode, 200);
    assert.equal((await staff.get(`/surveys/${id}/questions/new`)).statusCode, 403);
    const { agent: outsider } = await tree.signedIn('involvement_lead', 'elsewhere');
    assert.equal((await outsider.get(`/surveys/${id}`)).statusCode, 404);
    assert.doesNotMatch(visibleText((await outsider.get('/surveys')).body), /Before you go/);
  });

  it('shares a draft with a forum, whose members comment on it in the portal', async () => {
    const { agent } = await tree.signedIn('involvement_lead', 'region');
    await agent.get('/surveys/new');
    const made = await agent.post('/surveys/new', {
      organisation: org.region!,
      kind: 'survey',
      titleEn: 'Forum meeting times',
    });
    const id = String(made.headers.location).split('/')[2]!.split('?')[0]!;
    await agent.get(`/surveys/${id}/questions/new`);
    await agent.post(`/surveys/${id}/questions/new`, {
      kind: 'single',
      textEn: 'When should the forum meet?',
      optionsEn: 'Mornings\nEvenings',
    });
    await agent.get(`/surveys/${id}`);
    assert.equal((await agent.post(`/surveys/${id}/share`, { forum: org.forum! })).statusCode, 303);
    const member = await insertTestPerson(db(), t.services.config.encryptionKey, {
      organisationId: org.service!,
      alsoAt: [org.forum!],
      displayName: 'Forum Member',
    });
    const stranger = await insertTestPerson(db(), t.services.config.encryptionKey, {
      organisationId: org.service!,
    });
    const person = await signedInPerson(t, member);
    const list = await person.get('/portal/surveys');
    assert.match(visibleText(list.body), /Forum meeting times/);
    const draft = await person.get(`/portal/surveys/${id}/draft`);
    assert.equal(draft.statusCode, 200);
    assert.match(visibleText(draft.body), /When should the forum meet\?/);
    const blank = await person.post(`/portal/surveys/${id}/draft`, { comment: '  ' });
    assert.equal(blank.statusCode, 400);
    const sent = await person.post(`/portal/surveys/${id}/draft`, {
      comment: 'Add “online” please. <b>bold</b>',
    });
    assert.equal(sent.statusCode, 303);
    const back = await person.follow(sent);
    assert.match(visibleText(back.body), /Your comment has been sent/);
    const other = await signedInPerson(t, stranger);
    assert.equal((await other.get(`/portal/surveys/${id}/draft`)).statusCode, 404);
    assert.doesNotMatch(visibleText((await other.get('/portal/surveys')).body), /Forum meeting/);
    const page = await agent.get(`/surveys/${id}`);
    assert.match(visibleText(page.body), /Forum Member, a forum member/);
    assert.match(page.body, /&lt;b&gt;bold&lt;\/b&gt;/, 'a comment is text');
    // once live, the draft is no longer offered for comment
    await agent.post(`/surveys/${id}/status`, { status: 'live' });
    assert.equal((await person.get(`/portal/surveys/${id}/draft`)).statusCode, 404);
  });

  it('is answered one question a page with no account or session, in Welsh, and counted', async () => {
    const { agent } = await tree.signedIn('involvement_lead', 'service');
    const { id, code } = await buildSurvey(agent);
    const handout = await agent.get(`/surveys/${id}/handout.pdf`);
    assert.equal(handout.statusCode, 200);
    assert.equal(handout.headers['content-type'], 'application/pdf');
    assert.ok(handout.rawPayload.subarray(0, 5).toString() === '%PDF-', 'a PDF to hand out');
    const visitor = new Agent(t.app);
    const start = await visitor.get(`/s/${code}?lang=cy`);
    assert.equal(start.statusCode, 200);
    assert.ok(
      !String(start.headers['set-cookie'] ?? '').includes(SESSION_COOKIE),
      'no session for someone answering',
    );
    assert.match(visibleText(start.body), /Sut ydyn ni’n gwneud\?/);
    const url = `/s/${code}?lang=cy`;
    let page = await step(visitor, url, {});
    assert.match(visibleText(page.body), /Cwestiwn 1 o 4/);
    assert.match(visibleText(page.body), /Sut glywoch chi amdanon ni\?/);
    // a required question must be answered; a choice it doesn't offer is refused
    page = await step(visitor, url, {});
    assert.equal(page.statusCode, 400);
    page = await step(visitor, url, { answer: '7' });
    assert.equal(page.statusCode, 400);
    page = await step(visitor, url, { answer: '2' });
    assert.match(visibleText(page.body), /Cwestiwn 2 o 4/);
    page = await step(visitor, url, { answer: ['0', '2'] });
    assert.match(visibleText(page.body), /Cwestiwn 3 o 4/);
    // back keeps what was chosen
    page = await step(visitor, url, { go: 'back', answer: '4' });
    assert.match(visibleText(page.body), /Cwestiwn 2 o 4/);
    assert.match(page.body, /value="0" checked/);
    await step(visitor, url, { answer: ['0', '2'] });
    await step(visitor, url, { answer: '4' });
    const typed = 'Agor yn hwyrach. =HYPERLINK("x") <script>alert(1)</script>';
    page = await step(visitor, url, { answer: typed });
    assert.match(visibleText(page.body), /Gwirio eich atebion/);
    assert.match(visibleText(page.body), /Ar-lein/);
    assert.doesNotMatch(page.body, /<script>alert/);
    // a change from the check page comes back to it
    page = await step(visitor, url, { go: 'change-3' });
    assert.match(visibleText(page.body), /Cwestiwn 3 o 4/);
    await step(visitor, url, { answer: '5' });
    page = await step(visitor, url, { answer: typed });
    // answers carried in the page are checked against the questions: a forged one is dropped
    const forged = JSON.parse(hidden(page.body, 'answers')) as Record<string, unknown>;
    const sent = await visitor.post(
      url,
      {
        answers: JSON.stringify({ ...forged, [crypto.randomUUID()]: { text: 'forged' } }),
        at: hidden(page.body, 'at'),
        go: 'send',
      },
      { csrf: false },
    );
    assert.equal(sent.statusCode, 200);
    assert.match(visibleText(sent.body), /Diolch/);
    const responses = await db()
      .selectFrom('survey_responses')
      .selectAll()
      .where('survey_id', '=', id)
      .execute();
    assert.equal(responses.length, 1);
    assert.equal(responses[0]!.person_id, null);
    assert.equal(responses[0]!.language, 'cy');
    const answers = await db()
      .selectFrom('survey_answers')
      .select(['choices', 'scale', 'text'])
      .where('response_id', '=', responses[0]!.id)
      .execute();
    assert.equal(answers.length, 4);
    assert.ok(answers.some((a) => a.scale === 5));
    assert.ok(answers.some((a) => a.text === typed));
    const results = await agent.get(`/surveys/${id}/results`);
    assert.equal(results.statusCode, 200);
    const text = visibleText(results.body);
    assert.match(text, /1 person answered/);
    assert.match(text, /1 answered in Welsh/);
    assert.match(results.body, /<rect class="cyd-bar__fill" width="100"/);
    assert.doesNotMatch(results.body, /<script>alert/);
  });

  it('keeps nothing a robot sends, and slows a flood without losing the answers', async () => {
    const { agent } = await tree.signedIn('involvement_lead', 'service');
    const { id, code } = await buildSurvey(agent, 'Flooded');
    const questions = await db()
      .selectFrom('survey_questions')
      .select(['id', 'kind'])
      .where('survey_id', '=', id)
      .orderBy('position')
      .execute();
    const answers = JSON.stringify({
      [questions[0]!.id]: { choices: [0] },
      [questions[2]!.id]: { scale: 3 },
    });
    const send = (extra: Record<string, string> = {}) =>
      new Agent(t.app).post(
        `/s/${code}`,
        { answers, at: '5', go: 'send', ...extra },
        { csrf: false },
      );
    const trapped = await send({ [HONEYPOT]: 'http://spam.example' });
    assert.equal(trapped.statusCode, 200, 'a robot is thanked');
    const kept = () =>
      db()
        .selectFrom('survey_responses')
        .select(({ fn }) => fn.countAll<string>().as('n'))
        .where('survey_id', '=', id)
        .executeTakeFirstOrThrow();
    assert.equal(Number((await kept()).n), 0, 'and nothing is kept');
    for (let i = 0; i < RATE.max; i += 1) assert.equal((await send()).statusCode, 200);
    const slowed = await send();
    assert.equal(slowed.statusCode, 429);
    assert.match(visibleText(slowed.body), /your answers are still here/);
    assert.equal(hidden(slowed.body, 'answers'), answers, 'the answers are still in the page');
    assert.equal(Number((await kept()).n), RATE.max);
  });

  it('refuses an answer to a closed survey without losing it, and can send it as feedback', async () => {
    const { agent } = await tree.signedIn('involvement_lead', 'service');
    const { id, code } = await buildSurvey(agent, 'Closing soon');
    const visitor = new Agent(t.app);
    const url = `/s/${code}`;
    await visitor.get(url);
    await step(visitor, url, {});
    await step(visitor, url, { answer: '0' });
    await step(visitor, url, {});
    await step(visitor, url, {});
    const page = await step(visitor, url, { answer: 'The waiting room is too cold in winter.' });
    assert.match(visibleText(page.body), /Check your answers/);
    // the survey closes while the person is on the last page
    await agent.get(`/surveys/${id}`);
    assert.equal((await agent.post(`/surveys/${id}/status`, { status: 'closed' })).statusCode, 303);
    const refused = await step(visitor, url, { go: 'send' });
    assert.equal(refused.statusCode, 410);
    assert.match(visibleText(refused.body), /This survey has closed/);
    assert.match(visibleText(refused.body), /The waiting room is too cold in winter\./);
    const count = await db()
      .selectFrom('survey_responses')
      .select(({ fn }) => fn.countAll<string>().as('n'))
      .where('survey_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0, 'nothing half kept');
    const kept = await visitor.post(
      `${url}/feedback`,
      { answers: hidden(refused.body, 'answers') },
      { csrf: false },
    );
    assert.equal(kept.statusCode, 200);
    const item = await db()
      .selectFrom('feedback_items')
      .selectAll()
      .where('organisation_id', '=', org.service!)
      .where('channel', '=', 'survey')
      .executeTakeFirstOrThrow();
    assert.match(item.body, /The waiting room is too cold in winter\./);
    assert.equal(item.person_id, null);
    assert.match(visibleText(kept.body), new RegExp(item.receipt_code));
    // a survey past its closing day refuses answers by itself
    await db()
      .updateTable('surveys')
      .set({ status: 'live', closes_on: '2020-01-01' })
      .where('id', '=', id)
      .execute();
    assert.equal((await new Agent(t.app).get(url)).statusCode, 410);
  });

  it('lets a person answer in the portal under their name, and staff make a feedback item of it', async () => {
    const { agent } = await tree.signedIn('involvement_lead', 'service');
    const { id } = await buildSurvey(agent, 'Named survey');
    const personId = await insertTestPerson(db(), t.services.config.encryptionKey, {
      organisationId: org.service!,
    });
    const person = await signedInPerson(t, personId);
    const list = await person.get('/portal/surveys');
    assert.match(visibleText(list.body), /Named survey/);
    const url = `/portal/surveys/${id}`;
    await person.get(url);
    await step(person, url, {}, true);
    await step(person, url, { answer: '1' }, true);
    await step(person, url, {}, true);
    await step(person, url, { answer: '3' }, true);
    const check = await step(person, url, { answer: 'More groups at weekends.' }, true);
    assert.match(visibleText(check.body), /Give my name with my answers/);
    const sent = await step(person, url, { go: 'send', named: 'yes' }, true);
    assert.equal(sent.statusCode, 200);
    const response = await db()
      .selectFrom('survey_responses')
      .selectAll()
      .where('survey_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(response.person_id, personId);
    assert.equal(response.channel, 'portal');
    assert.match(visibleText((await person.get('/portal/surveys')).body), /You answered/);
    // the written answer becomes a feedback item, named, once
    const results = await agent.get(`/surveys/${id}/results`);
    assert.match(visibleText(results.body), /More groups at weekends\./);
    const question = await db()
      .selectFrom('survey_questions')
      .select('id')
      .where('survey_id', '=', id)
      .where('kind', '=', 'text')
      .executeTakeFirstOrThrow();
    const made = await agent.post(`/surveys/${id}/answers/${response.id}/${question.id}/item`, {
      kind: 'suggestion',
    });
    assert.equal(made.statusCode, 303);
    const item = await db()
      .selectFrom('feedback_items')
      .selectAll()
      .where('body', '=', 'More groups at weekends.')
      .executeTakeFirstOrThrow();
    assert.equal(item.channel, 'survey');
    assert.equal(item.person_id, personId, 'a named answer stays named: the person can be told');
    await agent.get(`/surveys/${id}/results`);
    const again = await agent.post(`/surveys/${id}/answers/${response.id}/${question.id}/item`, {
      kind: 'suggestion',
    });
    assert.equal(again.headers.location, `/feedback/items/${item.id}`, 'not made twice');
    const page = await agent.get(`/surveys/${id}/results/${question.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`/feedback/items/${item.id}`));
    // staff who cannot triage read the results but cannot make items
    const { agent: commissioner } = await tree.signedIn('commissioner', 'region');
    assert.equal((await commissioner.get(`/surveys/${id}/results`)).statusCode, 200);
    assert.equal(
      (
        await commissioner.post(`/surveys/${id}/answers/${response.id}/${question.id}/item`, {
          kind: 'suggestion',
        })
      ).statusCode,
      403,
    );
  });
});

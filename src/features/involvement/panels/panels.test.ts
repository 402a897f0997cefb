import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '#platform/db/schema.ts';
import { Agent, startTestApp, type TestApp } from '#test/support/app.ts';
import { insertTestPerson } from '#features/register';
import { combine, panelResults } from './results.ts';
import {
  insertTestOrganisation,
  signedInStaff,
  type TestOrganisation,
} from '#test/support/fixture.ts';

describe('panel results arithmetic', () => {
  const scale = { scaleMin: 0, scaleMax: 5, userWeight: 60 };
  const questions = [
    { id: 'q1', weight: 1 },
    { id: 'q2', weight: 3 },
  ];
  const candidates = [
    { id: 'a', label: 'Candidate A', staffScore: 50 },
    { id: 'b', label: 'Candidate B', staffScore: 90 },
    { id: 'c', label: 'Candidate C', staffScore: null },
  ];
  const scores = [
    { personId: 'm1', candidateId: 'a', questionId: 'q1', score: 5 },
    { personId: 'm1', candidateId: 'a', questionId: 'q2', score: 3 },
    { personId: 'm2', candidateId: 'a', questionId: 'q1', score: 4 },
    { personId: 'm2', candidateId: 'a', questionId: 'q2', score: 4 },
    { personId: 'm1', candidateId: 'c', questionId: 'q1', score: 2.5 },
  ];

  it('normalises to 0–100, weights the questions and combines with the staff score', () => {
    const [a, b, c] = panelResults(scale, questions, candidates, scores);
    // q1: (100 + 80) / 2 = 90; q2: (60 + 80) / 2 = 70; weighted (90×1 + 70×3) / 4 = 75
    assert.equal(a!.userScore, 75);
    assert.deepEqual(
      a!.questions.map((q) => q.mean),
      [90, 70],
    );
    assert.equal(a!.scorers, 2);
    // 75 × 60% + 50 × 40% = 65
    assert.ok(Math.abs(a!.combined! - 65) < 1e-9, 'line 38');
    // nobody scored B: no combined result while the service users' part is missing
    assert.equal(b!.userScore, null);
    assert.equal(b!.combined, null);
    // C: only q1 scored (2.5 of 5 = 50); no staff score yet
    assert.equal(c!.userScore, 50);
    assert.equal(c!.combined, null);
    assert.equal(a!.rank, 1);
    assert.equal(b!.rank, null);
  });

  it('needs no staff score at 100% and no service-user score at 0%', () => {
    assert.equal(combine({ ...scale, userWeight: 100 }, 80, null), 80);
    assert.equal(combine({ ...scale, userWeight: 0 }, null, 40), 40);
    assert.equal(combine({ ...scale, userWeight: 25 }, 80, 40), 50);
  });

  it('gives tied candidates the same rank', () => {
    const results = panelResults(
      { scaleMin: 1, scaleMax: 3, userWeight: 100 },
      [{ id: 'q', weight: 1 }],
      [
        { id: 'x', label: 'X', staffScore: null },
        { id: 'y', label: 'Y', staffScore: null },
        { id: 'z', label: 'Z', staffScore: null },
      ],
      [
        { personId: 'm', candidateId: 'x', questionId: 'q', score: 3 },
        { personId: 'm', candidateId: 'y', questionId: 'q', score: 3 },
        { personId: 'm', candidateId: 'z', questionId: 'q', score: 1 },
      ],
    );
    assert.deepEqual(
      results.map((r) => [r.userScore, r.rank]),
      [
        [100, 1],
        [100, 1],
        [0, 3],
      ],
    );
  });
});

/** Panels through their routes: scale checks, scope, audit, involvement records, Welsh. */
describe('interview and tender panels', () => {
  let t: TestApp;
  const org: Record<string, string> = {};
  let accounts = 0;

  const trees: Record<string, TestOrganisation> = {};
  async function organisation(key: string, kind: 'region' | 'provider', parent?: string) {
    trees[key] = await insertTestOrganisation(t.services.db, {
      nameEn: key,
      kind,
      parent: parent ? trees[parent] : undefined,
    });
    org[key] = trees[key].id;
  }

  async function signedIn(role: Role, at: string) {
    accounts += 1;
    const { agent, accountId, session } = await signedInStaff(t, role, org[at]!, {
      email: `panels-${accounts}@test.example`,
      name: `Tester ${accounts}`,
    });
    tokens.set(agent, session.csrfToken);
    return { agent, accountId };
  }

  /** Posts with the session's CSRF token (the page before may have been a redirect). */
  const tokens = new WeakMap<Agent, string>();
  const post = (agent: Agent, url: string, form: Record<string, string> = {}) =>
    agent.post(url, { _csrf: tokens.get(agent)!, ...form });

  const person = (name: string, trained: boolean, at = 'providerA') =>
    insertTestPerson(t.services.db, t.config.encryptionKey, {
      organisationId: org[at]!,
      displayName: name,
      fields: { training_completed: trained ? ['interview_panel'] : [] },
    });

  /** Sets up a panel through the create journey; answers its id. */
  async function createPanel(agent: Agent, fields: Record<string, string> = {}) {
    await agent.get('/panels/new');
    const form = {
      organisationId: org.providerA!,
      kind: 'interview',
      titleEn: 'Recovery worker interviews',
      titleCy: 'Cyfweliadau gweithiwr adfer',
      opportunityId: '',
      'heldOn-day': '3',
      'heldOn-month': '3',
      'heldOn-year': '2027',
      hours: '3.5',
      scaleMin: '0',
      scaleMax: '5',
      userWeight: '60',
      ...fields,
    };
    const next = await post(agent, '/panels/new', form);
    assert.equal(next.statusCode, 303, next.body.slice(0, 2000));
    assert.equal(next.headers.location, '/panels/new/check');
    const check = await agent.get('/panels/new/check');
    assert.ok(check.body.includes('Recovery worker interviews'), 'line 171');
    const created = await post(agent, '/panels/new/check');
    assert.equal(created.statusCode, 303);
    return String(created.headers.location).split('/').pop()!;
  }

  const csrfOf = async (agent: Agent, url: string) => {
    await agent.get(url);
  };

  before(async () => {
    t = await startTestApp({ EXPOSE_QUERY_COUNT: 'true' });
    await organisation('region', 'region');
    await organisation('providerA', 'provider', 'region');
    await organisation('providerB', 'provider', 'region');
  });
  after(() => t.close());

  it('creates a panel once, checks its answers, and refuses a bad form with its values kept', async () => {
    const { agent } = await signedIn('involvement_lead', 'providerA');
    await agent.get('/panels/new');
    const bad = await post(agent, '/panels/new', {
      organisationId: org.providerA!,
      kind: 'interview',
      titleEn: 'Kept title',
      titleCy: '',
      'heldOn-day': '31',
      'heldOn-month': '2',
      'heldOn-year': '2027',
      hours: '0',
      scaleMin: '5',
      scaleMax: '5',
      userWeight: '120',
    });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.body.includes('Enter the title in Welsh'), 'line 206');
    assert.ok(bad.body.includes('Enter the date of the panel as a real date'), 'line 207');
    assert.ok(
      bad.body.includes('The highest score must be more than the lowest score'),
      'line 208',
    );
    assert.ok(bad.body.includes('Enter the weight as a whole number from 0 to 100'), 'line 209');
    assert.ok(bad.body.includes('value="Kept title"'), 'line 210');

    const id = await createPanel(agent);
    // confirming again (a double submit) does not make a second panel
    const again = await post(agent, '/panels/new/check');
    assert.equal(again.statusCode, 303);
    const count = await t.services.db
      .selectFrom('panels')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(count.n, 1);
    const list = await agent.get('/panels');
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes('Recovery worker interviews'), 'line 224');
  });

  it('refuses scores outside the scale and saves nothing; combines the results', async () => {
    const { agent } = await signedIn('involvement_lead', 'providerA');
    const id = await createPanel(agent);
    const trained = await person('Aled Trained', true);
    const untrained = await person('Bethan Untrained', false);

    await csrfOf(agent, `/panels/${id}/members?q=bethan`);
    assert.ok(agent.lastBody.includes('Bethan Untrained'), 'line 234');
    const added = await post(agent, `/panels/${id}/members`, { personId: untrained });
    assert.equal(added.statusCode, 303);
    await post(agent, `/panels/${id}/members`, { personId: trained });
    const members = await agent.get(`/panels/${id}/members`);
    assert.ok(members.body.includes('No panel training'), 'line 239');
    const details = await agent.get(`/panels/${id}`);
    assert.ok(
      details.body.includes('1 member has not done the interview panel training'),
      'line 241',
    );

    await post(agent, `/panels/${id}/questions`, {
      textEn: 'Values',
      textCy: 'Gwerthoedd',
      weight: '1',
    });
    await post(agent, `/panels/${id}/questions`, {
      textEn: 'Experience',
      textCy: 'Profiad',
      weight: '3',
    });
    await agent.get(`/panels/${id}/candidates`);
    await post(agent, `/panels/${id}/candidates`, { label: 'Candidate A' });
    const duplicate = await post(agent, `/panels/${id}/candidates`, { label: 'candidate a' });
    assert.equal(duplicate.statusCode, 400);
    await agent.get(`/panels/${id}/candidates`);
    await post(agent, `/panels/${id}/candidates`, { label: 'Candidate B' });

    const { questions, candidates } = await t.services.db.transaction().execute(async (trx) => ({
      questions: await trx
        .selectFrom('panel_questions')
        .select('id')
        .where('panel_id', '=', id)
        .orderBy('position')
        .execute(),
      candidates: await trx
        .selectFrom('panel_candidates')
        .select('id')
        .where('panel_id', '=', id)
        .orderBy('position')
        .execute(),
    }));
    const [q1, q2] = questions.map((q) => q.id);
    const [a, b] = candidates.map((c) => c.id);
    const field = (c: string, q: string) => `score-${c}-${q}`;
    const scoresUrl = (personId: string) => `/panels/${id}/members/${personId}/scores`;
    const storedScores = async () =>
      (
        await t.services.db
          .selectFrom('panel_scores')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('panel_id', '=', id)
          .executeTakeFirstOrThrow()
      ).n;

    // one good box and one outside the scale: refused, nothing saved, the form comes back filled
    for (const wrong of ['6', '-1', 'four', '2.345']) {
      await agent.get(scoresUrl(trained));
      const refused = await post(agent, scoresUrl(trained), {
        [field(a!, q1!)]: '5',
        [field(a!, q2!)]: wrong,
      });
      assert.equal(refused.statusCode, 400, wrong);
      assert.ok(refused.body.includes('Enter a score within the panel'), 'line 297');
      assert.ok(refused.body.includes(`value="${wrong}"`), 'line 298');
      assert.equal(await storedScores(), 0, `nothing saved for ${wrong}`);
    }

    await agent.get(scoresUrl(trained));
    const saved = await post(agent, scoresUrl(trained), {
      [field(a!, q1!)]: '5',
      [field(a!, q2!)]: '3',
    });
    assert.equal(saved.statusCode, 303);
    await agent.get(scoresUrl(untrained));
    assert.ok(
      agent.lastBody.includes('This member has not done the interview panel training'),
      'line 309',
    );
    await post(agent, scoresUrl(untrained), { [field(a!, q1!)]: '4', [field(a!, q2!)]: '4' });
    assert.equal(await storedScores(), 4);

    await agent.get(`/panels/${id}/candidates`);
    const badStaff = await post(agent, `/panels/${id}/staff-scores`, {
      [`staff-${a!}`]: '101',
      [`staff-${b!}`]: '80',
    });
    assert.equal(badStaff.statusCode, 400);
    await agent.get(`/panels/${id}/candidates`);
    await post(agent, `/panels/${id}/staff-scores`, { [`staff-${a!}`]: '50', [`staff-${b!}`]: '' });

    const results = await agent.get(`/panels/${id}/results`);
    assert.equal(results.statusCode, 200);
    // A: service users 75, staff 50, combined 75×60% + 50×40% = 65
    assert.match(results.body, /data-result="user">75</);
    assert.match(results.body, /data-result="combined"><strong>65</);
    // B: nobody scored it yet
    assert.match(results.body, /data-result="combined"><strong>Not yet</);

    // every page within the budget of 10 SQL statements, however many rows
    for (const url of [
      '/panels',
      `/panels/${id}`,
      `/panels/${id}/members?q=a`,
      `/panels/${id}/questions`,
      `/panels/${id}/candidates`,
      scoresUrl(trained),
      `/panels/${id}/results`,
      `/panels/${id}/close`,
    ]) {
      const page = await agent.get(url);
      assert.equal(page.statusCode, 200, url);
      const queries = Number(page.headers['x-query-count']);
      if (process.env.PANELS_QUERY_LOG) console.error(`${url.replace(id, ':id')}: ${queries}`);
      assert.ok(queries <= 10, `${url}: ${queries} queries`);
    }

    // reading the members' names is audited, one entry per member shown
    const viewed = await t.services.db
      .selectFrom('audit_log')
      .select('subject_id')
      .where('action', '=', 'panel.members_viewed')
      .where('subject_id', 'in', [trained, untrained])
      .execute();
    assert.ok(viewed.length >= 2, 'line 337');
  });

  it('closes once, recording involvement for each member who scored', async () => {
    const { agent } = await signedIn('involvement_lead', 'providerA');
    const id = await createPanel(agent, { kind: 'tender', userWeight: '100' });
    const scorer = await person('Carys Scorer', true);
    const idle = await person('Dafydd Idle', true);
    await agent.get(`/panels/${id}/members`);
    await post(agent, `/panels/${id}/members`, { personId: scorer });
    await post(agent, `/panels/${id}/members`, { personId: idle });
    await post(agent, `/panels/${id}/questions`, {
      textEn: 'Quality',
      textCy: 'Ansawdd',
      weight: '1',
    });
    await post(agent, `/panels/${id}/candidates`, { label: 'Bid 1' });
    const q = await t.services.db
      .selectFrom('panel_questions')
      .select('id')
      .where('panel_id', '=', id)
      .executeTakeFirstOrThrow();
    const c = await t.services.db
      .selectFrom('panel_candidates')
      .select('id')
      .where('panel_id', '=', id)
      .executeTakeFirstOrThrow();
    await agent.get(`/panels/${id}/members/${scorer}/scores`);
    await post(agent, `/panels/${id}/members/${scorer}/scores`, {
      [`score-${c.id}-${q.id}`]: '4',
    });

    const confirm = await agent.get(`/panels/${id}/close`);
    assert.ok(confirm.body.includes('1 member entered scores'), 'line 370');
    const closed = await post(agent, `/panels/${id}/close`);
    assert.equal(closed.statusCode, 303);
    const flash = await agent.get(`/panels/${id}`);
    assert.ok(
      flash.body.includes('Each member who scored has a record of their involvement'),
      'closing is confirmed',
    );
    await agent.get(`/panels/${id}/close`);
    const again = await post(agent, `/panels/${id}/close`);
    assert.equal(again.statusCode, 303);

    const records = await t.services.db
      .selectFrom('involvement_records')
      .selectAll()
      .where('person_id', 'in', [scorer, idle])
      .execute();
    assert.equal(records.length, 1, 'one record, made once, for the member who scored');
    const [record] = records;
    assert.equal(record!.person_id, scorer);
    assert.equal(record!.rung, 5);
    assert.equal(record!.method, 'tender_panel');
    assert.equal(record!.role, 'panel_member');
    assert.equal(record!.level, 'strategic');
    assert.equal(record!.hours, 3.5);
    assert.equal(record!.took_part_on, '2027-03-03');
    assert.equal(record!.organisation_id, org.providerA);

    // closed: scores can no longer change
    await agent.get(`/panels/${id}/members/${scorer}/scores`);
    const late = await post(agent, `/panels/${id}/members/${scorer}/scores`, {
      [`score-${c.id}-${q.id}`]: '1',
    });
    assert.equal(late.statusCode, 400);
    assert.ok(late.body.includes('This panel is closed'), 'line 404');
    const details = await agent.get(`/panels/${id}`);
    assert.ok(details.body.includes('This panel was closed on'), 'shown as closed');
  });

  it('adds the people selected for the linked opportunity, once', async () => {
    const { db } = t.services;
    const { agent } = await signedIn('involvement_lead', 'providerA');
    const opportunity = await db
      .insertInto('opportunities')
      .values({
        organisation_id: org.region!,
        title_en: 'Interview panel: recovery worker',
        title_cy: 'Panel cyfweld: gweithiwr adfer',
        description_en: 'Score candidates.',
        description_cy: 'Sgorio ymgeiswyr.',
        rung: 5,
        level: 'service',
        nta_scope: 'individual',
        nta_mode: 'influence',
        method: 'interview_panel',
        status: 'closed',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const chosen = await person('Gwen Chosen', true);
    const backup = await person('Huw Backup', true);
    const elsewhere = await person('Iolo Elsewhere', true, 'providerB');
    await db
      .insertInto('expressions_of_interest')
      .values([
        { opportunity_id: opportunity.id, person_id: chosen, method: 'portal', status: 'selected' },
        { opportunity_id: opportunity.id, person_id: backup, method: 'portal', status: 'backup' },
        {
          opportunity_id: opportunity.id,
          person_id: elsewhere,
          method: 'portal',
          status: 'selected',
        },
      ])
      .execute();
    const id = await createPanel(agent, { opportunityId: opportunity.id });
    const page = await agent.get(`/panels/${id}/members`);
    assert.ok(page.body.includes('Add the selected people'), 'offered');
    for (let i = 0; i < 2; i += 1) {
      const added = await post(agent, `/panels/${id}/members/from-opportunity`);
      assert.equal(added.statusCode, 303);
    }
    const members = await db
      .selectFrom('panel_members')
      .select('person_id')
      .where('panel_id', '=', id)
      .execute();
    // the selected person connected to the panel's organisation; not the back-up, not another provider's
    assert.deepEqual(
      members.map((m) => m.person_id),
      [chosen],
    );

    // an opportunity of another provider cannot be linked
    const other = await db
      .insertInto('opportunities')
      .values({
        organisation_id: org.providerB!,
        title_en: 'Other',
        title_cy: 'Arall',
        description_en: 'Other.',
        description_cy: 'Arall.',
        rung: 5,
        level: 'service',
        nta_scope: 'individual',
        nta_mode: 'influence',
        method: 'interview_panel',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await agent.get('/panels/new');
    await post(agent, '/panels/new', {
      organisationId: org.providerA!,
      kind: 'interview',
      titleEn: 'Linked elsewhere',
      titleCy: 'Wedi cysylltu rywle arall',
      opportunityId: other.id,
      'heldOn-day': '3',
      'heldOn-month': '3',
      'heldOn-year': '2027',
      hours: '2',
      scaleMin: '0',
      scaleMax: '5',
      userWeight: '50',
    });
    const refused = await post(agent, '/panels/new/check');
    assert.equal(refused.statusCode, 400);
    assert.ok(refused.body.includes('Choose an interview or tender opportunity'), 'refused');
  });

  it('answers 404 to another organisation and 403 to staff without the permission', async () => {
    const { agent } = await signedIn('involvement_lead', 'providerA');
    const id = await createPanel(agent);
    const member = await person('Efa Member', true);
    await agent.get(`/panels/${id}/members`);
    await post(agent, `/panels/${id}/members`, { personId: member });

    const elsewhere = await signedIn('involvement_lead', 'providerB');
    for (const url of [
      `/panels/${id}`,
      `/panels/${id}/members`,
      `/panels/${id}/results`,
      `/panels/${id}/members/${member}/scores`,
    ])
      assert.equal((await elsewhere.agent.get(url)).statusCode, 404, url);
    await elsewhere.agent.get('/panels');
    assert.ok(!elsewhere.agent.lastBody.includes('Recovery worker interviews'), 'line 425');
    const closing = await post(elsewhere.agent, `/panels/${id}/close`);
    assert.equal(closing.statusCode, 404);

    // someone from another provider cannot be added to this panel
    const outsider = await person('Ffion Outsider', true, 'providerB');
    await agent.get(`/panels/${id}/members`);
    const refused = await post(agent, `/panels/${id}/members`, { personId: outsider });
    assert.equal(refused.statusCode, 400);

    const staff = await signedIn('staff', 'providerA');
    assert.equal((await staff.agent.get(`/panels/${id}`)).statusCode, 403);
    assert.equal((await staff.agent.get('/panels')).statusCode, 403);

    // a region lead sees the provider's panel
    const regional = await signedIn('involvement_lead', 'region');
    assert.equal((await regional.agent.get(`/panels/${id}`)).statusCode, 200);
  });

  it('shows the panel in Welsh', async () => {
    const { agent } = await signedIn('involvement_lead', 'providerA');
    const id = await createPanel(agent);
    const page = await agent.get(`/panels/${id}?lang=cy`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('Cyfweliadau gweithiwr adfer'), 'line 449');
    assert.ok(page.body.includes('Panel cyfweld ar gyfer recriwtio'), 'line 450');
    assert.ok(page.body.includes('Rhannu penderfyniadau') || page.body.includes('5.'), 'line 451');
  });
});

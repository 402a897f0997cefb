import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { panelsFixture } from '#test/support/involvement-panels.ts';

describe('interview and tender panels', () => {
  const fixture = panelsFixture();
  const { org, signedIn, post, person, createPanel, csrfOf } = fixture;

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
    const count = await fixture.t.services.db
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

    const { questions, candidates } = await fixture.t.services.db
      .transaction()
      .execute(async (trx) => ({
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
        await fixture.t.services.db
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
    const viewed = await fixture.t.services.db
      .selectFrom('audit_log')
      .select('subject_id')
      .where('action', '=', 'panel.members_viewed')
      .where('subject_id', 'in', [trained, untrained])
      .execute();
    assert.ok(viewed.length >= 2, 'line 337');
  });

  it("warns about panel training in the words of the panel's own kind (en and cy)", async () => {
    const { agent } = await signedIn('involvement_lead', 'providerA');
    const id = await createPanel(agent, { kind: 'tender' });
    const untrained = await person('Elen Untrained', false);
    await agent.get(`/panels/${id}/members`);
    const added = await post(agent, `/panels/${id}/members`, { personId: untrained });
    assert.equal(added.statusCode, 303);
    const members = await agent.follow(added);
    assert.ok(members.body.includes('They have not done panel training.'), 'flash');
    const details = await agent.get(`/panels/${id}`);
    assert.ok(
      details.body.includes('1 member has not done panel training for evaluating tenders'),
      'tender warning',
    );
    const scores = await agent.get(`/panels/${id}/members/${untrained}/scores`);
    assert.ok(
      scores.body.includes('This member has not done panel training for evaluating tenders'),
      'tender member warning',
    );
    for (const page of [details.body, members.body, scores.body])
      assert.doesNotMatch(page, /interview panel training/);
    const welsh = await agent.get(`/panels/${id}?lang=cy`);
    assert.ok(welsh.body.includes('hyfforddiant panel ar gyfer gwerthuso tendrau'), 'Welsh');
    assert.doesNotMatch(welsh.body, /hyfforddiant panel cyfweld/);
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
    const q = await fixture.t.services.db
      .selectFrom('panel_questions')
      .select('id')
      .where('panel_id', '=', id)
      .executeTakeFirstOrThrow();
    const c = await fixture.t.services.db
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
    const flash = await agent.follow(closed);
    assert.ok(
      flash.body.includes('Each member who scored has a record of their involvement'),
      'closing is confirmed',
    );
    await agent.get(`/panels/${id}/close`);
    const again = await post(agent, `/panels/${id}/close`);
    assert.equal(again.statusCode, 303);

    const records = await fixture.t.services.db
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
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { panelsFixture } from '#test/support/involvement-panels.ts';

describe('panel members, access and language', () => {
  const fixture = panelsFixture();
  const { org, signedIn, post, person, createPanel } = fixture;

  it('adds the people selected for the linked opportunity, once', async () => {
    const { db } = fixture.t.services;
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

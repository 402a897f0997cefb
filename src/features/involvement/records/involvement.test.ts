import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '#platform/db/schema.ts';
import { startTestApp, type TestApp, redirectPath } from '#test/support/app.ts';
import { insertTestOrganisation, signedInPerson, signedInStaff } from '#test/support/fixture.ts';
import { insertTestPerson } from '#features/register';

/** Involvement records: direct entry, from an opportunity, a person's records, the portal. */
describe('involvement records', () => {
  let t: TestApp;
  const org: Record<string, { id: string; ancestors: string[] }> = {};
  let accounts = 0;

  async function organisation(key: string, kind: 'region' | 'provider', parent?: string) {
    org[key] = await insertTestOrganisation(t.services.db, {
      kind,
      nameEn: `Org ${key}`,
      nameCy: `Sefydliad ${key}`,
      parent: parent ? org[parent] : undefined,
    });
  }

  async function signedIn(role: Role, at: string, language: 'en' | 'cy' = 'en') {
    accounts += 1;
    const { agent, accountId } = await signedInStaff(t, role, org[at]!.id, {
      email: `records-${accounts}@test.example`,
      name: `Tester ${accounts}`,
      language,
    });
    return { agent, accountId };
  }

  const person = (at: string, displayName: string, fields = {}) =>
    insertTestPerson(t.services.db, t.config.encryptionKey, {
      organisationId: org[at]!.id,
      displayName,
      fields,
    });

  async function opportunity(at: string, status = 'closed', rung = 4) {
    const row = await t.services.db
      .insertInto('opportunities')
      .values({
        organisation_id: org[at]!.id,
        title_en: 'Forum representatives',
        title_cy: 'Cynrychiolwyr y fforwm',
        description_en: 'Speak for others at the forum',
        description_cy: 'Siarad dros eraill yn y fforwm',
        rung,
        level: 'strategic',
        nta_scope: 'collective',
        nta_mode: 'influence',
        method: 'forum',
        expected_hours: 2.5,
        status: status as 'closed',
        places: 2,
        backups: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  const choose = (opportunityId: string, personId: string, status: 'selected' | 'backup') =>
    t.services.db
      .insertInto('expressions_of_interest')
      .values({ opportunity_id: opportunityId, person_id: personId, method: 'staff', status })
      .execute();

  const recordsOf = (personId: string) =>
    t.services.db
      .selectFrom('involvement_records')
      .selectAll()
      .where('person_id', '=', personId)
      .execute();

  const auditCount = async (action: string, subjectId?: string) => {
    const rows = await t.services.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', action)
      .$if(subjectId !== undefined, (qb) => qb.where('subject_id', '=', subjectId!))
      .execute();
    return rows.length;
  };

  before(async () => {
    t = await startTestApp({ EXPOSE_QUERY_COUNT: 'true' });
    await organisation('region', 'region');
    await organisation('provider', 'provider', 'region');
    await organisation('other', 'provider', 'region');
  });
  after(() => t.close());

  it('records involvement directly: errors keep the answers, check page, confirming twice records once', async () => {
    const { agent } = await signedIn('staff', 'provider');
    const personId = await person('provider', 'Gwenllian Ffugiol');

    let response = await agent.get('/involvement/new?q=gwen');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /Gwenllian Ffugiol/);
    assert.equal(await auditCount('involvement.person_found', personId), 1);

    response = await agent.get(`/involvement/new?person=${personId}`);
    assert.equal(response.statusCode, 200);
    const tomorrow = new Date(Date.now() + 2 * 86_400_000);
    // a survey on 3 February 2026
    const form = {
      personId,
      organisationId: org.provider!.id,
      opportunityId: '',
      tookPartDay: '3',
      tookPartMonth: '2',
      tookPartYear: '2026',
      hours: '1.5',
      rung: '3',
      level: 'service',
      method: 'survey',
      role: 'participant',
      outcome: 'Views on opening hours',
    };
    response = await agent.post('/involvement/new', {
      ...form,
      tookPartDay: String(tomorrow.getUTCDate()),
      tookPartMonth: String(tomorrow.getUTCMonth() + 1),
      tookPartYear: String(tomorrow.getUTCFullYear()),
      hours: '600',
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /must be today or in the past/);
    assert.match(response.body, /Hours must be a number/);
    assert.match(response.body, /Views on opening hours/, 'the form comes back filled in');
    assert.equal((await recordsOf(personId)).length, 0);

    response = await agent.post('/involvement/new', form);
    assert.equal(response.statusCode, 303);
    assert.equal(redirectPath(response), '/involvement/new/check');
    response = await agent.get('/involvement/new/check');
    assert.match(response.body, /3\. Consultation/);
    assert.match(response.body, /People are asked for their views/, 'the rung in plain words');
    const token = agent.csrf();
    const confirm = await agent.post('/involvement/new/check');
    assert.equal(confirm.statusCode, 303);
    assert.equal(redirectPath(confirm), `/people/${personId}/involvement`);
    // a second confirm (double submit): nothing more
    await agent.post('/involvement/new/check', { _csrf: token });
    const saved = await recordsOf(personId);
    assert.equal(saved.length, 1);
    assert.equal(saved[0]!.hours, 1.5);
    assert.equal(saved[0]!.rung, 3);
    assert.equal(saved[0]!.took_part_on, '2026-02-03');
    assert.equal(await auditCount('involvement.recorded', personId), 1);

    response = await agent.follow(confirm);
    assert.equal(response.statusCode, 200);
    assert.ok(Number(response.headers['x-query-count']) <= 10, 'at most 10 queries');
    assert.match(response.body, /Involvement recorded/);
    assert.match(response.body, /Views on opening hours/);
  });

  it('refuses an organisation the person is not connected to, and people out of reach (404)', async () => {
    const { agent } = await signedIn('staff', 'provider');
    const mine = await person('provider', 'Mine Person');
    const theirs = await person('other', 'Theirs Person');
    assert.equal((await agent.get(`/involvement/new?person=${theirs}`)).statusCode, 404);
    assert.equal((await agent.get(`/people/${theirs}/involvement`)).statusCode, 404);
    await agent.get(`/involvement/new?person=${mine}`);
    const response = await agent.post('/involvement/new', {
      personId: mine,
      organisationId: org.other!.id,
      tookPartDay: '1',
      tookPartMonth: '1',
      tookPartYear: '2026',
      hours: '1',
      rung: '1',
      level: 'individual',
      method: 'newsletter',
      role: 'participant',
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Choose the organisation the involvement was with/);
    const { agent: viewer } = await signedIn('viewer', 'provider');
    assert.equal((await viewer.get('/involvement')).statusCode, 403);
  });

  it('records the selected people of an opportunity once, with the rung, level and method of the opportunity', async () => {
    const { agent } = await signedIn('involvement_lead', 'provider');
    const opportunityId = await opportunity('provider');
    const selected = await person('provider', 'Selected Person');
    const backup = await person('provider', 'Backup Person');
    const interested = await person('provider', 'Only Interested');
    await choose(opportunityId, selected, 'selected');
    await choose(opportunityId, backup, 'backup');
    await t.services.db
      .insertInto('expressions_of_interest')
      .values({ opportunity_id: opportunityId, person_id: interested, method: 'portal' })
      .execute();

    let response = await agent.get(`/opportunities/${opportunityId}/involvement`);
    assert.equal(response.statusCode, 200);
    assert.ok(Number(response.headers['x-query-count']) <= 10, 'at most 10 queries');
    assert.match(response.body, /Selected Person/);
    assert.match(response.body, /Backup Person/);
    assert.doesNotMatch(response.body, /Only Interested/);
    assert.match(response.body, /4\. Representation/);
    assert.equal(await auditCount('involvement.attendance_viewed', selected), 1);

    const form = {
      tookPartDay: '10',
      tookPartMonth: '1',
      tookPartYear: '2026',
      outcome: 'Agreed the forum terms of reference',
      [`took-${selected}`]: 'yes',
      [`hours-${selected}`]: '3',
      [`role-${selected}`]: 'representative',
      [`took-${backup}`]: 'no',
      [`hours-${backup}`]: '',
      [`role-${backup}`]: 'participant',
    };
    // a missing answer (did the back-up take part?): nothing saved, the answers come back
    const unanswered = Object.fromEntries(
      Object.entries(form).filter(([field]) => field !== `took-${backup}`),
    );
    response = await agent.post(`/opportunities/${opportunityId}/involvement`, {
      ...unanswered,
      [`hours-${backup}`]: '2.5',
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Say whether this person took part/);
    assert.equal((await recordsOf(selected)).length, 0);

    const token = agent.csrf();
    response = await agent.post(`/opportunities/${opportunityId}/involvement`, form);
    assert.equal(response.statusCode, 303);
    // the same form again (double submit, or a second browser tab): nothing more
    const again = await agent.post(`/opportunities/${opportunityId}/involvement`, {
      ...form,
      _csrf: token,
    });
    assert.equal(again.statusCode, 303);
    const saved = await recordsOf(selected);
    assert.equal(saved.length, 1);
    assert.deepEqual(
      {
        rung: saved[0]!.rung,
        level: saved[0]!.level,
        method: saved[0]!.method,
        role: saved[0]!.role,
        hours: saved[0]!.hours,
        opportunity: saved[0]!.opportunity_id,
        organisation: saved[0]!.organisation_id,
      },
      {
        rung: 4,
        level: 'strategic',
        method: 'forum',
        role: 'representative',
        hours: 3,
        opportunity: opportunityId,
        organisation: org.provider!.id,
      },
    );
    assert.equal((await recordsOf(backup)).length, 0);
    response = await agent.get(`/opportunities/${opportunityId}/involvement`);
    assert.match(response.body, /Already recorded/);
  });

  it('does not record involvement for a draft opportunity, nor for another organisation’s (404)', async () => {
    const { agent } = await signedIn('staff', 'provider');
    const draft = await opportunity('provider', 'draft');
    const someone = await person('provider', 'Draft Person');
    await choose(draft, someone, 'selected');
    let response = await agent.get(`/opportunities/${draft}/involvement`);
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /cannot be recorded for a draft/);
    response = await agent.post(`/opportunities/${draft}/involvement`, {
      tookPartDay: '1',
      tookPartMonth: '1',
      tookPartYear: '2026',
      [`took-${someone}`]: 'yes',
      [`hours-${someone}`]: '1',
    });
    assert.equal(response.statusCode, 409);
    assert.match(response.body, /cannot be recorded for a draft/);
    assert.equal((await recordsOf(someone)).length, 0);
    const elsewhere = await opportunity('other');
    assert.equal((await agent.get(`/opportunities/${elsewhere}/involvement`)).statusCode, 404);
  });

  it('lists records in scope with filters, 25 a page, and audits the people shown', async () => {
    const { agent, accountId } = await signedIn('organisation_admin', 'provider');
    const busy = await person('provider', 'Busy Person');
    const hidden = await person('other', 'Hidden Person');
    const rows = Array.from({ length: 30 }, (_, i) => ({
      organisation_id: org.provider!.id,
      person_id: busy,
      took_part_on: `2026-01-${String((i % 28) + 1).padStart(2, '0')}`,
      hours: 1,
      rung: i % 2 ? 2 : 6,
      level: 'service' as const,
      method: 'service_delivery' as const,
      role: 'volunteer' as const,
    }));
    await t.services.db.insertInto('involvement_records').values(rows).execute();
    await t.services.db
      .insertInto('involvement_records')
      .values({ ...rows[0]!, organisation_id: org.other!.id, person_id: hidden })
      .execute();

    let response = await agent.get('/involvement?method=service_delivery');
    assert.equal(response.statusCode, 200);
    assert.ok(Number(response.headers['x-query-count']) <= 10, 'at most 10 queries');
    assert.match(response.body, /30 records/);
    assert.doesNotMatch(response.body, /Hidden Person/);
    assert.match(response.body, /Busy Person/);
    assert.match(response.body, /page=2/);
    response = await agent.get('/involvement?method=service_delivery&rung=6');
    assert.match(response.body, /15 records/);
    const audited = await t.services.db
      .selectFrom('audit_log')
      .select('subject_id')
      .where('action', '=', 'involvement.listed')
      .where('actor_account_id', '=', accountId)
      .execute();
    assert.ok(audited.some((a) => a.subject_id === busy));
    assert.ok(!audited.some((a) => a.subject_id === hidden));
    // a sibling organisation is not disclosed
    assert.equal((await agent.get(`/involvement?organisation=${org.other!.id}`)).statusCode, 404);
  });

  it('shows a person what they have done in the portal, in their language, and nothing of anyone else', async () => {
    const me = await person('provider', 'Portal Person', { preferred_language: 'cy' });
    const someoneElse = await person('provider', 'Someone Else');
    await t.services.db
      .insertInto('involvement_records')
      .values([
        {
          organisation_id: org.provider!.id,
          person_id: me,
          took_part_on: '2026-03-01',
          hours: 2,
          rung: 5,
          level: 'service',
          method: 'interview_panel',
          role: 'panel_member',
          outcome: 'Helped appoint a recovery worker',
        },
        {
          organisation_id: org.provider!.id,
          person_id: someoneElse,
          took_part_on: '2026-03-01',
          hours: 2,
          rung: 1,
          level: 'service',
          method: 'newsletter',
          role: 'participant',
          outcome: 'Not mine',
        },
      ])
      .execute();
    const agent = await signedInPerson(t, me);
    const response = await agent.get('/portal/involvement?lang=cy');
    assert.equal(response.statusCode, 200);
    assert.ok(Number(response.headers['x-query-count']) <= 10, 'at most 10 queries');
    assert.match(response.body, /Beth rydw i wedi(&#39;|')i wneud/);
    assert.match(response.body, /Helped appoint a recovery worker/);
    assert.match(response.body, /5\. Rhannu penderfyniadau|5\. /);
    assert.doesNotMatch(response.body, /Not mine/);
    assert.equal(await auditCount('involvement.own_viewed', me), 1);
  });
});

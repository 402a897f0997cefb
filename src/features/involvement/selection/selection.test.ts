import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testEngine } from '#test/support/database.ts';
import { fairnessFlags, RECENT_PLACES, spreadOf } from './fairness.ts';
import { createI18n } from '#platform/i18n/i18n.ts';
import { decisionReasons } from '../tables.ts';
import { selectionFixture } from '#test/support/involvement-selection.ts';

describe('fairness wording', () => {
  const i18n = createI18n();
  const en = i18n.t('en');
  const cy = i18n.t('cy');
  it('counts people in the right plural form, in English and in all six Welsh forms', () => {
    assert.equal(en('selection:fairness.people', { count: 1 }), '1 person');
    assert.equal(en('selection:fairness.people', { count: 4 }), '4 different people');
    const spread = (t: typeof en, places: number, people: number) =>
      t('selection:fairness.spread', {
        count: places,
        people: t('selection:fairness.people', { count: people }),
        organisation: 'X',
      });
    assert.match(spread(en, 1, 1), /The last place filled in X .* went to 1 person\./);
    assert.match(spread(en, 3, 1), /The last 3 places filled in X .* went to 1 person\./);
    assert.doesNotMatch(spread(en, 3, 1), /different people/);
    assert.match(spread(en, 10, 4), /The last 10 places .* went to 4 different people\./);
    // Welsh: zero, one, two, few (3), many (6), other: every count has its own key, none missing
    for (const count of [0, 1, 2, 3, 6, 7]) {
      const text = cy('selection:fairness.people', { count });
      assert.doesNotMatch(text, /selection:|people/, `${String(count)}: ${text}`);
    }
    assert.equal(cy('selection:fairness.people', { count: 1 }), '1 unigolyn');
    assert.equal(cy('selection:fairness.people', { count: 2 }), '2 o bobl wahanol');
    assert.match(spread(cy, 3, 1), /i 1 unigolyn\.$/);
  });

  it('says how many places were looked at, the same way on the flag and the row', () => {
    const held = (t: typeof en, places: number, count: number) =>
      t(places >= RECENT_PLACES ? 'selection:fairness.held' : 'selection:fairness.heldAll', {
        count: places,
        held: count,
      });
    assert.equal(held(en, 10, 4), '4 of the last 10 places filled here');
    assert.equal(held(en, 4, 4), '4 of the 4 places filled here in the last 12 months');
    assert.equal(held(en, 1, 1), '1 of the 1 place filled here in the last 12 months');
    assert.equal(
      en('selection:flags.often_chosen.explain', { held: held(en, 10, 4) }),
      'Holds 4 of the last 10 places filled here.',
    );
    assert.equal(held(cy, 2, 2), "2 o'r 2 le a lenwyd yma yn ystod y 12 mis diwethaf");
    assert.equal(held(cy, 10, 3), "3 o'r 10 lle diwethaf a lenwyd yma");
    assert.deepEqual(spreadOf(['a', 'a', 'b']), { places: 3, people: 2, full: false });
  });
});

describe('fairness rule', () => {
  it('flags someone holding 3 of the last 10 places, or selected for most of what they applied to', () => {
    assert.deepEqual(fairnessFlags({ recentPlaces: 2, timesSelected: 2, timesDecided: 2 }), []);
    assert.deepEqual(fairnessFlags({ recentPlaces: 3, timesSelected: 3, timesDecided: 10 }), [
      'often_chosen',
    ]);
    assert.deepEqual(fairnessFlags({ recentPlaces: 0, timesSelected: 3, timesDecided: 5 }), [
      'usually_chosen',
    ]);
    assert.deepEqual(fairnessFlags({ recentPlaces: 0, timesSelected: 3, timesDecided: 6 }), []);
    assert.deepEqual(fairnessFlags({ recentPlaces: 4, timesSelected: 4, timesDecided: 4 }), [
      'often_chosen',
      'usually_chosen',
    ]);
  });
});

/** Choosing people fairly, with reasons, and telling them once in their own language. */
describe(`selection (${testEngine})`, () => {
  const fixture = selectionFixture();
  const { org, addOrganisation, staff, person, portal, opportunity, interested } = fixture;

  it('refuses more selections than places, and a decision without a reason: nothing saved', async () => {
    const id = await opportunity(org.providerA, { places: 1, backups: 1 });
    const lead = await staff('involvement_lead', org.providerA);
    const people = [await person('Ann One'), await person('Ben Two'), await person('Cai Three')];
    const [a, b, c] = (await interested(id, people)) as [string, string, string];
    const page = await lead.agent.get(`/opportunities/${id}/selection`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Ann One/);

    const form = (decisions: Record<string, [string, string]>) => {
      const out: Record<string, string | string[]> = { page: '1', applicant: [a, b, c] };
      for (const [interestId, [status, reason]] of Object.entries(decisions)) {
        out[`decision-${interestId}`] = status;
        out[`reason-${interestId}`] = reason;
      }
      return out;
    };
    const tooMany = await lead.agent.post(
      `/opportunities/${id}/selection`,
      form({ [a]: ['selected', 'meets_needs'], [b]: ['selected', 'meets_needs'] }),
    );
    assert.equal(tooMany.statusCode, 200);
    assert.match(tooMany.body, /More people are selected than there are places/);
    assert.match(tooMany.body, /value="selected" checked/, 'the form comes back filled in');
    const statuses = async () =>
      (
        await fixture.t.services.db
          .selectFrom('expressions_of_interest')
          .select('status')
          .where('opportunity_id', '=', id)
          .execute()
      ).map((r) => r.status);
    assert.deepEqual(await statuses(), ['interested', 'interested', 'interested']);

    const noReason = await lead.agent.post(
      `/opportunities/${id}/selection`,
      form({ [a]: ['selected', ''] }),
    );
    assert.match(noReason.body, /Choose a reason for the decision/);
    assert.deepEqual(await statuses(), ['interested', 'interested', 'interested']);

    const tooManyBackups = await lead.agent.post(
      `/opportunities/${id}/selection`,
      form({ [b]: ['backup', 'places_filled'], [c]: ['backup', 'places_filled'] }),
    );
    assert.match(tooManyBackups.body, /More people are back-ups than there are back-up places/);
    assert.deepEqual(await statuses(), ['interested', 'interested', 'interested']);

    const ok = await lead.agent.post(
      `/opportunities/${id}/selection`,
      form({
        [a]: ['selected', 'meets_needs'],
        [b]: ['backup', 'places_filled'],
        [c]: ['not_selected', 'places_filled'],
      }),
    );
    assert.equal(ok.statusCode, 303);
    assert.deepEqual((await statuses()).sort(), ['backup', 'not_selected', 'selected']);
    const decided = await fixture.t.services.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'selection.decided')
      .where('subject_id', 'in', people)
      .execute();
    assert.equal(decided.length, 3);
  });

  it('never lets one member of staff silently undo another’s decision made meanwhile', async () => {
    const id = await opportunity(org.providerA, { places: 1, backups: 0 });
    const first = await staff('involvement_lead', org.providerA);
    const second = await staff('involvement_lead', org.providerA);
    const people = [await person('Dyfed Four'), await person('Elin Five')];
    const [d, e] = (await interested(id, people)) as [string, string];
    await first.agent.get(`/opportunities/${id}/selection`);
    await second.agent.get(`/opportunities/${id}/selection`);
    const choose = (interestId: string) => ({
      page: '1',
      applicant: [d, e],
      [`shown-${d}`]: 'interested',
      [`shown-${e}`]: 'interested',
      [`decision-${interestId}`]: 'selected',
      [`reason-${interestId}`]: 'meets_needs',
    });
    // each page showed a free place; both press "save" at once, each choosing someone else
    const answers = await Promise.all([
      first.agent.post(`/opportunities/${id}/selection`, choose(d)),
      second.agent.post(`/opportunities/${id}/selection`, choose(e)),
    ]);
    assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 303]);
    // the second to save had a page showing both undecided: saving it would silently undo the
    // first decision, so it is refused, whatever the order the two were handled in
    const refused = answers.find((a) => a.statusCode === 200)!;
    assert.match(refused.body, /Someone else changed decisions on this page after you opened it/);
    const selected = await fixture.t.services.db
      .selectFrom('expressions_of_interest')
      .select('person_id')
      .where('opportunity_id', '=', id)
      .where('status', '=', 'selected')
      .execute();
    assert.equal(selected.length, 1);
  });

  it('flags the person chosen for most recent places, and explains the rule on the page', async () => {
    // a region of its own, so other tests' selections do not count
    const region = await addOrganisation('Fair region');
    const provider = await addOrganisation('Fair provider', region);
    const regular = await person('Rhian Regular', {}, provider.id);
    const newcomer = await person('Nia Newcomer', {}, provider.id);
    const other = await person('Owen Other', {}, provider.id);
    const lead = await staff('involvement_lead', region.id);
    // four earlier opportunities in the region: Rhian was chosen for three of them, Owen for one
    const earlier = new Date(Date.now() - 30 * 86_400_000);
    for (const chosen of [regular, regular, other, regular]) {
      const past = await opportunity(provider.id, { status: 'completed' });
      await fixture.t.services.db
        .insertInto('expressions_of_interest')
        .values({
          opportunity_id: past,
          person_id: chosen,
          method: 'portal',
          status: 'selected',
          decision_reason: 'meets_needs',
          decided_at: earlier,
        })
        .execute();
    }
    await fixture.t.services.db
      .insertInto('involvement_records')
      .values({
        organisation_id: provider.id,
        person_id: regular,
        took_part_on: new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10),
        hours: 2,
        rung: 3,
        level: 'service',
        method: 'forum',
        role: 'participant',
      })
      .execute();
    const id = await opportunity(region.id);
    await interested(id, [regular, newcomer]);
    const page = await lead.agent.get(`/opportunities/${id}/selection`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /How the fairness check works/);
    assert.match(page.body, /3 or more of the last 10 places/);
    assert.match(
      page.body,
      /The last 4 places filled in Fair region .* went to 2 different people/s,
    );
    const card = (name: string) => {
      const start = page.body.indexOf(name);
      const end = page.body.indexOf('govuk-summary-card__title', start + 1);
      return page.body.slice(start, end === -1 ? undefined : end);
    };
    assert.match(card('Rhian Regular'), /Often chosen/);
    assert.match(card('Rhian Regular'), /Usually chosen/);
    // the flag and the row say the same true thing: only 4 places were filled in the 12 months
    assert.match(
      card('Rhian Regular'),
      /Holds 3 of the 4 places filled here in the last 12 months\./,
    );
    assert.match(
      card('Rhian Regular'),
      /Recent places held\s*<\/dt>\s*<dd[^>]*>\s*3 of the 4 places filled here in the last 12 months\s*</,
    );
    assert.doesNotMatch(page.body, /of the last 4 places|Holds \d+ of the last 10/);
    assert.match(
      card('Rhian Regular'),
      /Involved in the last 12 months\s*<\/dt>\s*<dd[^>]*>\s*1 time\s*</,
    );
    assert.doesNotMatch(card('Nia Newcomer'), /Often chosen|Usually chosen/);
    assert.match(card('Nia Newcomer'), /No flag/);

    // reading the applicants is audited, one entry per person shown, without names
    const viewed = await fixture.t.services.db
      .selectFrom('audit_log')
      .select(['subject_id', 'details'])
      .where('action', '=', 'selection.viewed')
      .where('subject_id', 'in', [regular, newcomer])
      .execute();
    assert.equal(viewed.length, 2);
    assert.doesNotMatch(JSON.stringify(viewed), /Rhian|Nia/);
  });

  it('tells people the decision in their own language, once', async () => {
    const id = await opportunity(org.providerA, { places: 1, backups: 0 });
    const lead = await staff('involvement_lead', org.providerA);
    // Cerys chose fuller texts; Emma did not, so hers is discreet (docs/contact.md)
    const welsh = await person('Cerys Cymraeg', {
      preferred_language: 'cy',
      fuller_messages: true,
    });
    const english = await person('Emma English', { formats: ['easy_read'] });
    const [w, e] = (await interested(id, [welsh, english])) as [string, string];
    await lead.agent.get(`/opportunities/${id}/selection`);
    const saved = await lead.agent.post(`/opportunities/${id}/selection`, {
      applicant: [w, e],
      [`decision-${w}`]: 'selected',
      [`reason-${w}`]: 'not_involved_recently',
      [`decision-${e}`]: 'not_selected',
      [`reason-${e}`]: 'places_filled',
    });
    assert.equal(saved.statusCode, 303);
    const page = await lead.agent.get(`/opportunities/${id}/selection`);
    assert.match(page.body, /Tell 2 people/);
    const told = await lead.agent.post(`/opportunities/${id}/selection/tell`);
    assert.equal(told.statusCode, 303);
    const messages = await fixture.t.services.db
      .selectFrom('person_messages')
      .select(['person_id', 'template', 'personalisation', 'status'])
      .where('person_id', 'in', [welsh, english])
      .where('template', 'like', 'selection%')
      .execute();
    const toWelsh = messages.find((m) => m.person_id === welsh);
    const toEnglish = messages.find((m) => m.person_id === english);
    assert.equal(toWelsh?.template, 'selectionSelected');
    assert.equal(toWelsh?.status, 'queued');
    assert.equal(toWelsh?.personalisation.opportunity, 'Fforwm defnyddwyr gwasanaeth');
    assert.match(toWelsh?.personalisation.reason ?? '', /Heb|heb|teg/);
    assert.equal(toEnglish?.template, 'selectionNotSelected.easyRead', 'easy read when asked for');
    assert.equal(toEnglish?.personalisation.opportunity, 'Service user forum');
    assert.equal(toEnglish?.personalisation.reason, 'All the places were filled');

    // sent (to the outbox here) in Welsh, to the Welsh speaker
    await fixture.t.services.contact.dispatchDue();
    const sent = await fixture.t.services.db
      .selectFrom('outbox_messages')
      .select(['subject', 'body'])
      .where('body', 'like', '%Fforwm defnyddwyr gwasanaeth%')
      .execute();
    assert.equal(sent.length, 1);
    assert.match(sent[0]!.body, /Mae'n bleser gennym ddweud eich bod wedi cael eich dewis/);
    assert.match(sent[0]!.body, /heb gymryd rhan yn ddiweddar, felly mae'n deg i chi gael tro/);
    const emmas = await fixture.t.services.db
      .selectFrom('person_messages')
      .select('id')
      .where('person_id', '=', english)
      .executeTakeFirstOrThrow();
    const toEmma = await fixture.t.services.db
      .selectFrom('outbox_messages')
      .select(['template', 'body'])
      .where('reference', '=', `person-message-${emmas.id}`)
      .executeTakeFirstOrThrow();
    assert.equal(toEmma.template, 'selectionNotSelected.discreet');
    assert.match(toEmma.body, /There is news about something you said you would like/);
    assert.doesNotMatch(toEmma.body, /Emma|Service user forum|All places were filled/);

    const again = await lead.agent.get(`/opportunities/${id}/selection`);
    assert.match(again.body, /Everyone with a decision has been told/);
    await lead.agent.post(`/opportunities/${id}/selection/tell`);
    const count = await fixture.t.services.db
      .selectFrom('person_messages')
      .select('id')
      .where('person_id', 'in', [welsh, english])
      .where('template', 'like', 'selection%')
      .execute();
    assert.equal(count.length, 2, 'nobody is told twice');

    // the person sees the decision and its reason once told
    const agent = await portal(english);
    const mine = await agent.get(`/portal/opportunities/${id}`);
    assert.equal(mine.statusCode, 200);
    assert.match(mine.body, /You were not chosen this time/);
    assert.match(mine.body, /Why: All the places were filled/);
  });

  it('tells each reason in words the person understands; their own reason as written, never the staff note', async () => {
    const { t } = fixture;
    const lead = await staff('involvement_lead', org.providerA);
    const decide = async (
      id: string,
      interest: string,
      fields: { reason: string; reasonForPerson?: string; note?: string },
    ) => {
      await lead.agent.get(`/opportunities/${id}/selection`);
      return lead.agent.post(`/opportunities/${id}/selection`, {
        applicant: interest,
        [`decision-${interest}`]: 'not_selected',
        [`reason-${interest}`]: fields.reason,
        [`reasonForPerson-${interest}`]: fields.reasonForPerson ?? '',
        [`note-${interest}`]: fields.note ?? '',
      });
    };
    const interestOf = async (id: string, personId: string) => {
      const row = await t.services.db
        .insertInto('expressions_of_interest')
        .values({ opportunity_id: id, person_id: personId, method: 'portal' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    };
    const toldReason = async (id: string, personId: string) => {
      await lead.agent.get(`/opportunities/${id}/selection`);
      assert.equal((await lead.agent.post(`/opportunities/${id}/selection/tell`)).statusCode, 303);
      const message = await t.services.db
        .selectFrom('person_messages')
        .select('personalisation')
        .where('person_id', '=', personId)
        .where('template', 'like', 'selection%')
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      return message.personalisation.reason ?? '';
    };

    // every listed reason reads as a sentence to the person, in both languages: no "see the
    // note", no staff wording about them in the third person
    const seen = new Set<string>();
    for (const language of ['en', 'cy'] as const) {
      const someone = await person(`Reasons ${language}`, { preferred_language: language });
      for (const reason of decisionReasons.filter((r) => r !== 'other')) {
        const id = await opportunity(org.providerA, { places: 1, backups: 0 });
        assert.equal((await decide(id, await interestOf(id, someone), { reason })).statusCode, 303);
        const told = await toldReason(id, someone);
        assert.ok(told.length > 10, `${language} ${reason}: "${told}"`);
        assert.doesNotMatch(told, /note|nodyn|^Has |^Heb gymryd|\.$/, `${language} ${reason}`);
        assert.ok(!seen.has(told), `${language} ${reason} has its own words`);
        seen.add(told);
      }
    }
    assert.ok(
      seen.has('You have taken part a lot recently, and others who have not should get a turn'),
    );

    // "another reason" needs words for the person; the staff note alone is not enough
    // she chose fuller texts: the discreet form (the default) carries no reason
    const cerys = await person('Cerys Rheswm', { preferred_language: 'cy', fuller_messages: true });
    const id = await opportunity(org.providerA, { places: 1, backups: 0 });
    const interest = await interestOf(id, cerys);
    const noWords = await decide(id, interest, {
      reason: 'other',
      note: 'Staff only: clash with key worker',
    });
    assert.match(noWords.body, /Write the reason to tell the person, as they will read it/);
    assert.match(noWords.body, /write it for them, in Welsh/);
    assert.match(
      noWords.body,
      /Staff only: clash with key worker/,
      'the form comes back filled in',
    );

    const written = "Roedd angen rhywun sy'n gallu teithio i Aberystwyth y tro hwn";
    const saved = await decide(id, interest, {
      reason: 'other',
      reasonForPerson: written,
      note: 'Staff only: clash with key worker',
    });
    assert.equal(saved.statusCode, 303);
    assert.equal(await toldReason(id, cerys), written, 'sent as written');
    await t.services.contact.dispatchDue();
    const everything = JSON.stringify(
      await t.services.db
        .selectFrom('person_messages')
        .select('personalisation')
        .where('person_id', '=', cerys)
        .execute(),
    );
    const sent = await t.services.db
      .selectFrom('outbox_messages')
      .select(['subject', 'body'])
      .where('body', 'like', '%Aberystwyth%')
      .execute();
    assert.equal(sent.length, 1);
    assert.match(
      sent[0]!.body,
      /Pam: Roedd angen rhywun sy'n gallu teithio i Aberystwyth y tro hwn\./,
    );
    assert.doesNotMatch(
      everything + JSON.stringify(sent),
      /Staff only|key worker|see the note|gweler y nodyn/,
    );
    // nor on the person's portal page
    const page = await (await portal(cerys)).get(`/portal/opportunities/${id}`);
    assert.match(page.body, /Aberystwyth/);
    assert.doesNotMatch(page.body, /Staff only|key worker/);
  });

  it('pages 30 applicants 25 at a time, in at most 10 queries a page', async () => {
    const id = await opportunity(org.providerA);
    const lead = await staff('involvement_lead', org.providerA);
    const ids: string[] = [];
    for (let i = 0; i < 30; i += 1) ids.push(await person(`Many ${String(i).padStart(2, '0')}`));
    await interested(id, ids);
    const first = await lead.agent.get(`/opportunities/${id}/selection`);
    assert.equal(first.statusCode, 200);
    assert.equal((first.body.match(/govuk-summary-card__title"/g) ?? []).length, 25);
    assert.ok(
      Number(first.headers['x-query-count']) <= 10,
      `${String(first.headers['x-query-count'])} queries`,
    );
    const second = await lead.agent.get(`/opportunities/${id}/selection?page=2`);
    assert.equal((second.body.match(/govuk-summary-card__title"/g) ?? []).length, 5);

    const agent = await portal(ids[0]!);
    const list = await agent.get('/portal/opportunities');
    assert.equal(list.statusCode, 200);
    assert.ok(
      Number(list.headers['x-query-count']) <= 10,
      `${String(list.headers['x-query-count'])} queries`,
    );
    const one = await agent.get(`/portal/opportunities/${id}`);
    assert.ok(
      Number(one.headers['x-query-count']) <= 10,
      `${String(one.headers['x-query-count'])} queries`,
    );
  });
});

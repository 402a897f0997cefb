import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describePeople } from '#test/support/people-setup.ts';

/** The value of the input (or the chosen option of the select) named `name`, or undefined. */
const valueOf = (html: string, name: string) =>
  new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1] ??
  new RegExp(`name="${name}"[\\s\\S]*?<option value="([^"]*)" selected`).exec(html)?.[1];
const rowCount = (html: string, prefix: string) =>
  new Set([...html.matchAll(new RegExp(`name="${prefix}-(\\d+)-`, 'g'))].map((m) => m[1])).size;

/**
 * The availability form's "add another" without JavaScript (issue 13): a third time without
 * saving first, nothing typed lost, rows removed; and the register's "free on" filters shown
 * open while they are in use.
 */
describePeople('people: availability rows and the free-on filters', (s) => {
  it('adds another time row keeping what was typed, removes a row, and saves nothing until Save', async () => {
    const { agent } = await s.signedIn('involvement_lead', 'providerA');
    const id = await s.person('providerA', { displayName: 'Rows Person' });
    const url = `/people/${id}/edit/availability`;
    const opened = await agent.get(url);
    assert.equal(opened.statusCode, 200);
    assert.equal(rowCount(opened.body, 'time'), 1, 'one blank time to fill in');
    assert.match(opened.body, /value="time" name="addRow"/);
    assert.match(opened.body, /value="date" name="addRow"/);
    // Enter in a box presses the first submit button: it is Save, without a name
    const firstButton = /<button[^>]*>/.exec(opened.body.slice(opened.body.indexOf('_csrf')));
    assert.ok(firstButton && !firstButton[0].includes('name='), 'Save comes first');

    const typed = {
      'time-0-weekday': '1',
      'time-0-startsAt': '09:00',
      'time-0-endsAt': '11:00',
      'time-0-reason': 'Pharmacy',
      'date-0-date': '',
      'date-0-reason': '',
      travelLimit: 'Ten miles',
    };
    const added = await agent.post(url, { ...typed, addRow: 'time' });
    assert.equal(added.statusCode, 200, 'the form again, not a redirect');
    assert.equal(rowCount(added.body, 'time'), 2, 'a second time row');
    assert.equal(valueOf(added.body, 'time-0-startsAt'), '09:00');
    assert.equal(valueOf(added.body, 'time-0-reason'), 'Pharmacy');
    assert.equal(valueOf(added.body, 'time-0-weekday'), '1');
    assert.match(added.body, /Ten miles<\/textarea>/);
    assert.match(added.body, /id="time-1-weekday" name="time-1-weekday" autofocus/);
    assert.equal(rowCount(added.body, 'date'), 1, 'the days are left as they were');
    assert.doesNotMatch(added.body, /govuk-error-summary/);

    // a third, without saving in between
    const third = await agent.post(url, {
      ...typed,
      'time-1-weekday': '3',
      'time-1-startsAt': '17:00',
      'time-1-endsAt': '19:00',
      'time-1-reason': 'Work',
      addRow: 'time',
    });
    assert.equal(rowCount(third.body, 'time'), 3);
    assert.equal(valueOf(third.body, 'time-1-reason'), 'Work');
    assert.match(third.body, /value="time-0" name="removeRow"/);
    const stored = async () =>
      (
        await s.t.services.db
          .selectFrom('person_unavailable_times')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('person_id', '=', id)
          .executeTakeFirstOrThrow()
      ).n;
    assert.equal(Number(await stored()), 0, 'nothing saved by adding rows');

    // removing the first time moves the second up
    const removed = await agent.post(url, {
      ...typed,
      'time-1-weekday': '3',
      'time-1-startsAt': '17:00',
      'time-1-endsAt': '19:00',
      'time-1-reason': 'Work',
      'time-2-weekday': '',
      'time-2-startsAt': '',
      'time-2-endsAt': '',
      'time-2-reason': '',
      removeRow: 'time-0',
    });
    assert.equal(removed.statusCode, 200);
    assert.equal(rowCount(removed.body, 'time'), 2);
    assert.equal(valueOf(removed.body, 'time-0-reason'), 'Work');
    assert.equal(valueOf(removed.body, 'time-0-startsAt'), '17:00');
    assert.doesNotMatch(removed.body, /Pharmacy/);

    // Save keeps both times
    const saved = await agent.post(url, {
      ...typed,
      'time-1-weekday': '3',
      'time-1-startsAt': '17:00',
      'time-1-endsAt': '19:00',
      'time-1-reason': 'Work',
    });
    assert.equal(saved.statusCode, 303);
    assert.equal(Number(await stored()), 2);
    const again = await agent.get(url);
    assert.equal(rowCount(again.body, 'time'), 3, 'the two saved and one blank');

    // in Welsh
    const welsh = await agent.get(`${url}?lang=cy`);
    assert.match(welsh.body, /Ychwanegu adeg arall/);
    assert.match(welsh.body, /Dileu<span class="govuk-visually-hidden"> Adeg 1<\/span>/);
  });

  it('saves what a person needs of a venue as ticked boxes, shows them in words, and keeps them on an added row', async () => {
    const { agent } = await s.signedIn('involvement_lead', 'providerA');
    const id = await s.person('providerA', { displayName: 'Venue Needs Person' });
    const url = `/people/${id}/edit/availability`;
    const opened = await agent.get(url);
    assert.match(opened.body, /What they need of a venue/);
    assert.match(opened.body, /value="not_police_building"/);
    // a row added keeps the ticks
    const added = await agent.post(url, {
      venueNeeds: ['step_free', 'not_police_building'],
      addRow: 'date',
    });
    assert.match(added.body, /value="step_free" checked/);
    assert.match(added.body, /value="not_police_building" checked/);
    assert.doesNotMatch(added.body, /value="parking" checked/);
    // an unknown value is dropped, the order is the vocabulary's
    const saved = await agent.post(url, {
      venueNeeds: ['not_police_building', 'lift', 'step_free'],
    });
    assert.equal(saved.statusCode, 303);
    const row = await s.t.services.db
      .selectFrom('people')
      .select('venue_needs')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row.venue_needs, ['step_free', 'not_police_building']);
    const page = await agent.get(`/people/${id}/availability`);
    assert.match(page.body, /Step-free access, Not in a police building/);
    const welsh = await agent.get(`/people/${id}/availability?lang=cy`);
    assert.match(welsh.body, /Beth sydd ei angen arnynt gan leoliad/);
    // unticking them all clears them
    await agent.get(url);
    await agent.post(url, {});
    const cleared = await s.t.services.db
      .selectFrom('people')
      .select('venue_needs')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(cleared.venue_needs, []);
  });

  it('shows the free-on filters open while they are in use, closed otherwise', async () => {
    const { agent } = await s.signedIn('involvement_lead', 'providerA');
    const details = (html: string) => /<details class="govuk-details"[^>]*>/.exec(html)?.[0] ?? '';
    const free = await agent.get('/people?day=2&part=morning');
    assert.equal(free.statusCode, 200);
    assert.match(details(free.body), / open/);
    assert.match(free.body, /<option value="2" selected>/);
    assert.match(free.body, /<option value="morning" selected>/);
    assert.match(details((await agent.get('/people?part=evening')).body), / open/);
    assert.doesNotMatch(details((await agent.get('/people')).body), / open/);
    assert.doesNotMatch(details((await agent.get('/people?q=rows')).body), / open/);
  });
});

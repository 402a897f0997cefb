import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '#test/support/app.ts';
import { startWithProvider } from '#test/support/register-people.ts';
import { insertTestPerson } from './fixtures.ts';
import { inviteeNeeds } from './invitee-needs.ts';

/**
 * What an event needs to know of the people invited (the register's side of the meeting's
 * user-proofing check): the UK date, time and weekday of the event worked out in SQL.
 */
describe('the needs of people invited to something', () => {
  let t: TestApp;
  let organisationId = '';
  let carer = '';
  let worshipper = '';
  let free = '';
  const everywhere = { view: null, consented: [] };

  before(async () => {
    ({ t, organisationId } = await startWithProvider());
    const { db } = t.services;
    const person = (displayName: string, fields = {}) =>
      insertTestPerson(db, t.config.encryptionKey, { organisationId, displayName, fields });
    carer = await person('Carys Carer', {
      preferred_language: 'cy',
      speaks_welsh: true,
      venue_needs: ['step_free', 'hearing_loop'],
    });
    worshipper = await person('Wyn Worshipper', { interpreter_language: 'Arabic' });
    free = await person('Ffion Free');
    await db
      .insertInto('person_unavailable_times')
      .values([
        // every day before 11:00
        {
          person_id: carer,
          weekday: null,
          starts_at: '00:00',
          ends_at: '11:00',
          reason: 'School run',
        },
        // Fridays 12:00-14:00, no reason given
        { person_id: worshipper, weekday: 5, starts_at: '12:00', ends_at: '14:00', reason: null },
      ])
      .execute();
    await db
      .insertInto('person_unavailable_dates')
      .values({ person_id: free, date: '2027-07-02', reason: 'Hospital appointment' })
      .execute();
  });
  after(() => t.close());

  const ids = () => [carer, worshipper, free];
  const busy = async (startsAt: string, endsAt: string, viewer = everywhere) =>
    Object.fromEntries(
      (await inviteeNeeds(t.services.db, viewer, ids(), new Date(startsAt), new Date(endsAt))).map(
        (n) => [n.displayName ?? n.personId, n.unavailable?.reason ?? (n.unavailable ? '-' : null)],
      ),
    );

  it('gives language, interpreter and venue needs in name order', async () => {
    const needs = await inviteeNeeds(
      t.services.db,
      everywhere,
      ids(),
      new Date('2027-01-04T14:00:00Z'),
      new Date('2027-01-04T16:00:00Z'),
    );
    assert.deepEqual(
      needs.map((n) => [n.displayName, n.preferredLanguage, n.speaksWelsh, n.interpreterLanguage]),
      [
        ['Carys Carer', 'cy', true, null],
        ['Ffion Free', 'en', false, null],
        ['Wyn Worshipper', 'en', false, 'Arabic'],
      ],
    );
    assert.deepEqual(needs[0]!.venueNeeds, ['step_free', 'hearing_loop']);
    assert.ok(needs.every((n) => n.visible && n.unavailable === null));
  });

  it('reads the time in UK time: 09:30 in summer is 08:30 UTC', async () => {
    // Friday 2 July 2027, 09:30-10:30 BST
    assert.deepEqual(await busy('2027-07-02T08:30:00Z', '2027-07-02T09:30:00Z'), {
      'Carys Carer': 'School run',
      'Ffion Free': 'Hospital appointment',
      'Wyn Worshipper': null,
    });
    // the same Friday 11:00-12:30 BST: the carer is free again, the worshipper not (no reason)
    assert.deepEqual(await busy('2027-07-02T10:00:00Z', '2027-07-02T11:30:00Z'), {
      'Carys Carer': null,
      'Ffion Free': 'Hospital appointment',
      'Wyn Worshipper': '-',
    });
    // a Thursday at the same time: only the weekday-less time applies
    assert.deepEqual(await busy('2027-07-01T10:00:00Z', '2027-07-01T11:30:00Z'), {
      'Carys Carer': null,
      'Ffion Free': null,
      'Wyn Worshipper': null,
    });
  });

  it('checks a meeting past midnight against the rest of its first day', async () => {
    // Thursday 1 July 2027 23:00 BST to Friday 01:00: the Friday appointment does not count
    assert.deepEqual(await busy('2027-07-01T22:00:00Z', '2027-07-02T00:00:00Z'), {
      'Carys Carer': null,
      'Ffion Free': null,
      'Wyn Worshipper': null,
    });
  });

  it('withholds names and reasons from a viewer who may not see the people', async () => {
    const needs = await inviteeNeeds(
      t.services.db,
      { view: [], consented: [] },
      ids(),
      new Date('2027-07-02T08:30:00Z'),
      new Date('2027-07-02T09:30:00Z'),
    );
    assert.equal(needs.length, 3);
    assert.ok(needs.every((n) => !n.visible && n.displayName === null));
    assert.deepEqual(
      needs.filter((n) => n.unavailable).map((n) => n.unavailable),
      [{ reason: null }, { reason: null }],
      'only that something does not suit',
    );
  });
});

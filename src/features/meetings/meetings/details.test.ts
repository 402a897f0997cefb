import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertTestPerson, type Viewer } from '#features/register';
import { insertMeeting, meetingsSuite } from '#test/support/meetings.ts';
import { findMeetingPage } from './details.ts';

/**
 * The meeting page's query is compiled once for each shape of viewer and given each page's own
 * meeting and viewer: every page must read its own meeting, as its own viewer may see it.
 */
describe('the meeting page’s query', () => {
  const s = meetingsSuite('mdetails', 'Details tester');

  it('reads each meeting and each viewer’s view of the people invited, whatever ran before', async () => {
    const { db } = s.t.services;
    const key = s.t.config.encryptionKey;
    const person = (at: 'Provider A' | 'Provider B', displayName: string) =>
      insertTestPerson(db, key, { organisationId: s.org[at]!.id, displayName });
    const ann = await person('Provider A', 'Ann at A');
    const bob = await person('Provider B', 'Bob at B');
    const meetingA = await insertMeeting(db, s.org['Provider A']!.id, { title_en: 'Forum A' });
    const meetingB = await insertMeeting(db, s.org['Provider B']!.id, { title_en: 'Forum B' });
    await db
      .insertInto('meeting_invitees')
      .values([
        { meeting_id: meetingA, person_id: ann },
        { meeting_id: meetingA, person_id: bob },
        { meeting_id: meetingB, person_id: bob },
      ])
      .execute();
    const atA: Viewer = { view: [s.org['Provider A']!.id], consented: [] };
    const atB: Viewer = { view: [s.org['Provider B']!.id], consented: [] };
    const named = async (meetingId: string, viewer: Viewer) => {
      const page = await findMeetingPage(db, meetingId, viewer);
      assert.ok(page);
      return [page.meeting.titleEn, page.needs.map((n) => n.displayName ?? 'someone')];
    };
    for (let round = 0; round < 2; round++) {
      assert.deepEqual(await named(meetingA, atA), ['Forum A', ['Ann at A', 'someone']]);
      assert.deepEqual(await named(meetingA, atB), ['Forum A', ['someone', 'Bob at B']]);
      assert.deepEqual(await named(meetingB, atB), ['Forum B', ['Bob at B']]);
      assert.deepEqual(await named(meetingA, { view: null, consented: [] }), [
        'Forum A',
        ['Ann at A', 'Bob at B'],
      ]);
      assert.deepEqual(await named(meetingB, { view: [], consented: [] }), [
        'Forum B',
        ['someone'],
      ]);
    }
    assert.equal(await findMeetingPage(db, crypto.randomUUID(), atA), undefined);
  });
});

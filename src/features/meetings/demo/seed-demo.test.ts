import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stableUuid } from '#platform/seed/ids.ts';
import { demoSuite } from '#test/support/demo.ts';

const meetingId = (key: string) => stableUuid(`cyd-demo-meeting:${key}`);

/** Demo meetings: a well user-proofed forum series and a poorly proofed board meeting. */
describe('demo meetings', () => {
  const demo = demoSuite();

  const statuses = async (key: string) => {
    const { actor } = await demo.signedInDemo('organisation-admin@demo.example');
    const { results } = await demo.t.services.proofing.checklist(actor, meetingId(key));
    return { results, status: Object.fromEntries(results.map((r) => [r.check, r.status])) };
  };

  it('seeds a forum series of four and two board meetings, once', async () => {
    const { db } = demo.t.services;
    const meetings = await db.selectFrom('meetings').select(['kind', 'series_id']).execute();
    assert.equal(meetings.filter((m) => m.kind === 'forum').length, 4);
    assert.equal(new Set(meetings.filter((m) => m.series_id).map((m) => m.series_id)).size, 1);
    assert.equal(meetings.filter((m) => m.kind === 'board').length, 2);
    assert.equal((await db.selectFrom('venues').select('id').execute()).length, 2);
  });

  it('the next forum passes every user-proofing check', async () => {
    const { status } = await statuses('forum-2');
    assert.deepEqual(
      Object.entries(status).filter(([, s]) => s === 'warning'),
      [],
    );
    assert.equal(status.papers_early, 'met');
    assert.equal(status.time_suits, 'met');
    assert.equal(status.venue_access, 'met');
  });

  it('the board meeting is flagged on papers, time, venue, language, break and expenses', async () => {
    const { status, results } = await statuses('board');
    for (const check of [
      'papers_early',
      'time_suits',
      'venue_access',
      'language',
      'break',
      'expenses',
      'plain_papers',
    ])
      assert.equal(status[check], 'warning', check);
    const time = results.find((r) => r.check === 'time_suits')!;
    // the carer unavailable before 11:00 is named to the staff who may see her
    assert.ok(time.findings.some((f) => f.name === 'Glenys Cysgod'));
  });

  it('the last board meeting has minutes overdue, and the forum minutes came in time', async () => {
    assert.equal((await statuses('board-last')).status.minutes_published, 'warning');
    assert.equal((await statuses('forum-1')).status.minutes_published, 'met');
  });
});

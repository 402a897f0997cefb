import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyToUuid } from './pg-boss-backend.ts';
import { slotter } from './schedule.ts';

const at = (iso: string) => new Date(iso);

describe('job schedules', () => {
  it('puts a moment in the slot of the latest cron time at or before it', () => {
    const slot = slotter('*/15 * * * *');
    assert.equal(slot(at('2026-11-22T10:14:59.999Z')).toISOString(), '2026-11-22T10:00:00.000Z');
    assert.equal(slot(at('2026-11-22T10:15:00.000Z')).toISOString(), '2026-11-22T10:15:00.000Z');
    assert.equal(slot(at('2026-11-22T10:29:00.000Z')).toISOString(), '2026-11-22T10:15:00.000Z');
  });

  it('reads cron times in UK time by default, through the clock change', () => {
    const nineDaily = slotter('0 9 * * *');
    // British Summer Time: 09:00 in London is 08:00 UTC.
    assert.equal(nineDaily(at('2026-07-01T08:30:00Z')).toISOString(), '2026-07-01T08:00:00.000Z');
    assert.equal(nineDaily(at('2026-07-01T07:30:00Z')).toISOString(), '2026-06-30T08:00:00.000Z');
    // Winter: London is on UTC.
    assert.equal(nineDaily(at('2026-12-01T09:30:00Z')).toISOString(), '2026-12-01T09:00:00.000Z');
    const utc = slotter('0 9 * * *', 'UTC');
    assert.equal(utc(at('2026-07-01T08:30:00Z')).toISOString(), '2026-06-30T09:00:00.000Z');
  });

  it('aligns intervals to the epoch, so every instance agrees on the slot', () => {
    const slot = slotter({ everyMs: 60_000 });
    assert.equal(slot(at('2026-11-22T10:00:59.999Z')).toISOString(), '2026-11-22T10:00:00.000Z');
    assert.equal(slot(at('2026-11-22T10:01:00.000Z')).toISOString(), '2026-11-22T10:01:00.000Z');
  });

  it('refuses a bad expression or interval when the schedule is declared', () => {
    assert.throws(() => slotter('every tuesday'), /Invalid cron expression/);
    assert.throws(() => slotter('61 * * * *'), /Invalid cron expression/);
    assert.throws(() => slotter({ everyMs: 10 }), /at least 1000/);
    assert.throws(() => slotter({ everyMs: 1_500.5 }), /whole number/);
  });

  it('turns an idempotency key into the same UUID every time, and different keys apart', () => {
    const id = keyToUuid('reminders.send', 'meeting:1');
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(keyToUuid('reminders.send', 'meeting:1'), id);
    assert.notEqual(keyToUuid('reminders.send', 'meeting:2'), id);
    assert.notEqual(keyToUuid('reminders.other', 'meeting:1'), id);
  });
});

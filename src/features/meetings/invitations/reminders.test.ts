import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dueReminders, reminderTimes, ukTimeOn } from './reminders.ts';

describe('meeting reminder times', () => {
  it('puts the morning reminder at 08:00 UK time in summer and winter', () => {
    assert.equal(
      ukTimeOn(new Date('2026-07-01T17:00:00Z'), '08:00').toISOString(),
      '2026-07-01T07:00:00.000Z',
    );
    assert.equal(
      ukTimeOn(new Date('2026-12-01T17:00:00Z'), '08:00').toISOString(),
      '2026-12-01T08:00:00.000Z',
    );
  });

  it('by default reminds two days before and on the morning', () => {
    const times = reminderTimes(new Date('2026-07-03T17:00:00Z'));
    assert.deepEqual(
      times.map((t) => [t.key, t.at.toISOString()]),
      [
        ['two_days', '2026-07-01T17:00:00.000Z'],
        ['morning', '2026-07-03T07:00:00.000Z'],
      ],
    );
  });

  it('drops a morning reminder for a meeting that starts before 08:00', () => {
    const times = reminderTimes(new Date('2026-12-03T07:30:00Z'));
    assert.deepEqual(
      times.map((t) => t.key),
      ['two_days'],
    );
  });

  it('sends each reminder once and none after the start', () => {
    const start = new Date('2026-07-03T17:00:00Z');
    const now = new Date('2026-07-03T09:00:00Z');
    assert.deepEqual(
      dueReminders(start, now, new Set()).map((r) => r.key),
      ['two_days', 'morning'],
    );
    assert.deepEqual(
      dueReminders(start, now, new Set(['two_days'])).map((r) => r.key),
      ['morning'],
    );
    assert.deepEqual(dueReminders(start, now, new Set(['two_days', 'morning'])), []);
    assert.deepEqual(dueReminders(start, new Date('2026-07-03T18:00:00Z'), new Set()), []);
  });
});

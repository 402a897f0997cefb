import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { meetingTimes, seriesDates, weekOfMonth } from './rules.ts';

describe('meeting series dates', () => {
  it('repeats weekly, fortnightly and every four weeks across month ends', () => {
    assert.deepEqual(seriesDates('2027-01-26', 'weekly', 3), [
      '2027-01-26',
      '2027-02-02',
      '2027-02-09',
    ]);
    assert.deepEqual(seriesDates('2027-01-26', 'fortnightly', 2), ['2027-01-26', '2027-02-09']);
    assert.deepEqual(seriesDates('2027-12-20', 'four_weekly', 2), ['2027-12-20', '2028-01-17']);
  });

  it('keeps the nth weekday of the month (2nd Tuesday), the last one when a month has no 5th', () => {
    // 2027-01-12 is the 2nd Tuesday of January 2027
    assert.equal(weekOfMonth('2027-01-12'), 2);
    assert.deepEqual(seriesDates('2027-01-12', 'monthly_weekday', 3), [
      '2027-01-12',
      '2027-02-09',
      '2027-03-09',
    ]);
    // 2027-01-29 is the 5th Friday; February 2027 has four Fridays, the last is the 26th
    assert.deepEqual(seriesDates('2027-01-29', 'monthly_weekday', 2), ['2027-01-29', '2027-02-26']);
  });

  it('keeps the same date each month, or the last day of a shorter month, across years', () => {
    assert.deepEqual(seriesDates('2027-11-30', 'monthly_date', 4), [
      '2027-11-30',
      '2027-12-30',
      '2028-01-30',
      '2028-02-29',
    ]);
  });
});

describe('meeting times (Europe/London)', () => {
  const now = new Date('2027-01-01T12:00:00Z');

  it('stores a summer afternoon as UTC an hour earlier, a winter one unchanged', () => {
    const summer = meetingTimes('2027-07-06', '14:00', '16:00', now);
    assert.equal(summer.startsAt.toISOString(), '2027-07-06T13:00:00.000Z');
    assert.equal(summer.endsAt.toISOString(), '2027-07-06T15:00:00.000Z');
    assert.deepEqual(summer.problems, []);
    const winter = meetingTimes('2027-01-12', '09:30', '12:30', now);
    assert.equal(winter.startsAt.toISOString(), '2027-01-12T09:30:00.000Z');
  });

  it('refuses an end at or before the start, and a meeting in the past', () => {
    assert.deepEqual(meetingTimes('2027-01-12', '11:00', '10:00', now).problems, [
      'endBeforeStart',
    ]);
    assert.deepEqual(meetingTimes('2027-01-12', '11:00', '11:00', now).problems, [
      'endBeforeStart',
    ]);
    assert.deepEqual(meetingTimes('2026-12-31', '11:00', '12:00', now).problems, ['inThePast']);
  });
});

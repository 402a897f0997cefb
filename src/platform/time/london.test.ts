import assert from 'node:assert/strict';
import { test } from 'node:test';
import { londonMoment, londonParts } from './london.ts';

test('a moment is given as the UK date, time and weekday, in winter and in summer time', () => {
  assert.deepEqual(londonParts(new Date('2027-01-15T09:30:00Z')), {
    date: '2027-01-15',
    time: '09:30',
    weekday: 5,
  });
  assert.deepEqual(londonParts(new Date('2027-07-04T23:30:00Z')), {
    date: '2027-07-05',
    time: '00:30',
    weekday: 1,
  });
});

test('asking again gives the same answer, and changing an answer changes nothing', () => {
  const at = new Date('2027-03-28T00:59:00Z');
  const first = londonParts(at);
  first.time = '23:00';
  assert.deepEqual(londonParts(at), { date: '2027-03-28', time: '00:59', weekday: 7 });
  assert.deepEqual(londonParts(new Date(at)), londonParts(at));
});

test('a UK date and time is found as a moment, summer time included', () => {
  assert.equal(londonMoment('2027-01-15', '09:30').toISOString(), '2027-01-15T09:30:00.000Z');
  assert.equal(londonMoment('2027-07-05', '00:30').toISOString(), '2027-07-04T23:30:00.000Z');
  // 01:30 on the day the clocks go forward does not exist: the hour after
  assert.equal(londonMoment('2027-03-28', '01:30').toISOString(), '2027-03-28T01:30:00.000Z');
});

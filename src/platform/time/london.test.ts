import assert from 'node:assert/strict';
import { test } from 'node:test';
import { londonMoment, londonParts, partsFromIntl } from './london.ts';

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

test('every minute around the clock changes, and moments from 1900 to 2100, agree with Intl', () => {
  const moments: Date[] = [];
  // the clocks go forward on 28 March 2027 and back on 31 October 2027, at 01:00 UTC
  for (const change of ['2027-03-28T01:00:00Z', '2027-10-31T01:00:00Z']) {
    const at = Date.parse(change);
    for (let minute = -150; minute <= 150; minute++)
      moments.push(new Date(at + minute * 60_000 + 59_999), new Date(at + minute * 60_000));
  }
  let seed = 7;
  const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
  const from = Date.parse('1900-01-01T00:00:00Z');
  const to = Date.parse('2100-01-01T00:00:00Z');
  for (let i = 0; i < 5_000; i++) moments.push(new Date(from + Math.floor(random() * (to - from))));
  for (const at of moments) assert.deepEqual(londonParts(at), partsFromIntl(at), at.toISOString());
});

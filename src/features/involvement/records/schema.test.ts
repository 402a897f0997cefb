import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDayMonthYear } from '#platform/validation/dates.ts';
import { parseAttendanceForm, parseHours, parseRecordForm } from './schema.ts';

describe('involvement record rules', () => {
  it('takes hours as people write them, more than 0 and up to 500, two decimal places at most', () => {
    assert.equal(parseHours('2'), 2);
    assert.equal(parseHours('1.5'), 1.5);
    assert.equal(parseHours('0.25'), 0.25);
    assert.equal(parseHours('500'), 500);
    for (const bad of ['0', '0.00', '500.5', '-1', '1.234', 'two', '', '1e2', ' 2'])
      assert.equal(parseHours(bad), null, bad);
  });

  it('takes only real dates from the three boxes', () => {
    assert.equal(parseDayMonthYear('3', '2', '2026'), '2026-02-03');
    assert.equal(parseDayMonthYear('29', '2', '2028'), '2028-02-29');
    assert.equal(parseDayMonthYear('29', '2', '2026'), null);
    assert.equal(parseDayMonthYear('31', '4', '2026'), null);
    assert.equal(parseDayMonthYear('1', '13', '2026'), null);
    assert.equal(parseDayMonthYear('1', '1', '26'), null);
  });

  it('refuses organisations and opportunities that were not offered', () => {
    const form = {
      organisationId: 'o-2',
      opportunityId: 'x-9',
      tookPartDay: '1',
      tookPartMonth: '1',
      tookPartYear: '2026',
      hours: '1',
      rung: '8',
      level: 'service',
      method: 'survey',
      role: 'participant',
    };
    const result = parseRecordForm(form, { organisations: ['o-1'], opportunities: ['x-1'] });
    assert.equal(result.ok, false);
    assert.deepEqual(Object.keys(result.ok ? {} : result.errors).sort(), [
      'opportunityId',
      'organisationId',
      'rung',
    ]);
  });

  it('needs an answer for everyone selected, and hours only for those who took part', () => {
    const base = { tookPartDay: '1', tookPartMonth: '1', tookPartYear: '2026' };
    let result = parseAttendanceForm({ ...base, 'took-a': 'yes', 'hours-a': '' }, ['a', 'b']);
    assert.deepEqual(result.ok ? {} : result.errors, {
      'hours-a': 'records:errors.hoursMissing',
      'took-b': 'records:errors.tookPart',
    });
    result = parseAttendanceForm(
      { ...base, 'took-a': 'yes', 'hours-a': '2', 'took-b': 'no', 'hours-b': 'junk' },
      ['a', 'b'],
    );
    assert.ok(result.ok);
    assert.deepEqual(
      result.value.entries.map((e) => [e.personId, e.tookPart, e.hours]),
      [
        ['a', true, 2],
        ['b', false, null],
      ],
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addWorkingDays, isWorkingDay } from './working-days.ts';

/** England and Wales, Christmas 2026: Friday 25th and the substitute Boxing Day, Monday 28th. */
const christmas = new Set(['2026-12-25', '2026-12-28', '2027-01-01']);

describe('working days', () => {
  it('skips weekends', () => {
    // Friday + 2 working days = Tuesday
    assert.equal(addWorkingDays('2026-11-27', 2, new Set()), '2026-12-01');
    assert.equal(addWorkingDays('2026-11-30', 0, new Set()), '2026-11-30');
  });

  it('skips bank holidays across a bank-holiday weekend', () => {
    // received Thursday 24 December: Friday 25, Saturday, Sunday, Monday 28 are not working days
    assert.equal(addWorkingDays('2026-12-24', 1, christmas), '2026-12-29');
    assert.equal(addWorkingDays('2026-12-24', 2, christmas), '2026-12-30');
    // 20 working days from 24 December 2026, with New Year's Day off too
    assert.equal(addWorkingDays('2026-12-24', 20, christmas), '2027-01-26');
    assert.equal(isWorkingDay('2026-12-28', christmas), false);
    assert.equal(isWorkingDay('2026-12-29', christmas), true);
  });

  it('refuses a negative or fractional count', () => {
    assert.throws(() => addWorkingDays('2026-12-24', -1, christmas), RangeError);
    assert.throws(() => addWorkingDays('2026-12-24', 1.5, christmas), RangeError);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ageOn } from './invitation-facts.ts';

describe('age on the day of a meeting', () => {
  it('counts whole years, the birthday itself included', () => {
    assert.equal(ageOn('2001-12-04', '2026-12-04'), 25);
    assert.equal(ageOn('2001-12-05', '2026-12-04'), 24);
    assert.equal(ageOn('2008-02-29', '2026-02-28'), 17);
    assert.equal(ageOn('2008-02-29', '2026-03-01'), 18);
  });

  it('knows nothing from nothing', () => {
    assert.equal(ageOn(null, '2026-12-04'), null);
    assert.equal(ageOn('04/12/2001', '2026-12-04'), null);
  });
});

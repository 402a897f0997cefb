import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { taxYearDays, taxYearOf } from './tax-year.ts';

describe('tax years', () => {
  it('start on 6 April', () => {
    assert.equal(taxYearOf('2026-04-05'), 2025);
    assert.equal(taxYearOf('2026-04-06'), 2026);
    assert.equal(taxYearOf('2026-01-01'), 2025);
    assert.equal(taxYearOf('2026-12-31'), 2026);
    assert.deepEqual(taxYearDays(2025), { from: '2025-04-06', to: '2026-04-05' });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { suppress } from './suppress.ts';

const table = (...counts: number[]) => counts.map((count, i) => ({ key: `k${i}`, count }));
const shown = (result: ReturnType<typeof suppress>) => result.cells.map((c) => c.count);

describe('suppress (small-number disclosure control)', () => {
  it('shows every count of 5 or more and zeros', () => {
    const result = suppress(table(5, 0, 12, 100));
    assert.deepEqual(shown(result), [5, 0, 12, 100]);
    assert.equal(result.total, 117);
    assert.ok(result.cells.every((c) => c.suppressed === null));
  });

  it('suppresses every count from 1 to 4', () => {
    for (const n of [1, 2, 3, 4]) {
      const result = suppress(table(20, n, 30, 3));
      assert.equal(result.cells[1]!.count, null, `${n} is hidden`);
      assert.equal(result.cells[1]!.suppressed, 'primary');
    }
  });

  it('suppresses the smallest other cell when exactly one cell is suppressed', () => {
    const result = suppress(table(40, 2, 9, 15, 0));
    assert.deepEqual(shown(result), [40, null, null, 15, 0]);
    assert.equal(result.cells[2]!.suppressed, 'secondary');
    assert.equal(result.total, 66);
    // the hidden cell cannot be worked out from the total and what is shown
    const known = result.cells.reduce((sum, c) => sum + (c.count ?? 0), 0);
    assert.equal((result.total ?? 0) - known, 11, 'only the sum of two hidden cells is known');
  });

  it('adds no secondary suppression when two or more cells are already hidden', () => {
    const result = suppress(table(50, 1, 3, 20));
    assert.deepEqual(shown(result), [50, null, null, 20]);
    assert.ok(result.cells.every((c) => c.suppressed !== 'secondary'));
  });

  it('does not pick a zero cell as the secondary one', () => {
    const result = suppress(table(0, 4, 0, 30, 7));
    assert.deepEqual(shown(result), [0, null, 0, 30, null]);
  });

  it('hides a total from 1 to 4 and every non-zero cell with it', () => {
    const result = suppress(table(3, 0, 1));
    assert.equal(result.total, null);
    assert.ok(result.totalSuppressed);
    assert.deepEqual(shown(result), [null, 0, null]);
  });

  it('uses the given total for overlapping cells', () => {
    const result = suppress(table(8, 6, 2), { total: 10 });
    assert.equal(result.total, 10);
    assert.deepEqual(shown(result), [8, null, null]);
  });

  it('never shows a count from 1 to 4 whatever the table', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647) * 12;
    for (let run = 0; run < 500; run += 1) {
      const counts = table(...Array.from({ length: 1 + (run % 7) }, () => Math.floor(random())));
      const result = suppress(counts);
      for (const cell of result.cells)
        assert.ok(cell.count === null || cell.count === 0 || cell.count >= 5);
      const hidden = result.cells.filter((c) => c.count === null).length;
      if (result.total !== null)
        assert.notEqual(hidden, 1, `one hidden cell could be recovered: ${JSON.stringify(counts)}`);
      assert.ok(result.total === null || result.total === 0 || result.total >= 5);
    }
  });
});

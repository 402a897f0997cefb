import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatPence, parsePounds, poundsField } from './pence.ts';

test('pounds as people type them are read as whole pence', () => {
  assert.equal(parsePounds('12'), 1200);
  assert.equal(parsePounds('12.5'), 1250);
  assert.equal(parsePounds(' £0.45 '), 45);
  assert.equal(parsePounds('£1,200.99'), 120099);
  assert.equal(parsePounds('0'), 0);
});

test('what is not an amount of pounds is refused', () => {
  for (const text of ['', 'ten', '12.345', '-5', '1e3', '12.', '.5', '£', '1,20'])
    assert.equal(parsePounds(text), null, text);
  assert.equal(parsePounds('1001', 100000), null);
});

test('pence are shown as pounds in either language, and put back in a form field', () => {
  assert.equal(formatPence(1250, 'en'), '£12.50');
  assert.equal(formatPence(45, 'cy'), '£0.45');
  assert.equal(poundsField(1250), '12.50');
  assert.equal(poundsField(null), '');
});

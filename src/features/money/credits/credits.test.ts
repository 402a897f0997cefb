import assert from 'node:assert/strict';
import { test } from 'node:test';
import { creditsField, creditsForHours, formatCredits, parseCredits } from './credits.ts';

test('credits as people type them are read in hundredths, whole or half', () => {
  assert.equal(parseCredits('3'), 300);
  assert.equal(parseCredits('1.5'), 150);
  assert.equal(parseCredits(' 2½ '), 250);
  assert.equal(parseCredits('.5'), 50);
  assert.equal(parseCredits('4.0'), 400);
  assert.equal(parseCredits('0'), 0);
});

test('what is not a whole or half credit is refused', () => {
  for (const text of ['', 'three', '1.25', '-2', '1e3', '2.', '99999', '1,5'])
    assert.equal(parseCredits(text), null, text);
  assert.equal(parseCredits('11', 1000), null);
});

test('hundredths are shown as credits', () => {
  assert.equal(formatCredits(300), '3');
  assert.equal(formatCredits(150), '1.5');
  assert.equal(formatCredits(-50), '-0.5');
  assert.equal(formatCredits(125), '1.25');
  assert.equal(formatCredits(0), '0');
  assert.equal(creditsField(null), '');
  assert.equal(creditsField(250), '2.5');
});

test('credits earned are hours times the rate, in integers', () => {
  assert.equal(creditsForHours(200, 100), 200); // 2 hours at 1 an hour: 2 credits
  assert.equal(creditsForHours(150, 100), 150); // 1.5 hours: 1.5 credits
  assert.equal(creditsForHours(75, 150), 113); // 0.75 hours at 1.5: 1.125, rounded to 1.13
  assert.equal(creditsForHours(300, 50), 150); // 3 hours at half a credit
  assert.equal(creditsForHours(1, 50), 1); // 0.01 hours at 0.5: 0.005, rounded up to 0.01
});

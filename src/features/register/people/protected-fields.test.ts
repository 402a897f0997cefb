import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import {
  isUkMobile,
  lookupHash,
  normaliseEmail,
  normalisePostcode,
  normaliseUkPhone,
  protect,
  reveal,
} from './protected-fields.ts';

const key = crypto.randomBytes(32);

describe('protected person fields', () => {
  it('encrypts bound to the person and column', () => {
    const stored = protect(key, 'phone', 'p1', '+447700900123')!;
    assert.doesNotMatch(stored, /7700900123/);
    assert.equal(reveal(key, 'phone', 'p1', stored), '+447700900123');
    assert.throws(() => reveal(key, 'phone', 'p2', stored));
    assert.throws(() => reveal(key, 'email', 'p1', stored));
    assert.equal(protect(key, 'phone', 'p1', ''), null);
  });
  it('normalises and checks UK phone numbers', () => {
    assert.equal(normaliseUkPhone('07700 900123'), '+447700900123');
    assert.equal(normaliseUkPhone('+44 7700 900123'), '+447700900123');
    assert.equal(normaliseUkPhone('029 2018 0000'), '+442920180000');
    assert.equal(normaliseUkPhone('12345'), null);
    assert.equal(normaliseUkPhone('+1 202 555 0100'), null);
    assert.equal(isUkMobile('+447700900123'), true);
    assert.equal(isUkMobile('+442920180000'), false);
  });
  it('normalises e-mails and postcodes, and hashes look-ups stably', () => {
    assert.equal(normaliseEmail('  Gwen@Example.ORG '), 'gwen@example.org');
    assert.equal(normalisePostcode('cf10 1aa'), 'CF10 1AA');
    assert.equal(normalisePostcode('LL571UT'), 'LL57 1UT');
    assert.equal(normalisePostcode('not a postcode'), null);
    assert.equal(lookupHash(key, 'email', 'a@b.c'), lookupHash(key, 'email', 'a@b.c'));
    assert.notEqual(lookupHash(key, 'email', 'a@b.c'), lookupHash(key, 'phone', 'a@b.c'));
  });
});

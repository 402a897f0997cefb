import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPassword, hashPassword, verifyPassword } from './passwords.ts';

describe('passwords', () => {
  it('hashes with argon2id and verifies', async () => {
    const hashed = await hashPassword('a long enough passphrase');
    assert.match(hashed, /^\$argon2id\$/);
    assert.equal(await verifyPassword(hashed, 'a long enough passphrase'), true);
    assert.equal(await verifyPassword(hashed, 'wrong passphrase here'), false);
    assert.equal(await verifyPassword('not a hash', 'x'), false);
  });
  it('rejects short, common and breached passwords but sets no composition rules', () => {
    assert.equal(checkPassword('short'), 'tooShort');
    assert.equal(checkPassword('password123'), 'common');
    assert.equal(checkPassword('qwertyuiop'), 'common');
    assert.equal(checkPassword('aaaaaaaaaaaa'), 'common');
    assert.equal(checkPassword('gwen.jones.2026', 'gwen.jones@example.org'), 'containsEmail');
    assert.equal(checkPassword('correct horse battery staple'), null);
    assert.equal(checkPassword('x'.repeat(200)), 'tooLong');
  });
});

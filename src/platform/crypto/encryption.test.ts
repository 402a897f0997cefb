import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { DecryptionError, decrypt, encrypt, keyId, needsReencryption } from './encryption.ts';

const oldKey = crypto.randomBytes(32);
const newKey = crypto.randomBytes(32);

describe('encryption', () => {
  it('round-trips text, with a fresh IV each time and the key id as prefix', () => {
    const a = encrypt('Gwen ap Rhys, 07700 900123', oldKey);
    const b = encrypt('Gwen ap Rhys, 07700 900123', oldKey);
    assert.notEqual(a, b);
    assert.ok(a.startsWith(`v1.${keyId(oldKey)}.`));
    assert.equal(decrypt(a, oldKey), 'Gwen ap Rhys, 07700 900123');
    assert.equal(decrypt(encrypt('', oldKey), oldKey), '');
  });

  it('decrypts with an older key after rotation and says what needs re-encrypting', () => {
    const written = encrypt('secret', oldKey);
    const ring = [newKey, oldKey];
    assert.equal(decrypt(written, ring), 'secret');
    assert.equal(needsReencryption(written, ring), true);
    const rewritten = encrypt(decrypt(written, ring), ring);
    assert.equal(needsReencryption(rewritten, ring), false);
    assert.throws(() => decrypt(written, newKey), DecryptionError);
  });

  it('refuses altered values and values moved to another context', () => {
    const value = encrypt('secret', oldKey, 'accounts.totp_secret:1');
    assert.throws(() => decrypt(value, oldKey, 'accounts.totp_secret:2'), DecryptionError);
    const tampered = value.slice(0, -2) + (value.endsWith('A') ? 'BB' : 'AA');
    assert.throws(() => decrypt(tampered, oldKey, 'accounts.totp_secret:1'), DecryptionError);
    assert.throws(() => decrypt('plain text', oldKey), DecryptionError);
    assert.throws(() => decrypt(`v1.${keyId(oldKey)}.abc`, oldKey), DecryptionError);
    assert.throws(() => encrypt('x', Buffer.alloc(16)), /32 bytes/);
  });
});

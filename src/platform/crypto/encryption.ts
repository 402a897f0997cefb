import crypto from 'node:crypto';

/**
 * Field-level encryption with AES-256-GCM (architecture.md: "personal contact fields encrypted
 * at application level, key from config, rotatable").
 *
 * A stored value looks like `v1.<key id>.<base64url(iv | tag | ciphertext)>`. The key id is the
 * first 8 bytes of SHA-256 of the key, so several keys can be held at once: encrypt with the
 * first (current) key, decrypt with whichever key wrote the value, then re-encrypt values that
 * `needsReencryption` says were written with an older key.
 *
 * `context` is bound to the ciphertext as associated data (e.g. `accounts.totp_secret:<id>`):
 * a value copied into another row or column does not decrypt.
 */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** One 32-byte key, or several with the current key first. */
export type KeyRing = Buffer | readonly Buffer[];

export class DecryptionError extends Error {
  constructor(message = 'The value could not be decrypted') {
    super(message);
    this.name = 'DecryptionError';
  }
}

const keysOf = (keys: KeyRing): readonly Buffer[] => (Buffer.isBuffer(keys) ? [keys] : keys);

function check(key: Buffer) {
  if (key.length !== 32) throw new Error('An AES-256-GCM key must be 32 bytes');
  return key;
}

/** The public, non-secret identifier of a key. */
export const keyId = (key: Buffer) =>
  crypto.createHash('sha256').update(check(key)).digest('hex').slice(0, 16);

export function encrypt(plaintext: string, keys: KeyRing, context = ''): string {
  const key = keysOf(keys)[0];
  if (!key) throw new Error('No encryption key');
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', check(key), iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const payload = Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
  return `${VERSION}.${keyId(key)}.${payload}`;
}

export function decrypt(value: string, keys: KeyRing, context = ''): string {
  const [version, id, payload, extra] = value.split('.');
  if (version !== VERSION || !id || payload === undefined || extra !== undefined)
    throw new DecryptionError('Not an encrypted value');
  const key = keysOf(keys).find((k) => keyId(k) === id);
  if (!key) throw new DecryptionError('The key that encrypted this value is not configured');
  const bytes = Buffer.from(payload, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new DecryptionError('Truncated value');
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new DecryptionError('The value was altered or the context does not match');
  }
}

/** Was this value written with a key other than the current one? (for re-encryption jobs) */
export function needsReencryption(value: string, keys: KeyRing): boolean {
  const current = keysOf(keys)[0];
  return !current || value.split('.')[1] !== keyId(current);
}

import crypto from 'node:crypto';

/** 128 bits or more of randomness, URL-safe. */
export const randomToken = (bytes = 24) => crypto.randomBytes(bytes).toString('base64url');

/** Tokens are stored hashed so a database leak does not hand out live sessions or links. */
export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export function safeEqual(a: string, b: string) {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

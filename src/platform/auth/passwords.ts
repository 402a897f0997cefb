import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

/** argon2id with OWASP's recommended minimum cost (19 MiB, 2 iterations). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- see below
const ARGON2ID = 2 as Algorithm; // Algorithm.Argon2id (a const enum, not importable as a value)
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;

export const hashPassword = (password: string) => hash(password, OPTIONS);

export async function verifyPassword(passwordHash: string, password: string) {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** About 49,000 of the most common passwords seen in breaches (zxcvbn-ts's list). */
const common = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

export type PasswordProblem = 'tooShort' | 'tooLong' | 'common' | 'containsEmail';

/**
 * NIST SP 800-63B style: a length range and a breached/common list, no composition rules.
 * Returns the problem (a translation key suffix) or null.
 */
export function checkPassword(password: string, email?: string): PasswordProblem | null {
  const length = Array.from(password).length; // code points, as a person counts characters
  if (length < MIN_PASSWORD_LENGTH) return 'tooShort';
  if (length > MAX_PASSWORD_LENGTH) return 'tooLong';
  const lower = password.toLowerCase();
  const stripped = lower.replace(/[\d\W_]+$/u, '');
  if (common.has(lower) || common.has(stripped) || /^(.)\1+$/u.test(password)) return 'common';
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'containsEmail';
  return null;
}

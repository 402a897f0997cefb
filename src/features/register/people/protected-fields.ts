import crypto from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { decrypt, encrypt, type KeyRing } from '#platform/crypto/encryption.ts';

/**
 * Personal contact fields of people on the register: encrypted at rest (AES-256-GCM, bound to
 * the person and column), with HMAC look-up values of normalised phone numbers, e-mail addresses
 * and name + date of birth so duplicates and portal sign-in can be found without decrypting.
 */
export type ProtectedColumn =
  'legal_name' | 'date_of_birth' | 'phone' | 'email' | 'address' | 'supporter_name';

const context = (column: ProtectedColumn, personId: string) => `people.${column}:${personId}`;

export function protect(
  keys: KeyRing,
  column: ProtectedColumn,
  personId: string,
  value: string | null | undefined,
) {
  return value ? encrypt(value, keys, context(column, personId)) : null;
}

export function reveal(
  keys: KeyRing,
  column: ProtectedColumn,
  personId: string,
  value: string | null | undefined,
) {
  return value ? decrypt(value, keys, context(column, personId)) : null;
}

/** A look-up key derived from the current encryption key: never the key itself. */
function lookupKey(keys: KeyRing) {
  const key = Buffer.isBuffer(keys) ? keys : keys[0];
  if (!key) throw new Error('No encryption key');
  return crypto.createHmac('sha256', key).update('cyd people lookup v1').digest();
}

export function lookupHash(keys: KeyRing, kind: 'phone' | 'email' | 'dedupe', normalised: string) {
  return crypto.createHmac('sha256', lookupKey(keys)).update(`${kind}:${normalised}`).digest('hex');
}

/**
 * Ofcom's ranges reserved for drama (07700 900xxx mobile; 01632 960xxx, 020 7946 0xxx,
 * 029 2018 0xxx landline): never anyone's real number, so demo data and tests use them.
 * libphonenumber treats them as unassigned.
 */
const DRAMA_MOBILE = /^\+447700900\d{3}$/;
const DRAMA_LANDLINE = /^\+44(1632960\d{3}|2079460\d{3}|2920180\d{3})$/;

/** A UK phone number in E.164 form (+447700900123), or null when it is not a valid UK number. */
export function normaliseUkPhone(input: string): string | null {
  const phone = parsePhoneNumberFromString(input.trim(), 'GB');
  if (!phone || phone.countryCallingCode !== '44') return null;
  if (DRAMA_MOBILE.test(phone.number) || DRAMA_LANDLINE.test(phone.number)) return phone.number;
  if (!phone.isValid() || phone.country !== 'GB') return null;
  return phone.number;
}

/** Is this a mobile number (so it can receive SMS)? */
export function isUkMobile(e164: string) {
  if (DRAMA_MOBILE.test(e164)) return true;
  return parsePhoneNumberFromString(e164, 'GB')?.getType() === 'MOBILE';
}

export const normaliseEmail = (input: string) => input.trim().toLowerCase();

/** Name + date of birth, for duplicate detection ("same name and date of birth"). */
export const normaliseNameAndBirth = (name: string, dateOfBirth: string) =>
  `${name.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ')}|${dateOfBirth}`;

/** UK postcode shape (BS 7666), normalised to upper case with one space. */
export function normalisePostcode(input: string): string | null {
  const compact = input.replace(/\s+/g, '').toUpperCase();
  if (
    !/^(GIR0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])[0-9][ABD-HJLNP-UW-Z]{2})$/.test(
      compact,
    )
  )
    return null;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

import type { Account } from '../db/schema.ts';
import type { Recipient } from './notifier.ts';

/**
 * A member of staff as a recipient: by e-mail, in the language on their account (the Welsh
 * Language Standards: the choice they made is used from then on).
 */
export function staffRecipient(
  account: Pick<Account, 'email' | 'language'>,
  organisationId: string | null = null,
): Recipient {
  return { channel: 'email', address: account.email, language: account.language, organisationId };
}

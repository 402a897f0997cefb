import { z } from 'zod';
import { isUkMobile, normaliseUkPhone } from '#features/register';

const email = z.email();

/**
 * Contact details left with anonymous feedback, as a way to send the outcome: an e-mail address,
 * or a UK mobile number (texts). Null when they are neither (the form asks again).
 */
export function contactRoute(text: string): { channel: 'email' | 'sms'; address: string } | null {
  const value = text.trim();
  if (value.includes('@'))
    return email.safeParse(value).success ? { channel: 'email', address: value } : null;
  const phone = normaliseUkPhone(value);
  return phone && isUkMobile(phone) ? { channel: 'sms', address: phone } : null;
}

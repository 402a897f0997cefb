import { z } from 'zod';
import { invalid, ok, type Issue, type Result } from '#platform/validation/index.ts';
import { isUkMobile, normaliseEmail, normaliseUkPhone } from '../people/protected-fields.ts';

/**
 * Validation of the portal's own forms (sign-in, code, language, requests). The record's
 * sections are validated by the people feature's schemas. Messages are translation keys.
 */
const key = (k: string) => `portal:errors.${k}`;

export interface SignInContact {
  channel: 'sms' | 'email';
  /** E.164 mobile number or lower-case e-mail address. */
  value: string;
}

/** A mobile number (for a text) or an e-mail address: what the person typed decides the channel. */
export function parseSignIn(form: Record<string, unknown>): Result<SignInContact> {
  const raw = typeof form.contact === 'string' ? form.contact.trim() : '';
  if (!raw) return invalid('contact', key('contact.required'));
  if (raw.length > 254) return invalid('contact', key('contact.invalid'));
  if (raw.includes('@')) {
    const email = normaliseEmail(raw);
    if (!z.email().safeParse(email).success) return invalid('contact', key('contact.invalid'));
    return ok({ channel: 'email', value: email });
  }
  const phone = normaliseUkPhone(raw);
  if (!phone) return invalid('contact', key('contact.invalid'));
  if (!isUkMobile(phone)) return invalid('contact', key('contact.notMobile'));
  return ok({ channel: 'sms', value: phone });
}

/** Six digits; spaces and dashes people copy from a message are ignored. */
export function parseCode(form: Record<string, unknown>): Result<string> {
  const raw = typeof form.code === 'string' ? form.code.replace(/[\s-]/g, '') : '';
  if (!raw) return invalid('code', key('code.required'));
  if (!/^\d{6}$/.test(raw)) return invalid('code', key('code.format'));
  return ok(raw);
}

export const languageForm = z.object({
  language: z.enum(['en', 'cy'], { error: key('language.required') }),
});

export const requestForm = z.object({
  kind: z.enum(['pause', 'remove'], { error: key('kind.required') }),
  note: z
    .string()
    .default('')
    .transform((v) => v.trim().replace(/\s+/g, ' '))
    .pipe(z.string().max(500, key('note.tooLong')))
    .transform((v) => v || null),
});

export const consentChange = z.object({
  purpose: z.enum(['contact', 'share_deidentified', 'share_identified', 'equality', 'media']),
  change: z.enum(['give', 'withdraw']),
});

export function validate<T>(schema: z.ZodType<T>, input: unknown): Result<T> {
  const result = schema.safeParse(input);
  if (result.success) return ok(result.data);
  const issues: Issue[] = result.error.issues.map((issue) => ({
    field: String(issue.path[0] ?? 'form'),
    message: issue.message.startsWith('portal:') ? issue.message : key('invalid'),
  }));
  return { ok: false, issues };
}

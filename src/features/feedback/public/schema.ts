import { z } from 'zod';
import { failed, ok, type Form, type Issue, type Result } from '#platform/validation/index.ts';
import { contactRoute } from '../items/contact.ts';
import { feedbackKinds } from '../items/tables.ts';
import type { AnonymousFeedback } from './service.ts';
import { trimmedField as text } from '#platform/validation/form.ts';

/** The longest feedback (a story may be long) and contact details. */
export const MAX_BODY = 10_000;
const MAX_CONTACT = 200;

export const codeParams = z.object({ code: z.string().regex(/^[a-hjkmnp-z2-9]{5,8}$/) });

/** The honeypot: a field people never see or fill in; anything in it is a robot. */
export const HONEYPOT = 'website';

/** The public form: what kind, what they want to say, how to tell them (optional). */
export function parseFeedbackForm(form: Form, language: 'en' | 'cy'): Result<AnonymousFeedback> {
  const issues: Issue[] = [];
  const kind = feedbackKinds.find((k) => k === text(form, 'kind'));
  if (!kind) issues.push({ field: 'kind', message: 'feedback:errors.kind' });
  // line endings as typed, but never more than the limit (in characters as people count them)
  const body = typeof form.body === 'string' ? form.body.replace(/\r\n/g, '\n').trim() : '';
  if (!body) issues.push({ field: 'body', message: 'feedback:errors.body' });
  else if (Array.from(new Intl.Segmenter().segment(body)).length > MAX_BODY)
    issues.push({ field: 'body', message: 'feedback:errors.bodyLong' });
  const contact = text(form, 'contact');
  if (contact.length > MAX_CONTACT)
    issues.push({ field: 'contact', message: 'feedback:errors.contactLong' });
  else if (contact && !contactRoute(contact))
    issues.push({ field: 'contact', message: 'feedback:errors.contact' });
  if (issues.length) return failed(issues);
  return ok({ kind: kind!, body, language, contact: contact || null });
}

/** A receipt code as typed: upper case, spaces and dashes ignored. */
export function parseReceiptCode(value: unknown) {
  if (typeof value !== 'string') return null;
  const code = value.toUpperCase().replace(/[\s-]/g, '');
  return /^[A-HJ-NP-Z2-9]{8}$/.test(code) ? code : null;
}

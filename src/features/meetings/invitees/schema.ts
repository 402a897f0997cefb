import { z } from 'zod';
import { issuesOf, ok, failed, type Form, type Result } from '#platform/validation/index.ts';
import { inviteeRoles } from '../tables.ts';
import type { GuestInput, RoleInput } from './service.ts';

/** The invitee forms, validated at the edge; messages are translation keys. */

const list = (value: unknown): unknown[] =>
  Array.isArray(value) ? (value as unknown[]) : typeof value === 'string' && value ? [value] : [];

/** "I have checked this person belongs to the group" (a closed group Cyd cannot check). */
export const confirmedOf = (form: Form) => form.confirmGroup === 'yes';

const searchSchema = z.object({
  q: z
    .string()
    .optional()
    .transform((v) => (v ?? '').normalize('NFC').trim())
    .pipe(z.string().max(100, 'invitees:errors.searchTooLong')),
});

/** The name searched for ('' for none). */
export function parseSearch(form: Form): Result<string> {
  const parsed = searchSchema.safeParse(form);
  return parsed.success ? ok(parsed.data.q) : failed(issuesOf(parsed.error));
}

const peopleSchema = z.object({
  personIds: z.preprocess(
    list,
    z
      .array(z.guid({ error: 'invitees:errors.nobodyChosen' }))
      .min(1, 'invitees:errors.nobodyChosen'),
  ),
});

/** The people ticked in the search results. */
export function parsePeople(form: Form): Result<string[]> {
  const parsed = peopleSchema.safeParse(form);
  return parsed.success ? ok(parsed.data.personIds) : failed(issuesOf(parsed.error));
}

const staffSchema = z.object({
  accountId: z.guid({ error: 'invitees:errors.staff' }),
});

export function parseStaff(form: Form): Result<string> {
  const parsed = staffSchema.safeParse(form);
  return parsed.success ? ok(parsed.data.accountId) : failed(issuesOf(parsed.error));
}

const guestSchema = z.object({
  guestName: z
    .string({ error: 'invitees:errors.guestName' })
    .trim()
    .min(1, 'invitees:errors.guestName')
    .max(100, 'invitees:errors.guestNameTooLong'),
  guestEmail: z
    .string({ error: 'invitees:errors.guestEmail' })
    .trim()
    .min(1, 'invitees:errors.guestEmail')
    .max(254, 'invitees:errors.guestEmailInvalid')
    .pipe(z.email({ error: 'invitees:errors.guestEmailInvalid' })),
});

export function parseGuest(form: Form): Result<GuestInput> {
  const parsed = guestSchema.safeParse(form);
  return parsed.success ? ok(parsed.data) : failed(issuesOf(parsed.error));
}

const roleSchema = z.object({
  role: z.enum(inviteeRoles, { error: 'invitees:errors.role' }),
  backupFor: z
    .string()
    .optional()
    .transform((v) => v || null)
    .pipe(z.guid({ error: 'invitees:errors.backupFor' }).nullable()),
});

export function parseRole(form: Form): Result<RoleInput> {
  const parsed = roleSchema.safeParse(form);
  if (!parsed.success) return failed(issuesOf(parsed.error));
  const { role, backupFor } = parsed.data;
  return ok({ role, backupFor: role === 'backup' ? backupFor : null });
}

import { z } from 'zod';
import { checkPassword, MAX_PASSWORD_LENGTH } from '#platform/auth/passwords.ts';
import { roles } from '#platform/db/schema.ts';
import { languages } from '#platform/i18n/i18n.ts';

/**
 * Validation at the edge for every accounts form. Messages are translation keys in
 * locales/<lang>/accounts.json; `validate` returns the first problem of each field.
 */
const key = (k: string) => `accounts:errors.${k}`;

export const MAX_NAME_LENGTH = 200;
export const MAX_EMAIL_LENGTH = 320;
export const PAGE_SIZE = 25;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && uuid.test(value);

const email = z
  .string({ error: key('email.required') })
  .trim()
  .toLowerCase()
  .min(1, key('email.required'))
  .max(MAX_EMAIL_LENGTH, key('email.tooLong'))
  .pipe(z.email({ error: key('email.invalid') }));

/** A password as typed: never trimmed (spaces are allowed and count). */
const typedPassword = (required: string) =>
  z
    .string({ error: key(required) })
    .min(1, key(required))
    .max(MAX_PASSWORD_LENGTH * 4, key('password.tooLong'));

export const signInSchema = z.object({
  email,
  password: typedPassword('password.requiredSignIn'),
});

export const forgotPasswordSchema = z.object({ email });

/** A six-digit code; spaces people copy from their app are ignored. */
export const codeSchema = z.object({
  code: z
    .string({ error: key('code.required') })
    .transform((v) => v.replace(/[\s-]/g, ''))
    .pipe(
      z
        .string()
        .min(1, key('code.required'))
        .regex(/^\d{6}$/, key('code.format')),
    ),
});

/** New password + confirmation, checked against the common-password list (no composition rules). */
export function newPasswordSchema(accountEmail: string) {
  return z
    .object({
      password: typedPassword('password.required'),
      confirmPassword: z.string({ error: key('confirmPassword.required') }),
    })
    .superRefine((value, ctx) => {
      const problem = checkPassword(value.password, accountEmail);
      if (problem)
        ctx.addIssue({ code: 'custom', path: ['password'], message: key(`password.${problem}`) });
      else if (value.confirmPassword !== value.password)
        ctx.addIssue({
          code: 'custom',
          path: ['confirmPassword'],
          message: key('confirmPassword.mismatch'),
        });
    });
}

export function changePasswordSchema(accountEmail: string) {
  return z
    .object({ currentPassword: typedPassword('currentPassword.required') })
    .and(newPasswordSchema(accountEmail));
}

export const languageSchema = z.object({
  language: z.enum(languages, { error: key('language.required') }),
});

export const inviteSchema = z.object({
  name: z
    .string({ error: key('name.required') })
    .trim()
    .min(1, key('name.required'))
    .max(MAX_NAME_LENGTH, key('name.tooLong')),
  email,
  organisationId: z
    .string({ error: key('organisation.required') })
    .refine((v) => v !== '', key('organisation.required'))
    .refine(isUuid, key('organisation.required')),
  role: z.enum(roles, { error: key('role.required') }),
  language: z.enum(languages, { error: key('language.required') }),
});
export type InviteInput = z.infer<typeof inviteSchema>;

export const membershipSchema = z.object({
  organisationId: z
    .string({ error: key('organisation.required') })
    .refine(isUuid, key('organisation.required')),
  role: z.enum(roles, { error: key('role.required') }),
});

export const statuses = ['active', 'invited', 'disabled'] as const;
export type StaffStatus = (typeof statuses)[number];

const optionalText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : undefined),
    z.string().max(max).optional(),
  );

/** Query string of the staff list: anything odd is ignored rather than refused. */
export const staffFiltersSchema = z.object({
  q: optionalText(MAX_EMAIL_LENGTH).catch(undefined),
  organisation: z.string().refine(isUuid).optional().catch(undefined),
  role: z.enum(roles).optional().catch(undefined),
  status: z.enum(statuses).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type StaffFilters = z.infer<typeof staffFiltersSchema>;

export type Validated<T> = { ok: true; data: T } | { ok: false; errors: Record<string, string> };

/** Runs a schema; on failure returns the first message (a translation key) of each field. */
export function validate<T>(schema: z.ZodType<T>, input: unknown): Validated<T> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message.startsWith('accounts:') ? issue.message : key('invalid');
  }
  return { ok: false, errors };
}

import { z } from 'zod';
import { invalid, ok, type Form, type Result } from '#platform/validation/index.ts';
import {
  ageBands,
  consentMethods,
  consentPurposes,
  formats,
  personChannels,
  personKinds,
} from '../../tables.ts';
import {
  isUkMobile,
  normaliseEmail,
  normalisePostcode,
  normaliseUkPhone,
} from '../protected-fields.ts';
import {
  dateFromParts,
  key,
  optionalText,
  pick,
  requiredText,
  safeContactRules,
  staffConsentMethods,
  timeFromText,
  todayIso,
  yesNo,
} from './fields.ts';

/** The question pages of registering someone, and everything needed to register them. */

export const kindStep = z.object({
  kind: z.enum(personKinds, { error: key('kind.required') }),
});

export const nameStep = z.object({
  displayName: requiredText('displayName', 100),
  legalName: optionalText('legalName', 200),
});

export const ageStep = z
  .object({
    dobDay: z.string().default(''),
    dobMonth: z.string().default(''),
    dobYear: z.string().default(''),
    ageBand: z
      .enum([...ageBands, ''])
      .default('')
      .catch(''),
  })
  .transform((value, ctx) => {
    const dateOfBirth = dateFromParts(value.dobDay, value.dobMonth, value.dobYear);
    if (dateOfBirth === 'invalid') {
      ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: key('dateOfBirth.invalid') });
      return z.NEVER;
    }
    if (dateOfBirth !== null && dateOfBirth > todayIso()) {
      ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: key('dateOfBirth.future') });
      return z.NEVER;
    }
    return {
      dateOfBirth,
      ageBand: dateOfBirth ? ageBandOf(dateOfBirth) : value.ageBand === '' ? null : value.ageBand,
    };
  });

/** The age band a date of birth falls in today. */
export function ageBandOf(dateOfBirth: string, today = todayIso()): (typeof ageBands)[number] {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const age = ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
  if (age < 18) return 'under_18';
  if (age < 25) return '18_24';
  if (age < 35) return '25_34';
  if (age < 45) return '35_44';
  if (age < 55) return '45_54';
  if (age < 65) return '55_64';
  return '65_plus';
}

export const organisationStep = z.object({
  organisationId: z.guid({ error: key('organisationId.required') }),
});

export const languageStep = z
  .object({
    preferredLanguage: z.enum(['en', 'cy'], { error: key('preferredLanguage.required') }),
    speaksWelsh: yesNo,
    formats: pick(formats).default([]),
    interpreterLanguage: optionalText('interpreterLanguage', 100),
  })
  .superRefine((value, ctx) => {
    if (value.formats.includes('interpreter') && !value.interpreterLanguage)
      ctx.addIssue({
        code: 'custom',
        path: ['interpreterLanguage'],
        message: key('interpreterLanguage.required'),
      });
  })
  .transform((value) => ({
    ...value,
    interpreterLanguage: value.formats.includes('interpreter') ? value.interpreterLanguage : null,
  }));

export interface Address {
  lines: string;
  postcode: string;
}

type IssueAt = (path: string, message: string) => void;

/** The phone number, e-mail address and postal address, normalised (null where not given). */
function contactDetails(
  value: { phone: string; email: string; addressLines: string | null; postcode: string },
  issue: IssueAt,
) {
  let phone: string | null = null;
  if (value.phone) {
    if (value.phone.length > 30) issue('phone', 'phone.invalid');
    else {
      phone = normaliseUkPhone(value.phone);
      if (!phone) issue('phone', 'phone.invalid');
    }
  }
  let email: string | null = null;
  if (value.email) {
    if (value.email.length > 254) issue('email', 'email.tooLong');
    else if (!z.email().safeParse(value.email).success) issue('email', 'email.invalid');
    else email = normaliseEmail(value.email);
  }
  let address: Address | null = null;
  if (value.postcode || value.addressLines) {
    if (!value.addressLines) issue('addressLines', 'addressLines.required');
    const postcode = value.postcode.length > 10 ? null : normalisePostcode(value.postcode);
    if (!value.postcode) issue('postcode', 'postcode.required');
    else if (!postcode) issue('postcode', 'postcode.invalid');
    if (value.addressLines && postcode) address = { lines: value.addressLines, postcode };
  }
  return { phone, email, address };
}

export const contactStep = z
  .object({
    phone: z
      .string()
      .default('')
      .transform((v) => v.trim()),
    email: z
      .string()
      .default('')
      .transform((v) => v.trim()),
    addressLines: optionalText('addressLines', 500, true),
    postcode: z
      .string()
      .default('')
      .transform((v) => v.trim()),
    channel1: z.string().default(''),
    channel2: z.string().default(''),
    channel3: z.string().default(''),
    safe: pick(safeContactRules).default([]),
    quietFrom: z.string().default(''),
    quietTo: z.string().default(''),
  })
  .transform((value, ctx) => {
    const issue: IssueAt = (path, message) =>
      ctx.addIssue({ code: 'custom', path: [path], message: key(message) });
    const { phone, email, address } = contactDetails(value, issue);
    const channels = [
      ...new Set(
        [value.channel1, value.channel2, value.channel3].filter(
          (c): c is (typeof personChannels)[number] =>
            (personChannels as readonly string[]).includes(c),
        ),
      ),
    ];
    channels.forEach((channel, i) => {
      const field = `channel${i + 1}`;
      if (channel === 'sms' && !(phone && isUkMobile(phone)))
        issue(field, 'channel.smsNeedsMobile');
      if (channel === 'phone' && !phone) issue(field, 'channel.phoneNeedsNumber');
      if (channel === 'email' && !email && !value.email) issue(field, 'channel.emailNeedsAddress');
      if (channel === 'letter' && !address && !value.postcode)
        issue(field, 'channel.letterNeedsAddress');
    });
    const quietFrom = timeFromText(value.quietFrom);
    const quietTo = timeFromText(value.quietTo);
    if (quietFrom === 'invalid') issue('quietFrom', 'time.invalid');
    if (quietTo === 'invalid') issue('quietTo', 'time.invalid');
    if ((quietFrom === null) !== (quietTo === null))
      issue(quietFrom ? 'quietTo' : 'quietFrom', 'quiet.both');
    return {
      phone,
      email,
      address,
      channels,
      noVoicemail: value.safe.includes('noVoicemail'),
      plainEnvelope: value.safe.includes('plainEnvelope'),
      noContactViaFamily: value.safe.includes('noContactViaFamily'),
      fullerMessages: value.safe.includes('fullerMessages'),
      quietFrom: quietFrom === 'invalid' ? null : quietFrom,
      quietTo: quietTo === 'invalid' ? null : quietTo,
    };
  });

const consentFields = z.object({
  purposes: pick(consentPurposes).default([]),
  method: z.enum(staffConsentMethods, { error: key('method.required') }),
  wordingVersion: requiredText('wordingVersion', 50),
});

export const consentStep = consentFields.superRefine((value, ctx) => {
  if (!value.purposes.includes('register'))
    ctx.addIssue({ code: 'custom', path: ['purposes'], message: key('purposes.register') });
});

/** Recording further consent on a person's page: at least one purpose. */
export const consentForm = consentFields.superRefine((value, ctx) => {
  if (value.purposes.length === 0)
    ctx.addIssue({ code: 'custom', path: ['purposes'], message: key('purposes.required') });
});

export const withdrawForm = z.object({
  method: z.enum(staffConsentMethods, { error: key('method.required') }),
});

export type KindStep = z.infer<typeof kindStep>;
export type NameStep = z.infer<typeof nameStep>;
export type AgeStep = z.infer<typeof ageStep>;
export type OrganisationStep = z.infer<typeof organisationStep>;
export type LanguageStep = z.infer<typeof languageStep>;
export type ContactStep = z.infer<typeof contactStep>;
export type ConsentStep = z.infer<typeof consentStep>;

/** The question pages of registering someone, in order, each with its schema. */
export const steps = {
  kind: kindStep,
  name: nameStep,
  age: ageStep,
  organisation: organisationStep,
  language: languageStep,
  contact: contactStep,
  consent: consentStep,
} as const;
export type StepName = keyof typeof steps;
export const stepNames = Object.keys(steps) as StepName[];

/** Everything needed to register a person (the answers of every question page). */
export const newPersonSchema = z.object({
  ...kindStep.shape,
  ...nameStep.shape,
  // the draft holds the name step's output, where an empty legal name is already null
  legalName: z.string().max(200).nullable(),
  dateOfBirth: z.iso.date().nullable(),
  ageBand: z.enum(ageBands).nullable(),
  ...organisationStep.shape,
  preferredLanguage: z.enum(['en', 'cy']),
  speaksWelsh: z.boolean(),
  formats: z.array(z.enum(formats)),
  interpreterLanguage: z.string().max(100).nullable(),
  phone: z.string().max(20).nullable(),
  email: z.string().max(254).nullable(),
  address: z.object({ lines: z.string().max(500), postcode: z.string().max(10) }).nullable(),
  channels: z.array(z.enum(personChannels)),
  noVoicemail: z.boolean(),
  plainEnvelope: z.boolean(),
  noContactViaFamily: z.boolean(),
  fullerMessages: z.boolean().default(false),
  quietFrom: z.string().nullable(),
  quietTo: z.string().nullable(),
  consent: z.object({
    purposes: z.array(z.enum(consentPurposes)).min(1),
    method: z.enum(consentMethods),
    wordingVersion: z.string().min(1).max(50),
  }),
});
export type NewPerson = z.infer<typeof newPersonSchema>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The named worker on the staff contact form: an account id or none. Giving messages in person
 * needs one (the safe-contact function can only use "in person" through a named worker).
 */
export function parseNamedWorker(form: Form): Result<string | null> {
  const chosen = typeof form.namedWorker === 'string' ? form.namedWorker : '';
  const inPerson = ['channel1', 'channel2', 'channel3'].some((c) => form[c] === 'in_person');
  if (chosen && !UUID.test(chosen)) return invalid('namedWorker', key('namedWorker.invalid'));
  if (!chosen && inPerson) return invalid('namedWorker', key('namedWorker.required'));
  return ok(chosen || null);
}

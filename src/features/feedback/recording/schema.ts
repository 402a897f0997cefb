import { z } from 'zod';
import { failed, ok, type Form, type Result } from '#platform/validation/index.ts';
import { parseFeedbackForm } from '../public/schema.ts';
import type { Recorded } from './service.ts';

const guid = z.guid();

/** `/feedback/new?person=<id>`: the form for someone on the register. */
export const personQuery = z.object({ person: z.string().max(64).optional() });

/** Staff recording: the service, how it came, and the public form's fields, in a language. */
export function parseRecorded(
  form: Form,
  channels: readonly Recorded['channel'][],
  fallbackLanguage: 'en' | 'cy',
  needsService = false,
): Result<Recorded & { organisationId: string | null }> {
  const language = form.language === 'cy' ? 'cy' : form.language === 'en' ? 'en' : fallbackLanguage;
  const parsed = parseFeedbackForm(form, language);
  const issues = parsed.ok ? [] : [...parsed.issues];
  const channel = channels.find((c) => c === form.channel);
  if (!channel) issues.push({ field: 'channel', message: 'feedback:errors.channel' });
  const service = typeof form.service === 'string' ? form.service : '';
  const organisationId = guid.safeParse(service).success ? service : null;
  if (needsService && !organisationId)
    issues.push({ field: 'service', message: 'feedback:errors.service' });
  if (!parsed.ok || issues.length) return failed(issues);
  return ok({ ...parsed.value, channel: channel!, organisationId });
}

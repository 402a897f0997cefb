import type { I18n } from '#platform/i18n/i18n.ts';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Database } from '#platform/db/database.ts';
import type { Notifier } from '#platform/notify/notifier.ts';
import type { ReceivedText } from '#platform/notify/received-text.ts';
import { receiveItem } from '../items/receive.ts';
import { findInbox } from '../items/repository.ts';
import type { FeedbackKind } from '../items/tables.ts';
import type { PublicFeedback } from '../public/service.ts';
import { local } from '#platform/i18n/i18n.ts';

/** The second word of a text can say what it is, in English or Welsh. */
const kindWords: Record<string, { kind: FeedbackKind; language: 'en' | 'cy' }> = {
  complaint: { kind: 'complaint', language: 'en' },
  complain: { kind: 'complaint', language: 'en' },
  cwyn: { kind: 'complaint', language: 'cy' },
  thanks: { kind: 'compliment', language: 'en' },
  thank: { kind: 'compliment', language: 'en' },
  diolch: { kind: 'compliment', language: 'cy' },
  question: { kind: 'question', language: 'en' },
  cwestiwn: { kind: 'question', language: 'cy' },
  idea: { kind: 'suggestion', language: 'en' },
  syniad: { kind: 'suggestion', language: 'cy' },
  worry: { kind: 'concern', language: 'en' },
  concern: { kind: 'concern', language: 'en' },
  pryder: { kind: 'concern', language: 'cy' },
};

export type TextOutcome = 'received' | 'empty' | 'rateLimited';

/** A number as Notify gives it (447700900123) in the form the notifier sends to. */
const replyAddress = (source: string) => (/^[1-9]\d{9,14}$/.test(source) ? `+${source}` : source);

/**
 * "Text us": a text whose first word is a service's keyword is anonymous feedback to that
 * service (its second word may say what it is: COMPLAINT, DIOLCH...). The sender is texted the
 * receipt code at once; their number is not kept (only a keyed hash for the rate window). Texts
 * with no known keyword are left to the next handler (meeting replies).
 */
export function createTextedFeedback(deps: {
  db: Database;
  audit: AuditLog;
  notifier: Notifier;
  i18n: I18n;
  publicFeedback: PublicFeedback;
}) {
  return async function received(text: ReceivedText): Promise<TextOutcome | null> {
    const message = text.message.trim();
    const [first = '', second = ''] = message.split(/\s+/, 2);
    const keyword = first.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
    if (!keyword) return null;
    const inbox = await findInbox(deps.db, { keyword });
    if (!inbox) return null;
    if (!(await deps.publicFeedback.takeRate(`sms:${text.sourceNumber}`, inbox.code)))
      return 'rateLimited';
    const said = kindWords[second.toLowerCase().replace(/[^a-z]/g, '')];
    const body = message
      .slice(first.length)
      .trim()
      .slice(said ? second.length : 0)
      .trim();
    const language = said?.language ?? 'en';
    const service = local(language, inbox.nameEn, inbox.nameCy);
    const to = {
      channel: 'sms' as const,
      address: replyAddress(text.sourceNumber),
      language,
      organisationId: inbox.organisationId,
    };
    if (!body) {
      await deps.notifier.send(to, {
        template: 'feedbackTextEmpty',
        personalisation: { keyword, service },
        reference: `feedback-sms-empty-${text.id}`,
      });
      return 'empty';
    }
    const item = await receiveItem(
      { db: deps.db, audit: deps.audit },
      {
        organisation_id: inbox.organisationId,
        channel: 'sms',
        kind: said?.kind ?? 'suggestion',
        body: body.slice(0, 10_000),
        language,
      },
      null,
    );
    await deps.notifier.send(to, {
      template: 'feedbackTextReceipt',
      personalisation: { code: item.receiptCode, service },
      reference: `feedback-sms-${item.id}`,
    });
    return 'received';
  };
}

import type { TFunction } from 'i18next';
import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { attendanceOf } from '#features/meetings';
import { latestInvolvementHours, selectedOpportunitiesOf } from '#features/involvement';
import { formatDate } from '#platform/views/views.ts';

/**
 * What a claim is for (issue 11 item 2): a meeting the person attended, an involvement record
 * of theirs or an opportunity they were selected for, at the claim's organisation; or none (a
 * day of involvement not recorded elsewhere). A form names one as `meeting:<invitee id>`,
 * `record:<id>` or `opportunity:<id>`; only the person's own are accepted.
 */
export interface Purpose {
  meetingInviteeId?: string;
  involvementRecordId?: string;
  opportunityId?: string;
}

/** How far back the form offers meetings, and how many of each it lists. */
const MEETING_DAYS = 366;
const EACH = 20;

export async function purposesFor(db: Kysely<DB>, personId: string, organisationId: string) {
  const [meetings, records, opportunities] = await Promise.all([
    attendanceOf(db, { personId, organisationId, days: MEETING_DAYS, limit: EACH }),
    latestInvolvementHours(db, { organisationId, personId, limit: EACH }),
    selectedOpportunitiesOf(db, { personId, organisationId, limit: EACH }),
  ]);
  return { meetings, records, opportunities };
}
export type Purposes = Awaited<ReturnType<typeof purposesFor>>;

/** The form's value for a claim's purpose ('' for none). */
export function purposeValue(purpose: {
  meetingInviteeId?: string | null | undefined;
  involvementRecordId?: string | null | undefined;
  opportunityId?: string | null | undefined;
}) {
  if (purpose.meetingInviteeId) return `meeting:${purpose.meetingInviteeId}`;
  if (purpose.involvementRecordId) return `record:${purpose.involvementRecordId}`;
  if (purpose.opportunityId) return `opportunity:${purpose.opportunityId}`;
  return '';
}

/**
 * The purpose a form's value names, if it is one of the person's (or the claim's own, `kept`,
 * when a claim is changed); undefined when it is not.
 */
export function purposeOf(value: string, purposes: Purposes, kept = ''): Purpose | undefined {
  if (!value) return {};
  const [kind, id = ''] = value.split(':');
  const known =
    value === kept ||
    (kind === 'meeting' && purposes.meetings.some((m) => m.inviteeId === id)) ||
    (kind === 'record' && purposes.records.some((r) => r.id === id)) ||
    (kind === 'opportunity' && purposes.opportunities.some((o) => o.id === id));
  if (!known) return undefined;
  if (kind === 'meeting') return { meetingInviteeId: id };
  if (kind === 'record') return { involvementRecordId: id };
  if (kind === 'opportunity') return { opportunityId: id };
  return undefined;
}

/** The choices as select items, the chosen one selected (the claim's own kept if not listed). */
export function purposeItems(
  t: TFunction,
  lang: string,
  purposes: Purposes,
  chosen: string,
  kept = '',
) {
  const local = (en: string | null, cy: string | null) => (lang === 'cy' ? cy || en : en) ?? '';
  const items = [
    { value: '', text: t('claims:purpose.none') },
    ...purposes.meetings.map((m) => ({
      value: `meeting:${m.inviteeId}`,
      text: t('claims:purpose.meeting', {
        title: local(m.titleEn, m.titleCy),
        date: formatDate(m.startsAt, lang),
      }),
    })),
    ...purposes.records.map((r) => ({
      value: `record:${r.id}`,
      text: t('claims:purpose.record', {
        title: local(r.titleEn, r.titleCy) || t('claims:purpose.recordUntitled'),
        date: formatDate(r.tookPartOn, lang),
      }),
    })),
    ...purposes.opportunities.map((o) => ({
      value: `opportunity:${o.id}`,
      text: t('claims:purpose.opportunity', { title: local(o.titleEn, o.titleCy) }),
    })),
  ];
  if (kept && !items.some((i) => i.value === kept))
    items.push({ value: kept, text: t(`claims:purpose.kept.${kept.split(':')[0]}`) });
  return items.map((i) => ({ ...i, selected: i.value === chosen }));
}

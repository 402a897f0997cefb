import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { DemoContext } from '#platform/modules/contract.ts';
import { demoOrganisations } from '#platform/seed/demo.ts';
import { stableUuid } from '#platform/seed/ids.ts';
import { buildPdf } from '#platform/seed/pdf.ts';
import { londonMoment, londonParts } from '#platform/time/london.ts';
import { demoPersonId } from '#features/register';
import { demoMeetings, demoVenues, type DemoMeeting } from './data.ts';

/**
 * Seeds the demo venues and meetings (data.ts) after the register and involvement: ids are
 * stable, dates relative to today (UK). The forum series passes its user-proofing checklist; the
 * board meeting fails it on papers, time, venue, language, break, expenses and plain words.
 */
type Trx = Kysely<DB>;
type Context = Pick<DemoContext, 'organisation' | 'accountId'>;

const DAY = 86_400_000;
const venueId = (key: string) => stableUuid(`cyd-demo-venue:${key}`);
const meetingId = (key: string) => stableUuid(`cyd-demo-meeting:${key}`);
const inviteeId = (meeting: string, who: string) =>
  stableUuid(`cyd-demo-meeting-invitee:${meeting}:${who}`);

/** Venues and meetings of the demo organisations go before the organisations. */
export async function resetDemoMeetings(trx: Trx, demoRoot: string) {
  await trx
    .deleteFrom('meetings')
    .where('organisation_id', 'in', demoOrganisations(trx, demoRoot))
    .execute();
  await trx
    .deleteFrom('meeting_series')
    .where('organisation_id', 'in', demoOrganisations(trx, demoRoot))
    .execute();
  await trx
    .deleteFrom('venues')
    .where('organisation_id', 'in', demoOrganisations(trx, demoRoot))
    .execute();
}

/** The UK date `days` from today. */
function ukDay(days: number, now: Date) {
  const today = londonParts(now).date;
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export async function seedDemoMeetings(trx: Trx, context: Context, now = new Date()) {
  const adminId = context.accountId('organisation-admin@demo.example') ?? null;
  await trx
    .insertInto('venues')
    .values(
      demoVenues.map(({ key, at, ...venue }) => ({
        ...venue,
        id: venueId(key),
        organisation_id: context.organisation(at).id,
        created_by: adminId,
      })),
    )
    .execute();
  const forumSeries = stableUuid('cyd-demo-meeting-series:forum');
  await trx
    .insertInto('meeting_series')
    .values({
      id: forumSeries,
      organisation_id: context.organisation('regionForum').id,
      repeat: 'four_weekly',
      created_by: adminId,
    })
    .execute();
  for (const meeting of demoMeetings)
    await seedMeeting(trx, context, meeting, {
      now,
      adminId,
      seriesId: meeting.key.startsWith('forum-') ? forumSeries : null,
    });
}

async function seedMeeting(
  trx: Trx,
  context: Context,
  meeting: DemoMeeting,
  { now, adminId, seriesId }: { now: Date; adminId: string | null; seriesId: string | null },
) {
  const id = meetingId(meeting.key);
  const day = ukDay(meeting.inDays, now);
  const startsAt = londonMoment(day, meeting.from);
  const endsAt = londonMoment(day, meeting.to);
  const daysFromStart = (days: number) => new Date(startsAt.getTime() + days * DAY);
  await trx
    .insertInto('meetings')
    .values({
      ...meeting.fields,
      id,
      organisation_id: context.organisation(meeting.at).id,
      series_id: seriesId,
      venue_id: meeting.venue ? venueId(meeting.venue) : null,
      starts_at: startsAt,
      ends_at: endsAt,
      created_by: adminId,
      minutes_published_at:
        meeting.minutesAfterDays === undefined ? null : daysFromStart(meeting.minutesAfterDays),
    })
    .execute();
  if (meeting.agenda.length)
    await trx
      .insertInto('meeting_agenda_items')
      .values(
        meeting.agenda.map(([en, cy, minutes], i) => ({
          meeting_id: id,
          position: i + 1,
          title_en: en,
          title_cy: cy,
          minutes,
        })),
      )
      .execute();
  await seedInvitees(trx, context, meeting, id, daysFromStart);
  for (const [i, paper] of meeting.papers.entries()) {
    const paperId = stableUuid(`cyd-demo-meeting-paper:${meeting.key}:${i}`);
    const content = buildPdf(paper.lines);
    const uploadedAt = daysFromStart(-paper.daysBefore);
    await trx
      .insertInto('meeting_papers')
      .values({
        id: paperId,
        meeting_id: id,
        kind: paper.kind ?? 'agenda_paper',
        title_en: paper.titleEn,
        title_cy: paper.titleCy,
        language: paper.language,
        format: paper.format ?? 'standard',
        summary_en: paper.summaryEn ?? null,
        summary_cy: paper.summaryCy ?? null,
        file_name: `${paper.titleEn.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.pdf`,
        media_type: 'application/pdf',
        size_bytes: content.length,
        sha256: crypto.createHash('sha256').update(content).digest('hex'),
        uploaded_by: adminId,
        uploaded_at: uploadedAt < now ? uploadedAt : now,
        published_at: paper.kind === 'minutes' ? uploadedAt : null,
      })
      .execute();
    await trx.insertInto('meeting_paper_files').values({ paper_id: paperId, content }).execute();
  }
  if (meeting.outcomes?.length)
    await trx
      .insertInto('meeting_outcomes')
      .values(
        meeting.outcomes.map((o) => ({
          meeting_id: id,
          kind: o.kind,
          text_en: o.en,
          text_cy: o.cy,
          owner_account_id: o.kind === 'action' ? adminId : null,
          due_on: o.dueInDays === undefined ? null : ukDay(o.dueInDays, now),
          created_by: adminId,
        })),
      )
      .execute();
}

async function seedInvitees(
  trx: Trx,
  context: Context,
  meeting: DemoMeeting,
  id: string,
  daysFromStart: (days: number) => Date,
) {
  const keyOf = (i: (typeof meeting.invitees)[number]) =>
    i.person ?? i.account ?? i.guest?.[1] ?? '';
  const invitedAt =
    meeting.invitedDaysBefore === undefined ? null : daysFromStart(-meeting.invitedDaysBefore);
  const rows = meeting.invitees.map((i) => ({
    id: inviteeId(meeting.key, keyOf(i)),
    meeting_id: id,
    person_id: i.person ? demoPersonId(i.person) : null,
    account_id: i.account ? (context.accountId(i.account) ?? null) : null,
    guest_name: i.guest?.[0] ?? null,
    guest_email: i.guest?.[1] ?? null,
    role: i.role ?? 'member',
    backup_for: i.backupFor ? inviteeId(meeting.key, i.backupFor) : null,
    reply: i.reply ?? null,
    replied_at: i.reply && invitedAt ? new Date(invitedAt.getTime() + DAY) : null,
    reply_channel: i.reply ? (i.channel ?? 'staff') : null,
    invited_at: invitedAt,
    attendance: i.attendance ?? null,
    // the representative sent apologies and the back-up was offered the place
    backup_offered_at:
      i.role === 'representative' && i.reply === 'apologies' && invitedAt
        ? new Date(invitedAt.getTime() + DAY)
        : null,
  }));
  const present = rows.filter((r) => r.person_id || r.account_id || r.guest_email);
  // representatives first: a back-up points at its representative
  present.sort((a, b) => Number(a.backup_for !== null) - Number(b.backup_for !== null));
  if (present.length) await trx.insertInto('meeting_invitees').values(present).execute();
}

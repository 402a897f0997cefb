import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import { scopeOf } from '#platform/permissions/policy.ts';
import { londonParts } from '#platform/time/london.ts';
import { attendedMeeting, meetingsWithAttendance } from '#features/meetings';
import { namesFor, viewerOf } from '#features/register';
import { createClaimCommands } from '../claims/commands.ts';
import { ratesInForce } from '../rates/repository.ts';
import { organisationWhere } from '../authorise.ts';

/** How far back the list of meetings goes. */
const DAYS_BACK = 90;

/**
 * Claims made in one step from a meeting's attendance (issue 11 item 2), for holders of
 * money.claim at the meeting's organisation: a draft claim for each person on the register who
 * came, with the involvement payment at a rate of the meeting's day; staff or the person add
 * expenses later. One claim per attendance (the database's unique index): running it twice makes
 * nothing new. Each claim is audited as any other.
 */
export function createAttendanceClaimsService({ db, audit }: { db: Database; audit: AuditLog }) {
  const commands = createClaimCommands({ db, audit });

  async function meetingFor(actor: Actor, meetingId: string) {
    const meeting = await attendedMeeting(db, meetingId);
    if (!meeting) throw new HttpError(404);
    const organisation = await organisationWhere(db, actor, meeting.organisationId, 'money.claim');
    const day = londonParts(meeting.startsAt).date;
    return { meeting, organisation, day };
  }

  return {
    /** Meetings held in the last 90 days in the actor's reach where register people came. */
    meetings(actor: Actor) {
      const since = new Date(Date.now() - DAYS_BACK * 86_400_000);
      return meetingsWithAttendance(db, scopeOf(actor, 'money.claim'), since);
    },

    /** The meeting, who came (named where the actor may see them), who has a claim, the rates. */
    async attendees(actor: Actor, meetingId: string) {
      const { meeting, day } = await meetingFor(actor, meetingId);
      const inviteeIds = meeting.attendees.map((a) => a.inviteeId);
      const [names, claimed, rates] = await Promise.all([
        namesFor(
          db,
          viewerOf(actor),
          meeting.attendees.map((a) => a.personId),
        ),
        inviteeIds.length
          ? db
              .selectFrom('money_claims')
              .select('meeting_invitee_id')
              .where('meeting_invitee_id', 'in', inviteeIds)
              .where('status', '<>', 'withdrawn')
              .execute()
          : Promise.resolve([]),
        ratesInForce(db, meeting.organisationId, day),
      ]);
      const hasClaim = new Set(claimed.map((c) => c.meeting_invitee_id));
      return {
        meeting,
        day,
        hours: (meeting.endsAt.getTime() - meeting.startsAt.getTime()) / 3_600_000,
        paymentRates: rates?.paymentRates ?? [],
        attendees: meeting.attendees.map((a) => ({
          ...a,
          name: names.get(a.personId),
          hasClaim: hasClaim.has(a.inviteeId),
        })),
      };
    },

    /**
     * A draft claim for each chosen attendee without one, with the payment line; how many were
     * made and how many already had one.
     */
    async makeClaims(
      actor: Actor,
      meetingId: string,
      input: { inviteeIds: string[]; rate: string; unitsHundredths: number },
    ) {
      const { meeting, day } = await meetingFor(actor, meetingId);
      let made = 0;
      let skipped = 0;
      for (const attendee of meeting.attendees) {
        if (!input.inviteeIds.includes(attendee.inviteeId)) continue;
        const saved = await commands.saveDraft(
          {
            organisationId: meeting.organisationId,
            personId: attendee.personId,
            occurredOn: day,
            meetingInviteeId: attendee.inviteeId,
            lines: [
              { kind: 'involvement', rate: input.rate, unitsHundredths: input.unitsHundredths },
            ],
          },
          { accountId: actor.id, via: 'staff' },
        );
        if (saved.ok) made += 1;
        else if (saved.issues.some((i) => i.message === 'claims:errors.duplicate')) skipped += 1;
        else return { ok: false as const, issues: saved.issues };
      }
      return { ok: true as const, made, skipped };
    },
  };
}

export type AttendanceClaimsService = ReturnType<typeof createAttendanceClaimsService>;

import type { Kysely } from 'kysely';
import { appendAuditBatch } from '#platform/audit/audit-batch.ts';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { DB } from '#platform/db/schema.ts';
import { HttpError } from '#platform/http/errors.ts';
import { type Permission } from '#platform/permissions/policy.ts';
import { failed, ok, type Result } from '#platform/validation/index.ts';
import { inviteeNeeds, viewerOf, type InviteeNeeds } from '#features/register';
import { authoriseMeeting, mayAt } from '../access.ts';
import type { ProofingCheck } from '../tables.ts';
import {
  deleteOverride,
  findMeetingToProof,
  insertOverride,
  invitedPeople,
  overridesOf,
  papersSummary,
  venueFeatures,
  type MeetingToProof,
} from './repository.ts';
import {
  proofMeeting,
  type CheckResult,
  type ProofingOverride,
  type ProofingPapers,
  type ProofingVenue,
} from './rules.ts';

export interface ProofingDependencies {
  db: Kysely<DB>;
  audit: AuditLog;
  now?: () => Date;
}

export interface Checklist {
  meeting: MeetingToProof;
  results: CheckResult[];
  /** May the actor override a warning (meeting.manage)? */
  canOverride: boolean;
}

/** The user-proofing checklist of a meeting, and overriding a warning with a reason. */
export function createProofingService(deps: ProofingDependencies) {
  const { db, audit } = deps;
  const now = deps.now ?? (() => new Date());

  /** The meeting, or 404 when its organisation is not the actor's to see; 403 without `permission`. */
  const meetingFor = async (actor: Actor, meetingId: string, permission: Permission) =>
    authoriseMeeting(actor, await findMeetingToProof(db, meetingId), permission);

  /**
   * Every check for the meeting as the actor may see it. Names and reasons appear only for people
   * the actor may see on the register; each person named is audited as a look at their record.
   */
  async function checklist(
    actor: Actor,
    meetingId: string,
    /**
     * For a page that shows a summary of the checklist (the meeting page): what it has read
     * already (fewer queries), and `named: false` when it shows findings about people without
     * their names — their names are then left out of the results and nothing is audited.
     */
    loaded?: {
      meeting: MeetingToProof;
      papers: ProofingPapers;
      venue: ProofingVenue | null;
      invited: { inviteeId: string; personId: string }[];
      /** The register's needs of the people invited, as the actor may see them. */
      needs: InviteeNeeds[];
      overrides: ProofingOverride[];
      named?: boolean;
    },
  ): Promise<Checklist> {
    const meeting = loaded
      ? authoriseMeeting(
          actor,
          loaded.meeting.id === meetingId ? loaded.meeting : undefined,
          'meeting.view',
        )
      : await meetingFor(actor, meetingId, 'meeting.view');
    const [invited, overrides, papers, venue] = loaded
      ? [loaded.invited, loaded.overrides, loaded.papers, loaded.venue]
      : await Promise.all([
          invitedPeople(db, meeting.id),
          overridesOf(db, meeting.id),
          papersSummary(db, meeting.id),
          meeting.venueId ? venueFeatures(db, meeting.venueId) : undefined,
        ]);
    const needs =
      loaded?.needs ??
      (await inviteeNeeds(
        db,
        viewerOf(actor),
        invited.map((i) => i.personId),
        meeting.startsAt,
        meeting.endsAt,
      ));
    const inviteeOf = new Map(invited.map((i) => [i.personId, i.inviteeId]));
    const unnamed = loaded?.named === false;
    const results = proofMeeting({
      meeting,
      venue: venue ?? null,
      papers,
      invitees: needs.map((n) => ({
        ...n,
        // without names, findings about people carry none (and nothing is audited)
        displayName: unnamed ? null : n.displayName,
        inviteeId: inviteeOf.get(n.personId) ?? '',
      })),
      overrides,
      now: now(),
    });
    if (unnamed) return { meeting, results, canOverride: mayAt(actor, meeting, 'meeting.manage') };
    const named = new Set(
      results.flatMap((r) => r.findings.filter((f) => f.name).map((f) => f.inviteeId)),
    );
    const shown = needs.filter((n) => named.has(inviteeOf.get(n.personId)));
    if (shown.length)
      await db.transaction().execute((trx) =>
        appendAuditBatch(
          trx,
          shown.map((n) => ({
            actorAccountId: actor.id,
            action: 'meeting.proofing_viewed',
            subjectType: 'person',
            subjectId: n.personId,
            organisationId: meeting.organisationId,
            details: { meetingId: meeting.id },
          })),
        ),
      );
    return { meeting, results, canOverride: mayAt(actor, meeting, 'meeting.manage') };
  }

  /** Goes ahead despite a warning, with the reason recorded (audited). */
  async function overrideWarning(
    actor: Actor,
    meetingId: string,
    input: { check: ProofingCheck; inviteeId: string | null; reason: string },
  ): Promise<Result> {
    const meeting = await meetingFor(actor, meetingId, 'meeting.manage');
    if (input.inviteeId) {
      const invited = await invitedPeople(db, meeting.id);
      if (!invited.some((i) => i.inviteeId === input.inviteeId)) throw new HttpError(404);
    }
    return db.transaction().execute(async (trx) => {
      const row = await insertOverride(trx, {
        meetingId: meeting.id,
        check: input.check,
        inviteeId: input.inviteeId,
        reason: input.reason,
        createdBy: actor.id,
      });
      if (!row) return failed([{ field: 'reason', message: 'proofing:errors.alreadyOverridden' }]);
      await audit.record(
        {
          actorAccountId: actor.id,
          action: 'meeting.proofing_overridden',
          subjectType: 'meeting',
          subjectId: meeting.id,
          organisationId: meeting.organisationId,
          details: { check: input.check, overrideId: row.id },
        },
        trx,
      );
      return ok(undefined);
    });
  }

  /** Takes an override back: the warning shows again (audited). */
  async function withdrawOverride(actor: Actor, meetingId: string, overrideId: string) {
    const meeting = await meetingFor(actor, meetingId, 'meeting.manage');
    await db.transaction().execute(async (trx) => {
      const row = await deleteOverride(trx, meeting.id, overrideId);
      if (!row) throw new HttpError(404);
      await audit.record(
        {
          actorAccountId: actor.id,
          action: 'meeting.proofing_override_withdrawn',
          subjectType: 'meeting',
          subjectId: meeting.id,
          organisationId: meeting.organisationId,
          details: { check: row.check, overrideId },
        },
        trx,
      );
    });
  }

  return { checklist, overrideWarning, withdrawOverride };
}

export type ProofingService = ReturnType<typeof createProofingService>;

import type { InviteeNeeds } from '#features/register';
import { londonParts } from '#platform/time/london.ts';
import { unmetNeeds } from '../venues/needs.ts';
import type { AttendanceMode, MeetingLanguage, ProofingCheck, VenueFeature } from '../tables.ts';

/**
 * The user-proofing check (issue 10 item 3; WF Annex 3 "Meetings", 3.1, 3.3, 3.4; NW barriers;
 * BT): pure rules over a meeting, its venue, papers and invitees. Enforced softly: a warning can
 * be overridden with a recorded reason. A finding about one invitee carries their name and the
 * reason only when the viewer may see them (`InviteeNeeds.visible`); nothing here is ever sent
 * to invitees.
 */

const DAY = 86_400_000;
/** Meetings longer than this need a break (WF 3.1). */
export const BREAK_AFTER_MINUTES = 120;

export interface ProofingMeeting {
  startsAt: Date;
  endsAt: Date;
  attendanceMode: AttendanceMode;
  languages: MeetingLanguage;
  simultaneousTranslation: boolean;
  interpreterLanguage: string | null;
  breakPlanned: boolean;
  expensesOffered: boolean;
  papersDueDays: number;
  minutesDueDays: number;
  minutesPublishedAt: Date | null;
}

export type ProofingVenue = Record<VenueFeature, boolean>;

/** The meeting's papers (agenda papers, not minutes). */
export interface ProofingPapers {
  count: number;
  /** When the last of them was uploaded. */
  lastUploadedAt: Date | null;
  /** Papers with neither a plain-language summary nor an easy-read version. */
  withoutPlainSummary: number;
}

export interface ProofingInvitee extends InviteeNeeds {
  inviteeId: string;
}

export interface ProofingOverride {
  check: ProofingCheck;
  inviteeId: string | null;
  reason: string;
  createdAt: Date;
}

/** One thing found: a translation key under `proofing:findings` and its values. */
export interface Finding {
  key: string;
  values?: Record<string, string | number>;
  /** The invitee it is about (overridable on its own). */
  inviteeId?: string;
  /** Their name, when the viewer may see them. */
  name?: string | null;
  /** Set when staff went ahead anyway. */
  override?: ProofingOverride;
}

/**
 * met: nothing to fix; warning: something to fix or override; overridden: every warning has a
 * recorded reason; pending: not due yet (e.g. papers due next week); not_applicable.
 */
export type CheckStatus = 'met' | 'warning' | 'overridden' | 'pending' | 'not_applicable';

export interface CheckResult {
  check: ProofingCheck;
  status: CheckStatus;
  findings: Finding[];
}

export interface ProofingInput {
  meeting: ProofingMeeting;
  venue: ProofingVenue | null;
  papers: ProofingPapers;
  invitees: ProofingInvitee[];
  overrides: ProofingOverride[];
  now: Date;
}

/** Whole days between two moments' UK dates (a paper sent on the 3rd for the 10th: 7). */
export function calendarDaysBetween(from: Date, to: Date) {
  const day = (at: Date) => Date.parse(`${londonParts(at).date}T00:00:00Z`) / DAY;
  return Math.round(day(to) - day(from));
}

/** The UK date a number of days before (negative: after) a moment. */
const ukDateBefore = (at: Date, days: number) =>
  new Date(Date.parse(`${londonParts(at).date}T00:00:00Z`) - days * DAY).toISOString().slice(0, 10);

function papersEarly({ meeting, papers, now }: ProofingInput): Omit<CheckResult, 'check'> {
  const values = {
    due: ukDateBefore(meeting.startsAt, meeting.papersDueDays),
    days: meeting.papersDueDays,
  };
  if (!papers.count || !papers.lastUploadedAt)
    return calendarDaysBetween(now, meeting.startsAt) >= meeting.papersDueDays
      ? { status: 'pending', findings: [{ key: 'papersDue', values }] }
      : { status: 'warning', findings: [{ key: 'papersMissing', values }] };
  const before = calendarDaysBetween(papers.lastUploadedAt, meeting.startsAt);
  if (before < meeting.papersDueDays)
    return {
      status: 'warning',
      findings: [{ key: 'papersLate', values: { ...values, before: Math.max(0, before) } }],
    };
  return { status: 'met', findings: [{ key: 'papersOnTime', values }] };
}

function timeSuits({ invitees }: ProofingInput): Omit<CheckResult, 'check'> {
  const findings = invitees
    .filter((invitee) => invitee.unavailable)
    .map((invitee): Finding => {
      const reason = invitee.unavailable?.reason;
      return {
        key: !invitee.visible ? 'notFreeSomeone' : reason ? 'notFreeBecause' : 'notFree',
        values: reason ? { reason } : {},
        inviteeId: invitee.inviteeId,
        name: invitee.displayName,
      };
    });
  return { status: findings.length ? 'warning' : 'met', findings };
}

function venueAccess({ meeting, venue, invitees }: ProofingInput): Omit<CheckResult, 'check'> {
  if (meeting.attendanceMode === 'online' || !venue)
    return { status: 'not_applicable', findings: [] };
  const online = meeting.attendanceMode === 'hybrid' ? 'Online' : '';
  const findings = invitees.flatMap((invitee): Finding[] => {
    const unmet = unmetNeeds(venue, invitee.venueNeeds);
    if (!unmet.length) return [];
    return [
      invitee.visible
        ? {
            key: `venueLacks${online}`,
            values: { needs: unmet.join(',') },
            inviteeId: invitee.inviteeId,
            name: invitee.displayName,
          }
        : { key: `venueLacksSomeone${online}`, inviteeId: invitee.inviteeId, name: null },
    ];
  });
  return { status: findings.length ? 'warning' : 'met', findings };
}

function language({ meeting, invitees }: ProofingInput): Omit<CheckResult, 'check'> {
  const findings: Finding[] = [];
  const translated = meeting.languages === 'bilingual' || meeting.simultaneousTranslation;
  const interpreter = meeting.interpreterLanguage?.trim().toLowerCase() ?? '';
  for (const invitee of invitees) {
    const who = { inviteeId: invitee.inviteeId, name: invitee.displayName };
    const someone = invitee.visible ? '' : 'Someone';
    if (!translated && meeting.languages === 'en' && invitee.preferredLanguage === 'cy')
      findings.push({ key: `prefersWelsh${someone}`, ...who });
    if (
      !translated &&
      meeting.languages === 'cy' &&
      invitee.preferredLanguage === 'en' &&
      !invitee.speaksWelsh
    )
      findings.push({ key: `needsEnglish${someone}`, ...who });
    const needed = invitee.interpreterLanguage?.trim();
    if (needed && needed.toLowerCase() !== interpreter)
      findings.push({
        key: `needsInterpreter${someone}`,
        values: invitee.visible ? { language: needed } : {},
        ...who,
      });
  }
  if (findings.length) return { status: 'warning', findings };
  const provided = meeting.languages === 'en' && !translated ? 'englishOnly' : 'welshProvided';
  return { status: 'met', findings: [{ key: provided }] };
}

function breakPlanned({ meeting }: ProofingInput): Omit<CheckResult, 'check'> {
  const minutes = Math.round((meeting.endsAt.getTime() - meeting.startsAt.getTime()) / 60_000);
  if (minutes <= BREAK_AFTER_MINUTES) return { status: 'not_applicable', findings: [] };
  const values = { hours: Math.round((minutes / 60) * 10) / 10 };
  return meeting.breakPlanned
    ? { status: 'met', findings: [{ key: 'breakPlanned', values }] }
    : { status: 'warning', findings: [{ key: 'noBreak', values }] };
}

function expenses({ meeting }: ProofingInput): Omit<CheckResult, 'check'> {
  return meeting.expensesOffered
    ? { status: 'met', findings: [{ key: 'expensesOffered' }] }
    : { status: 'warning', findings: [{ key: 'expensesNotOffered' }] };
}

function plainPapers({ papers }: ProofingInput): Omit<CheckResult, 'check'> {
  if (!papers.count) return { status: 'pending', findings: [{ key: 'plainNoPapers' }] };
  return papers.withoutPlainSummary
    ? {
        status: 'warning',
        findings: [{ key: 'plainMissing', values: { count: papers.withoutPlainSummary } }],
      }
    : { status: 'met', findings: [{ key: 'plainAll' }] };
}

function minutesPublished({ meeting, now }: ProofingInput): Omit<CheckResult, 'check'> {
  const values = {
    due: ukDateBefore(meeting.endsAt, -meeting.minutesDueDays),
    days: meeting.minutesDueDays,
  };
  const published = meeting.minutesPublishedAt;
  if (published) {
    const after = calendarDaysBetween(meeting.endsAt, published);
    return after > meeting.minutesDueDays
      ? { status: 'warning', findings: [{ key: 'minutesLate', values: { ...values, after } }] }
      : { status: 'met', findings: [{ key: 'minutesPublished', values: { ...values, after } }] };
  }
  if (calendarDaysBetween(meeting.endsAt, now) <= meeting.minutesDueDays)
    return { status: 'pending', findings: [{ key: 'minutesDue', values }] };
  return { status: 'warning', findings: [{ key: 'minutesOverdue', values }] };
}

const rules: Record<ProofingCheck, (input: ProofingInput) => Omit<CheckResult, 'check'>> = {
  papers_early: papersEarly,
  time_suits: timeSuits,
  venue_access: venueAccess,
  language,
  break: breakPlanned,
  expenses,
  plain_papers: plainPapers,
  minutes_published: minutesPublished,
};

/** Every check, in the order the checklist shows them, with overrides applied. */
export function proofMeeting(input: ProofingInput): CheckResult[] {
  return (Object.keys(rules) as ProofingCheck[]).map((check) => {
    const result = rules[check](input);
    if (result.status !== 'warning') return { check, ...result };
    const findings = result.findings.map((finding) => {
      const override = input.overrides.find(
        (o) => o.check === check && (o.inviteeId ?? null) === (finding.inviteeId ?? null),
      );
      return override ? { ...finding, override } : finding;
    });
    const status = findings.every((f) => f.override) ? 'overridden' : 'warning';
    return { check, status, findings };
  });
}

/** Warnings nobody has overridden: the meeting is user-proofed when there are none. */
export const openWarnings = (results: readonly CheckResult[]) =>
  results.flatMap((r) => (r.status === 'warning' ? r.findings.filter((f) => !f.override) : []));

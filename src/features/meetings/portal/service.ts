import type { Kysely } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { DB } from '#platform/db/schema.ts';
import { outcomesOf, type Outcome } from '../outcomes/service.ts';
import { papersOf } from '../papers/service.ts';
import { choosePapers, type PaperChoice } from '../papers/choose.ts';
import {
  agendaOf,
  invitedMeeting,
  invitedMeetings,
  paperForInvitee,
  type AgendaItem,
  type InvitedMeeting,
  type InvitedMeetingDetails,
} from './repository.ts';

/**
 * The people's portal's meetings (issue 10 items 6 and 8): the meetings a person is invited to,
 * one meeting's details, agenda and papers in their language and format, and, once it has
 * happened, what came of it. A person only ever reaches meetings they are invited to; nothing
 * about another invitee is read. Each read is the person's own and is audited as such
 * (`meeting.own_viewed`, no account, `by: 'person'`), as the portal's other pages do.
 */

/** The signed-in person, as the portal knows them. */
export interface PortalPersonRef {
  id: string;
  organisationId: string;
}

export interface MeetingPortalDependencies {
  db: Kysely<DB>;
  audit: AuditLog;
  /** The paper formats on the person's record (easy read, large print, ...). */
  formatsOf(personId: string): Promise<readonly string[]>;
  now?: () => Date;
}

export interface OwnMeetingPage {
  meeting: InvitedMeetingDetails;
  /** Has it started (replies are closed, and what came of it may be shown)? */
  started: boolean;
  /** Has it ended (no joining link, no calendar file)? */
  over: boolean;
  agenda: AgendaItem[];
  papers: PaperChoice[];
  /** Published minutes, one choice per version group. */
  minutes: PaperChoice[];
  outcomes: Outcome[];
}

export function createMeetingPortalService(deps: MeetingPortalDependencies) {
  const { db, audit } = deps;
  const now = deps.now ?? (() => new Date());

  /** Records the person's read of their own meetings (before the page is shown). */
  const ownRead = (person: PortalPersonRef, details: Record<string, unknown> = {}) =>
    audit.record({
      actorAccountId: null,
      action: 'meeting.own_viewed',
      subjectType: 'person',
      subjectId: person.id,
      organisationId: person.organisationId,
      details: { ...details, by: 'person' },
    });

  /** The person's meetings: upcoming (soonest first) and the last twelve months' (latest first). */
  async function ownMeetings(person: PortalPersonRef) {
    const at = now();
    const rows = await invitedMeetings(db, person.id, at);
    await ownRead(person);
    const upcoming: InvitedMeeting[] = [];
    const past: InvitedMeeting[] = [];
    for (const row of rows) (row.endsAt > at ? upcoming : past).push(row);
    return { upcoming, past: past.reverse() };
  }

  /** One meeting the person is invited to, with its agenda, papers and outcomes; else undefined. */
  async function ownMeeting(
    person: PortalPersonRef,
    meetingId: string,
    language: 'en' | 'cy',
  ): Promise<OwnMeetingPage | undefined> {
    const meeting = await invitedMeeting(db, person.id, meetingId);
    if (!meeting) return undefined;
    const at = now();
    const started = meeting.startsAt <= at;
    const heldOrUnderWay = started && meeting.status === 'planned';
    const [agenda, papers, outcomes] = await Promise.all([
      agendaOf(db, meeting.id),
      papersOf(db, meeting.id),
      heldOrUnderWay ? outcomesOf(db, meeting.id) : Promise.resolve([]),
    ]);
    // the person's formats matter only when a paper comes in large print or easy read
    const formats = papers.some((p) => p.format !== 'standard')
      ? await deps.formatsOf(person.id)
      : [];
    await ownRead(person, { meetingId: meeting.id });
    const agendaPapers = papers.filter((p) => p.kind === 'agenda_paper');
    const minutes = papers.filter((p) => p.kind === 'minutes' && p.publishedAt !== null);
    return {
      meeting,
      started,
      over: meeting.endsAt <= at,
      agenda,
      papers: choosePapers(agendaPapers, language, formats),
      minutes: heldOrUnderWay ? choosePapers(minutes, language, formats) : [],
      outcomes,
    };
  }

  /** The meeting alone (the calendar file, the reply), if the person is invited to it. */
  const invitation = (person: PortalPersonRef, meetingId: string) =>
    invitedMeeting(db, person.id, meetingId);

  /** A paper an invitee may download (an agenda paper, or published minutes), with its bytes. */
  const paper = (person: PortalPersonRef, meetingId: string, paperId: string) =>
    paperForInvitee(db, person.id, meetingId, paperId);

  return { ownMeetings, ownMeeting, invitation, paper, now };
}

export type MeetingPortalService = ReturnType<typeof createMeetingPortalService>;

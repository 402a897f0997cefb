/**
 * The meetings capability's public API: venues, meetings and events (one-off or in a series),
 * their papers, invitees, replies, attendance and user-proofing, and the jargon buster. Other
 * capabilities import from `#features/meetings` only.
 */
import type { Module } from '#platform/modules/contract.ts';
import type { AttendanceService } from './attendance/service.ts';
import { attendanceModule } from './attendance/module.ts';
import type { ConsultationService } from './consultation/service.ts';
import { consultationModule } from './consultation/module.ts';
import { meetingsDemoModule } from './demo/module.ts';
import { glossaryModule } from './glossary/module.ts';
import type { InviteesService } from './invitees/service.ts';
import { inviteesModule } from './invitees/module.ts';
import { invitationsModule } from './invitations/module.ts';
import type { InvitationsService } from './invitations/service.ts';
import type { GlossaryService } from './glossary/service.ts';
import { jargonModule } from './jargon/module.ts';
import type { MeetingsService } from './meetings/service.ts';
import { meetingsModule } from './meetings/module.ts';
import type { OutcomesService } from './outcomes/service.ts';
import { outcomesModule } from './outcomes/module.ts';
import { papersModule } from './papers/module.ts';
import type { MeetingPortalService } from './portal/service.ts';
import { meetingPortalModule } from './portal/module.ts';
import type { PapersService } from './papers/service.ts';
import type { ProofingService } from './proofing/service.ts';
import { proofingModule } from './proofing/module.ts';
import type { RepliesService } from './replies/service.ts';
import { repliesModule } from './replies/module.ts';
import type { VenuesService } from './venues/service.ts';
import { venuesModule } from './venues/module.ts';

// In the order their services are built.
export const meetingsModules: Module[] = [
  meetingsModule,
  venuesModule,
  glossaryModule,
  jargonModule,
  papersModule,
  proofingModule,
  attendanceModule,
  outcomesModule,
  consultationModule,
  repliesModule,
  meetingPortalModule,
  inviteesModule,
  invitationsModule,
  // last: the demo meetings use every table above
  meetingsDemoModule,
];

declare module '#platform/modules/contract.ts' {
  interface Services {
    meetings: MeetingsService;
    venues: VenuesService;
    glossary: GlossaryService;
    papers: PapersService;
    proofing: ProofingService;
    attendance: AttendanceService;
    outcomes: OutcomesService;
    consultation: ConsultationService;
    meetingReplies: RepliesService;
    meetingPortal: MeetingPortalService;
    invitees: InviteesService;
    invitations: InvitationsService;
  }
}

// The jargon check: papers' text (PDF, DOCX, ODT) and what the check finds in it.
export { checkText, LONG_SENTENCE_WORDS } from './jargon/check.ts';
export type { CheckResult, GlossaryEntry, Language, Readability } from './jargon/check.ts';
export { ExtractError, extractText, MAX_INFLATED, paperKinds } from './jargon/extract.ts';
export type { ExtractProblem, PaperKind } from './jargon/extract.ts';
export type { GlossaryService } from './glossary/service.ts';
// What a venue lacks for a person's needs (the user-proofing check).
export { unmetNeeds, type VenueFeatures } from './venues/needs.ts';
// A meeting's papers and minutes, and when each meeting's first paper went up (user-proofing).
export { papersOf, earliestPaperUploads, type Paper } from './papers/service.ts';
// Attendance for other capabilities (money: claims from a meeting's attendance in one step).
export {
  attendedMeeting,
  attendanceOf,
  meetingsWithAttendance,
  type AttendedMeeting,
  type PersonAttendance,
} from './attendance/attendees.ts';
// What came of a meeting, for the people's portal.
export { outcomesOf, type Outcome } from './outcomes/service.ts';
// Replies to invitations (any channel) and what they can go wrong with.
export type { ReplyProblem, ReplyResult } from './replies/service.ts';
// Who is invited to a meeting (no names: people's come from the register).
export { inviteesOf, type Invitee } from './invitees/repository.ts';
// A meeting's calendar entry (.ics) in a language, for staff pages and the people's portal.
export { meetingCalendar, type CalendarMeeting } from './invitations/calendar.ts';
export { calendarMeetingById, calendarMeetingOf } from './invitations/service.ts';
// Meetings and invitees inserted directly, for other capabilities' matrix rows and tests.
export { insertInvitees, insertMeeting } from './fixtures.ts';

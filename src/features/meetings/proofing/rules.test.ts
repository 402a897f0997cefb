import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  openWarnings,
  proofMeeting,
  type ProofingInput,
  type ProofingInvitee,
  type ProofingVenue,
} from './rules.ts';

const venue = (features: Partial<ProofingVenue> = {}): ProofingVenue => ({
  step_free: true,
  accessible_toilet: true,
  hearing_loop: true,
  quiet_room: true,
  public_transport: true,
  parking: true,
  clinical_building: false,
  police_building: false,
  ...features,
});

const invitee = (overrides: Partial<ProofingInvitee> = {}): ProofingInvitee => ({
  inviteeId: 'i1',
  personId: 'p1',
  visible: true,
  displayName: 'Carys',
  preferredLanguage: 'en',
  speaksWelsh: false,
  interpreterLanguage: null,
  venueNeeds: [],
  unavailable: null,
  ...overrides,
});

const startsAt = new Date('2027-03-10T09:30:00Z');
/** A well user-proofed two-hour meeting, a month away, papers out two weeks before. */
const good = (overrides: Partial<ProofingInput> = {}): ProofingInput => ({
  meeting: {
    startsAt,
    endsAt: new Date('2027-03-10T11:30:00Z'),
    attendanceMode: 'in_person',
    languages: 'bilingual',
    simultaneousTranslation: false,
    interpreterLanguage: null,
    breakPlanned: false,
    expensesOffered: true,
    papersDueDays: 7,
    minutesDueDays: 14,
    minutesPublishedAt: null,
  },
  venue: venue(),
  papers: { count: 2, lastUploadedAt: new Date('2027-02-24T10:00:00Z'), withoutPlainSummary: 0 },
  invitees: [invitee()],
  overrides: [],
  now: new Date('2027-02-25T10:00:00Z'),
  ...overrides,
});

const statusOf = (input: ProofingInput) =>
  Object.fromEntries(proofMeeting(input).map((r) => [r.check, r.status]));
const check = (input: ProofingInput, key: string) =>
  proofMeeting(input).find((r) => r.check === key)!;

describe('user-proofing a meeting', () => {
  it('passes a well user-proofed meeting, with checks not yet due pending', () => {
    assert.deepEqual(statusOf(good()), {
      papers_early: 'met',
      time_suits: 'met',
      venue_access: 'met',
      language: 'met',
      break: 'not_applicable',
      expenses: 'met',
      plain_papers: 'met',
      minutes_published: 'pending',
    });
    assert.equal(openWarnings(proofMeeting(good())).length, 0);
  });

  it('flags papers uploaded 6 days before the meeting, not 7', () => {
    const sixDays = good({
      papers: {
        count: 1,
        lastUploadedAt: new Date('2027-03-04T09:31:00Z'),
        withoutPlainSummary: 0,
      },
    });
    const result = check(sixDays, 'papers_early');
    assert.equal(result.status, 'warning');
    assert.equal(result.findings[0]!.key, 'papersLate');
    assert.equal(result.findings[0]!.values!.before, 6);
    const sevenDays = good({
      papers: {
        count: 1,
        lastUploadedAt: new Date('2027-03-03T09:30:00Z'),
        withoutPlainSummary: 0,
      },
    });
    assert.equal(check(sevenDays, 'papers_early').status, 'met');
  });

  it('waits for papers until they are due, then warns they are missing', () => {
    const none = { count: 0, lastUploadedAt: null, withoutPlainSummary: 0 };
    assert.equal(check(good({ papers: none }), 'papers_early').status, 'pending');
    const late = good({ papers: none, now: new Date('2027-03-05T10:00:00Z') });
    assert.equal(check(late, 'papers_early').status, 'warning');
    assert.equal(check(late, 'papers_early').findings[0]!.key, 'papersMissing');
  });

  it('flags a 09:30 meeting for a carer not free before 11:00, with the reason only for staff who may see them', () => {
    const busy = invitee({ unavailable: { reason: 'School run' } });
    const result = check(good({ invitees: [busy] }), 'time_suits');
    assert.equal(result.status, 'warning');
    assert.deepEqual(result.findings[0], {
      key: 'notFreeBecause',
      values: { reason: 'School run' },
      inviteeId: 'i1',
      name: 'Carys',
    });
    const hidden = invitee({ visible: false, displayName: null, unavailable: { reason: null } });
    const anonymous = check(good({ invitees: [hidden] }), 'time_suits').findings[0]!;
    assert.equal(anonymous.key, 'notFreeSomeone');
    assert.equal(anonymous.name, null);
    assert.deepEqual(anonymous.values, {});
  });

  it('checks the venue against each invitee’s needs, and not for online meetings', () => {
    const needs = invitee({ venueNeeds: ['step_free', 'not_clinical_building'] });
    const clinic = venue({ step_free: false, clinical_building: true });
    const result = check(good({ venue: clinic, invitees: [needs] }), 'venue_access');
    assert.equal(result.status, 'warning');
    assert.equal(result.findings[0]!.key, 'venueLacks');
    assert.equal(result.findings[0]!.values!.needs, 'step_free,not_clinical_building');
    const online = good({ venue: null, invitees: [needs] });
    online.meeting.attendanceMode = 'online';
    assert.equal(check(online, 'venue_access').status, 'not_applicable');
    const hybrid = good({ venue: clinic, invitees: [needs] });
    hybrid.meeting.attendanceMode = 'hybrid';
    assert.equal(check(hybrid, 'venue_access').findings[0]!.key, 'venueLacksOnline');
  });

  it('wants Welsh or translation when an invitee prefers Welsh, and their interpreter', () => {
    const english = good({
      invitees: [
        invitee({ preferredLanguage: 'cy' }),
        invitee({ inviteeId: 'i2', interpreterLanguage: 'BSL' }),
      ],
    });
    english.meeting.languages = 'en';
    const result = check(english, 'language');
    assert.deepEqual(
      result.findings.map((f) => [f.key, f.inviteeId]),
      [
        ['prefersWelsh', 'i1'],
        ['needsInterpreter', 'i2'],
      ],
    );
    english.meeting.simultaneousTranslation = true;
    english.meeting.interpreterLanguage = 'bsl';
    assert.equal(check(english, 'language').status, 'met');
  });

  it('wants a break in meetings over two hours, and expenses offered in advance', () => {
    const long = good();
    long.meeting.endsAt = new Date('2027-03-10T12:30:00Z');
    long.meeting.expensesOffered = false;
    assert.equal(check(long, 'break').status, 'warning');
    assert.equal(check(long, 'break').findings[0]!.values!.hours, 3);
    assert.equal(check(long, 'expenses').status, 'warning');
    long.meeting.breakPlanned = true;
    assert.equal(check(long, 'break').status, 'met');
  });

  it('wants a plain-language summary of every paper', () => {
    const papers = {
      count: 3,
      lastUploadedAt: new Date('2027-02-20T10:00:00Z'),
      withoutPlainSummary: 2,
    };
    const result = check(good({ papers }), 'plain_papers');
    assert.equal(result.status, 'warning');
    assert.equal(result.findings[0]!.values!.count, 2);
  });

  it('expects minutes within the set days of the meeting, overdue after', () => {
    const after = good({ now: new Date('2027-03-20T10:00:00Z') });
    assert.equal(check(after, 'minutes_published').status, 'pending');
    const overdue = good({ now: new Date('2027-03-25T12:00:00Z') });
    assert.equal(check(overdue, 'minutes_published').findings[0]!.key, 'minutesOverdue');
    const late = good({ now: new Date('2027-04-10T10:00:00Z') });
    late.meeting.minutesPublishedAt = new Date('2027-04-01T10:00:00Z');
    assert.equal(check(late, 'minutes_published').findings[0]!.key, 'minutesLate');
    late.meeting.minutesPublishedAt = new Date('2027-03-15T10:00:00Z');
    assert.equal(check(late, 'minutes_published').status, 'met');
  });

  it('counts a warning as overridden only for the check and invitee the reason was given for', () => {
    const two = good({
      invitees: [
        invitee({ unavailable: { reason: 'Pharmacy pick-up' } }),
        invitee({ inviteeId: 'i2', unavailable: { reason: null } }),
      ],
    });
    const override = {
      check: 'time_suits' as const,
      inviteeId: 'i1',
      reason: 'Agreed by phone',
      createdAt: new Date(),
    };
    two.overrides = [override];
    assert.equal(check(two, 'time_suits').status, 'warning');
    assert.equal(openWarnings(proofMeeting(two)).length, 1);
    two.overrides = [override, { ...override, inviteeId: 'i2' }];
    assert.equal(check(two, 'time_suits').status, 'overridden');
    assert.equal(openWarnings(proofMeeting(two)).length, 0);
  });
});

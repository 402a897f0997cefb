import type { Insertable } from 'kysely';
import type { MeetingsTable, VenuesTable } from '../tables.ts';

/**
 * The demo meetings of the fictional Cwm Ffug region (issue 10 "Done when"): a well
 * user-proofed service user forum that meets every four weeks, and a poorly proofed Area
 * Planning Board meeting whose checklist shows what went wrong.
 */
export interface DemoVenue extends Omit<Insertable<VenuesTable>, 'organisation_id' | 'id'> {
  key: string;
  at: string;
}

export const demoVenues: DemoVenue[] = [
  {
    key: 'hub',
    at: 'region',
    name: 'Aberffug town centre hub: community room',
    address: '12 Stryd Fawr, Aberffug, CF99 3ZZ',
    directions_en: 'Two minutes from the bus station. The community room is on the ground floor.',
    directions_cy: 'Dwy funud o’r orsaf fysiau. Mae’r ystafell gymunedol ar y llawr gwaelod.',
    step_free: true,
    accessible_toilet: true,
    hearing_loop: true,
    quiet_room: true,
    public_transport: true,
  },
  {
    key: 'police',
    at: 'region',
    name: 'Aberffug police station: meeting room 2',
    address: 'Ffordd y Castell, Aberffug, CF99 4ZZ',
    directions_en: 'First floor, stairs only. Sign in at the front desk.',
    directions_cy: 'Llawr cyntaf, grisiau yn unig. Llofnodwch wrth y ddesg flaen.',
    parking: true,
    police_building: true,
  },
];

type MeetingFields = Omit<
  Insertable<MeetingsTable>,
  'id' | 'organisation_id' | 'venue_id' | 'series_id' | 'starts_at' | 'ends_at'
>;

/** An invitee: a demo person (by key) or a demo member of staff (by e-mail). */
export interface DemoInvitee {
  person?: string;
  account?: string;
  guest?: [string, string];
  role?: 'member' | 'representative' | 'backup' | 'observer';
  /** A back-up: the person key of the representative they stand in for. */
  backupFor?: string;
  reply?: 'yes' | 'no' | 'maybe' | 'apologies';
  channel?: 'portal' | 'link' | 'sms' | 'staff';
  attendance?: 'attended' | 'apologies' | 'did_not_attend' | 'left_early';
}

export interface DemoPaper {
  titleEn: string;
  titleCy: string;
  language: 'en' | 'cy';
  format?: 'standard' | 'large_print' | 'easy_read';
  kind?: 'agenda_paper' | 'minutes';
  summaryEn?: string;
  summaryCy?: string;
  /** Days before the meeting it was uploaded (negative: after). */
  daysBefore: number;
  lines: string[];
}

export interface DemoMeeting {
  key: string;
  at: string;
  venue: string | null;
  /** Days from today (UK date) and times (UK). */
  inDays: number;
  from: string;
  to: string;
  fields: MeetingFields;
  agenda: [string, string, number][];
  invitees: DemoInvitee[];
  papers: DemoPaper[];
  /** Invitations sent this many days before the meeting. */
  invitedDaysBefore?: number;
  /** Minutes published this many days after. */
  minutesAfterDays?: number;
  outcomes?: { kind: 'decision' | 'action'; en: string; cy: string; dueInDays?: number }[];
}

const forumFields: MeetingFields = {
  kind: 'forum',
  title_en: 'Cwm Ffug Service User Forum',
  title_cy: 'Fforwm Defnyddwyr Gwasanaeth Cwm Ffug',
  purpose_en:
    'People who use services, and their families, tell the Area Planning Board what works and what should change.',
  purpose_cy:
    'Mae pobl sy’n defnyddio gwasanaethau, a’u teuluoedd, yn dweud wrth y Bwrdd Cynllunio Ardal beth sy’n gweithio a beth ddylai newid.',
  rung: 3,
  attendance_mode: 'hybrid',
  online_details: 'The video link comes with the papers.',
  languages: 'bilingual',
  simultaneous_translation: true,
  interpreter_language: 'Arabic',
  break_planned: true,
  expenses_offered: true,
};

const forumInvitees = (past: boolean): DemoInvitee[] => [
  past
    ? { person: 'rhiannon', reply: 'yes', channel: 'portal', attendance: 'attended' }
    : { person: 'rhiannon', reply: 'yes', channel: 'portal' },
  past
    ? { person: 'dai', reply: 'yes', channel: 'sms', attendance: 'attended' }
    : { person: 'dai', reply: 'yes', channel: 'sms' },
  past
    ? { person: 'megan', reply: 'apologies', channel: 'staff', attendance: 'apologies' }
    : { person: 'megan', reply: 'maybe', channel: 'link' },
  past
    ? { person: 'amira', reply: 'yes', channel: 'sms', attendance: 'left_early' }
    : { person: 'amira' },
  {
    person: 'glenys',
    role: 'representative',
    reply: past ? 'yes' : 'apologies',
    channel: 'staff',
    ...(past ? { attendance: 'attended' as const } : {}),
  },
  past
    ? { person: 'gethin', role: 'backup', backupFor: 'glenys', attendance: 'did_not_attend' }
    : { person: 'gethin', role: 'backup', backupFor: 'glenys', reply: 'yes', channel: 'link' },
  { account: 'involvement-lead@demo.example', reply: 'yes', channel: 'staff' },
];

const forumPapers: DemoPaper[] = [
  {
    titleEn: 'Agenda and notes for the forum',
    titleCy: 'Agenda a nodiadau’r fforwm',
    language: 'en',
    summaryEn: 'What we will talk about, and what happened since the last forum.',
    summaryCy: 'Beth fyddwn ni’n siarad amdano, a beth sydd wedi digwydd ers y fforwm diwethaf.',
    daysBefore: 10,
    lines: [
      'Cwm Ffug Service User Forum',
      'Welcome and introductions.',
      'You said, we did: weekend opening at the hub.',
      'Your views on the new recovery cafe opening times.',
      'Any other business.',
    ],
  },
  {
    titleEn: 'Agenda and notes for the forum (Welsh)',
    titleCy: 'Agenda a nodiadau’r fforwm',
    language: 'cy',
    summaryEn: 'The agenda in Welsh: what we will talk about.',
    summaryCy: 'Yr agenda yn Gymraeg: beth fyddwn ni’n siarad amdano.',
    daysBefore: 10,
    lines: [
      'Fforwm Defnyddwyr Gwasanaeth Cwm Ffug',
      'Croeso a chyflwyniadau.',
      'Dywedoch chi, gwnaethom ni: agor yr hwb ar benwythnosau.',
      'Eich barn am amseroedd agor newydd y caffi adferiad.',
    ],
  },
  {
    titleEn: 'Easy read agenda',
    titleCy: 'Agenda hawdd ei darllen',
    language: 'en',
    format: 'easy_read',
    summaryEn: 'The agenda in easy read, with pictures.',
    summaryCy: 'Yr agenda mewn fformat hawdd ei ddarllen, gyda lluniau.',
    daysBefore: 10,
    lines: ['What the meeting is about.', 'We will say hello.', 'We will talk about the cafe.'],
  },
];

const boardInvitees: DemoInvitee[] = [
  { person: 'glenys', role: 'representative' },
  { person: 'megan' },
  { person: 'dai' },
  { account: 'commissioner@demo.example' },
  { account: 'organisation-admin@demo.example' },
];

export const demoMeetings: DemoMeeting[] = [
  {
    key: 'forum-1',
    at: 'regionForum',
    venue: 'hub',
    inDays: -21,
    from: '11:30',
    to: '14:00',
    fields: forumFields,
    agenda: [
      ['Welcome and introductions', 'Croeso a chyflwyniadau', 10],
      ['Weekend opening at the hub', 'Agor yr hwb ar benwythnosau', 45],
      ['Break', 'Egwyl', 15],
      ['Recovery café opening times', 'Amseroedd agor y caffi adferiad', 45],
    ],
    invitees: forumInvitees(true),
    papers: [
      ...forumPapers,
      {
        titleEn: 'Minutes of the forum',
        titleCy: 'Cofnodion y fforwm',
        language: 'en',
        kind: 'minutes',
        summaryEn: 'The hub will open on Saturday mornings from next month.',
        summaryCy: 'Bydd yr hwb yn agor ar fore Sadwrn o’r mis nesaf.',
        daysBefore: -7,
        lines: ['Minutes of the Cwm Ffug Service User Forum.', 'The hub will open on Saturdays.'],
      },
    ],
    invitedDaysBefore: 14,
    minutesAfterDays: 7,
    outcomes: [
      {
        kind: 'decision',
        en: 'The hub will open on Saturday mornings from next month, as the forum asked.',
        cy: 'Bydd yr hwb yn agor ar fore Sadwrn o’r mis nesaf, fel y gofynnodd y fforwm.',
      },
      {
        kind: 'action',
        en: 'Ask the recovery café about opening later on Thursdays, and report back.',
        cy: 'Gofyn i’r caffi adferiad am agor yn hwyrach ar ddydd Iau, ac adrodd yn ôl.',
        dueInDays: 10,
      },
    ],
  },
  {
    key: 'forum-2',
    at: 'regionForum',
    venue: 'hub',
    inDays: 7,
    from: '11:30',
    to: '14:00',
    fields: forumFields,
    agenda: [
      ['Welcome and introductions', 'Croeso a chyflwyniadau', 10],
      ['You said, we did: weekend opening', 'Dywedoch chi, gwnaethom ni: agor ar benwythnosau', 30],
      ['Break', 'Egwyl', 15],
      ['Recovery café opening times', 'Amseroedd agor y caffi adferiad', 45],
    ],
    invitees: forumInvitees(false),
    papers: forumPapers,
    invitedDaysBefore: 14,
  },
  seriesLater('forum-3', 35),
  seriesLater('forum-4', 63),
  {
    key: 'board',
    at: 'region',
    venue: 'police',
    inDays: 6,
    from: '09:30',
    to: '12:30',
    fields: {
      kind: 'board',
      title_en: 'Area Planning Board: treatment services review',
      title_cy: 'Bwrdd Cynllunio Ardal: adolygiad o wasanaethau triniaeth',
      purpose_en: 'The board reviews tier 2 and tier 3 services before recommissioning.',
      purpose_cy: 'Mae’r bwrdd yn adolygu gwasanaethau haen 2 a haen 3 cyn ailgomisiynu.',
      rung: 4,
      attendance_mode: 'in_person',
      languages: 'en',
      break_planned: false,
      expenses_offered: false,
    },
    agenda: [
      ['Performance report, quarter 2', 'Adroddiad perfformiad, chwarter 2', 60],
      ['Recommissioning of tier 2 and 3 services', 'Ailgomisiynu gwasanaethau haen 2 a 3', 90],
      ['Any other business', 'Unrhyw fater arall', 30],
    ],
    invitees: boardInvitees,
    papers: [
      {
        titleEn: 'Recommissioning options paper',
        titleCy: 'Papur opsiynau ailgomisiynu',
        language: 'en',
        daysBefore: 6,
        lines: [
          'The APB is asked to note the KPIs for tier 2 and tier 3 provision and the OST waiting times, and to agree that the commissioning intentions, subject to the outcome of the market engagement exercise and the TOMs, be progressed through the DPA and BCA processes in line with the SLA.',
          'The NSP and naloxone KPIs are RAG rated amber.',
        ],
      },
    ],
  },
  {
    key: 'board-last',
    at: 'region',
    venue: 'police',
    inDays: -20,
    from: '09:30',
    to: '12:30',
    fields: {
      kind: 'board',
      title_en: 'Area Planning Board: quarterly meeting',
      title_cy: 'Bwrdd Cynllunio Ardal: cyfarfod chwarterol',
      rung: 4,
      attendance_mode: 'in_person',
      languages: 'en',
    },
    agenda: [['Quarterly performance', 'Perfformiad chwarterol', 120]],
    invitees: [{ account: 'commissioner@demo.example', reply: 'yes', channel: 'staff' }],
    papers: [],
  },
];

/** A later meeting of the forum series: planned, nobody invited yet. */
function seriesLater(key: string, inDays: number): DemoMeeting {
  return {
    key,
    at: 'regionForum',
    venue: 'hub',
    inDays,
    from: '11:30',
    to: '14:00',
    fields: forumFields,
    agenda: [],
    invitees: [],
    papers: [],
  };
}

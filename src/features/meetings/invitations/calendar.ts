import ical from 'ical-generator';

/** What a calendar file says about a meeting: nothing about any invitee. */
export interface CalendarMeeting {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  /** The venue's name and address, or null when the meeting is online only. */
  venue: string | null;
  /** The word for "online" in the reader's language. */
  onlineLabel: string;
  description: string | null;
}

/** An .ics file (Europe/London) for one meeting; the location is the venue, or "online". */
export function meetingCalendar(meeting: CalendarMeeting, host: string): string {
  const calendar = ical({ name: meeting.title, prodId: { company: 'Cyd', product: 'meetings' } });
  calendar.timezone('Europe/London');
  calendar.createEvent({
    id: `meeting-${meeting.id}@${host}`,
    start: meeting.startsAt,
    end: meeting.endsAt,
    summary: meeting.title,
    location: meeting.venue ?? meeting.onlineLabel,
    description: meeting.description,
  });
  return calendar.toString();
}

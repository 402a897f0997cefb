import type { TFunction } from 'i18next';
import { londonParts } from '#platform/time/london.ts';
import { dateTimeFormat } from '#platform/views/views.ts';
import type { AttendanceMode } from '../tables.ts';

/** How the portal words a meeting's time and place, in the reader's language (UK time). */

/** "Tuesday 12 January 2027, 10:00 to 12:00" (UK time); a meeting past midnight names both days. */
export function whenOf(t: TFunction, lang: string, startsAt: Date, endsAt: Date) {
  const day = (at: Date) =>
    dateTimeFormat(lang, 'portalMeetingDay', {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'Europe/London',
    })
      .formatToParts(at)
      // "Tuesday 6 July 2027", without the comma Intl puts after the weekday
      .map((part) => (part.type === 'literal' ? part.value.replace(',', '') : part.value))
      .join('');
  const start = londonParts(startsAt);
  const end = londonParts(endsAt);
  return start.date === end.date
    ? t('meetingPortal:when.sameDay', { day: day(startsAt), from: start.time, to: end.time })
    : t('meetingPortal:when.days', {
        day: day(startsAt),
        from: start.time,
        endDay: day(endsAt),
        to: end.time,
      });
}

/** Where: the venue, online, or both ("to be confirmed" while an in-person meeting has none). */
export function placeOf(
  t: TFunction,
  meeting: { attendanceMode: AttendanceMode; venueName: string | null },
) {
  if (meeting.attendanceMode === 'online') return t('meetingPortal:place.online');
  if (!meeting.venueName) return t('meetingPortal:place.toBeConfirmed');
  return meeting.attendanceMode === 'hybrid'
    ? t('meetingPortal:place.hybrid', { venue: meeting.venueName })
    : meeting.venueName;
}

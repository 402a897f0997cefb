import { formatDateTime } from '#platform/views/views.ts';

/** A meeting as its staff pages' headings show it: its title in the page's language, and when. */
export const meetingHeading = (
  lang: string,
  meeting: { id: string; titleEn: string; titleCy: string; startsAt: Date },
) => ({
  id: meeting.id,
  title: lang === 'cy' ? meeting.titleCy : meeting.titleEn,
  when: formatDateTime(meeting.startsAt, lang),
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { meetingCalendar } from './calendar.ts';

const base = {
  id: 'm1',
  title: 'Forum',
  startsAt: new Date('2026-07-01T09:00:00Z'),
  endsAt: new Date('2026-07-01T11:00:00Z'),
  onlineLabel: 'online',
  description: 'What the forum is for',
};

describe('meeting calendar file', () => {
  it('is one event in Europe/London with the venue as location', () => {
    const ics = meetingCalendar({ ...base, venue: 'Town Hall, 1 High St' }, 'cyd.example');
    assert.match(ics, /BEGIN:VCALENDAR/);
    assert.equal(ics.match(/BEGIN:VEVENT/g)?.length, 1);
    assert.match(ics, /Europe\/London/);
    assert.match(ics, /LOCATION:Town Hall\\, 1 High St/);
    assert.match(ics, /SUMMARY:Forum/);
    assert.match(ics, /UID:meeting-m1@cyd.example/);
  });

  it('says "online" when there is no venue, and names no invitee', () => {
    const ics = meetingCalendar({ ...base, venue: null, onlineLabel: 'ar-lein' }, 'cyd.example');
    assert.match(ics, /LOCATION:ar-lein/);
    assert.doesNotMatch(ics, /ATTENDEE|ORGANIZER/);
  });
});

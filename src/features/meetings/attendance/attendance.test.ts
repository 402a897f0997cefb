import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertTestPerson } from '#features/register';
import { insertMeeting, meetingsSuite } from '#test/support/meetings.ts';
import { visibleText } from '#test/support/html.ts';

describe('attendance on the day', () => {
  const suite = meetingsSuite('attendance', 'Attendance tester');
  const { org, signedIn } = suite;

  /** A two-hour forum that started `hoursAgo` ago with two people, a member of staff and a guest. */
  async function forum(hoursAgo = 1) {
    const { db, config } = suite.t.services;
    const organisationId = org['Provider A']!.id;
    const chair = await insertTestPerson(db, config.encryptionKey, {
      organisationId,
      displayName: 'Chair Person',
    });
    const member = await insertTestPerson(db, config.encryptionKey, {
      organisationId,
      displayName: 'Member Person',
    });
    const meetingId = await insertMeeting(db, organisationId, {
      startsInHours: -hoursAgo,
      title_en: 'Forum',
      rung: 4,
      chair_person_id: chair,
    });
    const rows = await db
      .insertInto('meeting_invitees')
      .values([
        { meeting_id: meetingId, person_id: chair, role: 'representative' },
        { meeting_id: meetingId, person_id: member },
        { meeting_id: meetingId, guest_name: 'Guest Speaker', guest_email: 'guest@example.org' },
      ])
      .returning(['id', 'person_id'])
      .execute();
    const inviteeOf = (personId: string | null) => rows.find((r) => r.person_id === personId)!.id;
    return {
      meetingId,
      chair,
      member,
      chairInvitee: inviteeOf(chair),
      memberInvitee: inviteeOf(member),
      guestInvitee: inviteeOf(null),
    };
  }

  const recordsOf = (personId: string) =>
    suite.t.services.db
      .selectFrom('involvement_records')
      .select(['id', 'hours', 'rung', 'role', 'method', 'level'])
      .where('person_id', '=', personId)
      .execute();

  it('records involvement exactly once per person who took part, and corrects it', async () => {
    const f = await forum();
    const lead = await signedIn('involvement_lead', 'Provider A');
    const url = `/meetings/${f.meetingId}/attendance`;
    const page = await lead.agent.get(url);
    assert.equal(page.statusCode, 200);
    assert.match(visibleText(page.body), /Chair Person.*Guest Speaker.*Member Person/);
    const marks = {
      [`mark-${f.chairInvitee}`]: 'attended',
      [`mark-${f.memberInvitee}`]: 'left_early',
      [`mark-${f.guestInvitee}`]: 'attended',
    };
    const saved = await lead.agent.post(url, marks);
    assert.equal(saved.statusCode, 303);
    assert.match(
      visibleText((await lead.agent.get(saved.headers.location as string)).body),
      /Attendance saved: 3 changes\./,
    );
    await lead.agent.get(url);
    await lead.agent.post(url, marks); // saving again changes nothing
    const chairRecords = await recordsOf(f.chair);
    assert.equal(chairRecords.length, 1, 'one record for the chair');
    assert.deepEqual(
      { ...chairRecords[0], id: undefined },
      { id: undefined, hours: 2, rung: 4, role: 'chair', method: 'forum', level: 'service' },
    );
    const memberRecords = await recordsOf(f.member);
    assert.equal(memberRecords.length, 1);
    assert.equal(memberRecords[0]!.hours, 1, 'half the meeting for leaving early');

    await lead.agent.get(url);
    await lead.agent.post(url, { [`mark-${f.memberInvitee}`]: 'did_not_attend' });
    assert.equal((await recordsOf(f.member)).length, 0, 'a corrected mark takes the record back');
    await lead.agent.get(url);
    await lead.agent.post(url, { [`mark-${f.memberInvitee}`]: 'attended' });
    assert.equal((await recordsOf(f.member)).length, 1, 'and marking again records once');
    const invitee = await suite.t.services.db
      .selectFrom('meeting_invitees')
      .select(['attendance', 'involvement_record_id'])
      .where('id', '=', f.memberInvitee)
      .executeTakeFirstOrThrow();
    assert.equal(invitee.attendance, 'attended');
    assert.ok(invitee.involvement_record_id);
    const marked = await suite.t.services.db
      .selectFrom('audit_log')
      .select('subject_id')
      .where('action', '=', 'meeting.attendance_marked')
      .where('subject_id', 'in', [f.chair, f.member])
      .execute();
    assert.equal(marked.length, 4, 'each change to a person is audited');
  });

  it('waits for the day of the meeting, and refuses forged or foreign marks', async () => {
    const future = await forum(-48);
    const lead = await signedIn('involvement_lead', 'Provider A');
    await lead.agent.get(`/meetings/${future.meetingId}/attendance`);
    const early = await lead.agent.post(`/meetings/${future.meetingId}/attendance`, {
      [`mark-${future.chairInvitee}`]: 'attended',
    });
    assert.equal(early.statusCode, 400);
    assert.match(visibleText(early.body), /Attendance can be taken from the day of the meeting/);
    assert.equal((await recordsOf(future.chair)).length, 0);

    const today = await forum();
    await lead.agent.get(`/meetings/${today.meetingId}/attendance`);
    const forged = await lead.agent.post(`/meetings/${today.meetingId}/attendance`, {
      [`mark-${future.chairInvitee}`]: 'attended',
    });
    assert.equal(forged.statusCode, 400, 'an invitee of another meeting');
    await lead.agent.get(`/meetings/${today.meetingId}/attendance`);
    const nonsense = await lead.agent.post(`/meetings/${today.meetingId}/attendance`, {
      [`mark-${today.chairInvitee}`]: 'teleported',
    });
    assert.equal(nonsense.statusCode, 400);
    const other = await signedIn('involvement_lead', 'Provider B');
    assert.equal(
      (await other.agent.get(`/meetings/${today.meetingId}/attendance`)).statusCode,
      404,
    );
  });

  it('shows a person’s attendance history to staff who may see them, in Welsh too', async () => {
    const f = await forum(30);
    const staff = await signedIn('staff', 'Provider A');
    await staff.agent.get(`/meetings/${f.meetingId}/attendance`);
    await staff.agent.post(`/meetings/${f.meetingId}/attendance`, {
      [`mark-${f.memberInvitee}`]: 'apologies',
    });
    const page = await staff.agent.get(`/meetings/people/${f.member}`);
    assert.equal(page.statusCode, 200);
    const text = visibleText(page.body);
    assert.match(text, /Meetings for Member Person/);
    assert.match(text, /Forum Member · No reply yet Sent apologies/);
    const welsh = visibleText((await staff.agent.get(`/meetings/people/${f.member}?lang=cy`)).body);
    assert.match(welsh, /Cyfarfodydd ar gyfer Member Person/);
    const other = await signedIn('staff', 'Provider B');
    assert.equal((await other.agent.get(`/meetings/people/${f.member}`)).statusCode, 404);
    const viewer = await signedIn('viewer', 'Provider A');
    assert.equal((await viewer.agent.get(`/meetings/people/${f.member}`)).statusCode, 404);
  });
});

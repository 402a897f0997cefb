import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertTestPerson } from '#features/register';
import {
  insertMeeting,
  insertRepresentativeAndBackup,
  meetingsSuite,
} from '#test/support/meetings.ts';
import { visibleText } from '#test/support/html.ts';

describe('staff record a reply for someone', () => {
  const suite = meetingsSuite('staff-replies', 'Staff replies tester');
  const { org, signedIn } = suite;

  /** A forum next week at Provider A with a representative and their back-up from the register. */
  async function forum() {
    const { db, config } = suite.t.services;
    const organisationId = org['Provider A']!.id;
    const rep = await insertTestPerson(db, config.encryptionKey, {
      organisationId,
      displayName: 'Rhian Representative',
    });
    const backup = await insertTestPerson(db, config.encryptionKey, {
      organisationId,
      displayName: 'Bethan Backup',
      phone: '07700 900444',
    });
    const meetingId = await insertMeeting(db, organisationId, {
      startsInHours: 7 * 24,
      hours: 1,
      kind: 'board',
    });
    const invitees = await insertRepresentativeAndBackup(db, meetingId, {
      representative: rep,
      backup,
    });
    return { meetingId, rep, backup, inviteeId: invitees.representativeInvitee };
  }

  it('shows the invitee (audited), records the reply as staff and offers the back-up the place', async () => {
    const f = await forum();
    const lead = await signedIn('involvement_lead', 'Provider A');
    const url = `/meetings/${f.meetingId}/replies/${f.inviteeId}`;
    const page = await lead.agent.get(url);
    assert.equal(page.statusCode, 200);
    assert.match(visibleText(page.body), /Record a reply for Rhian Representative/);
    assert.match(visibleText(page.body), /No reply yet/);
    const viewed = await suite.t.services.db
      .selectFrom('audit_log')
      .select(['subject_id', 'actor_account_id'])
      .where('action', '=', 'meeting.reply_form_viewed')
      .where('subject_id', '=', f.rep)
      .execute();
    assert.deepEqual(viewed, [{ subject_id: f.rep, actor_account_id: lead.accountId }]);

    const empty = await lead.agent.post(url, {});
    assert.equal(empty.statusCode, 400);
    assert.match(visibleText(empty.body), /Choose the reply they gave/);

    const saved = await lead.agent.post(url, { reply: 'apologies' });
    assert.equal(saved.statusCode, 303);
    const after = visibleText((await lead.agent.follow(saved)).body);
    assert.match(after, /Their back-up has been offered the place/);
    assert.match(after, /Reply so far: Sent apologies \(Told a member of staff/);
    const invitee = await suite.t.services.db
      .selectFrom('meeting_invitees')
      .select(['reply', 'reply_channel'])
      .where('id', '=', f.inviteeId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(invitee, { reply: 'apologies', reply_channel: 'staff' });
    const replied = await suite.t.services.db
      .selectFrom('audit_log')
      .select(['actor_account_id', 'details'])
      .where('action', '=', 'meeting.replied')
      .where('subject_id', '=', f.meetingId)
      .execute();
    assert.deepEqual(replied, [
      {
        actor_account_id: lead.accountId,
        details: { inviteeId: f.inviteeId, reply: 'apologies', channel: 'staff' },
      },
    ]);
    const offers = await suite.t.services.db
      .selectFrom('person_messages')
      .select('id')
      .where('person_id', '=', f.backup)
      .where('template', 'like', 'meetingBackupOffer%')
      .execute();
    assert.equal(offers.length, 1);
  });

  it('keeps other organisations’ meetings and other meetings’ invitees out (404), and non-managers (403)', async () => {
    const f = await forum();
    const other = await forum();
    const url = `/meetings/${f.meetingId}/replies/${f.inviteeId}`;
    const elsewhere = await signedIn('involvement_lead', 'Provider B');
    assert.equal((await elsewhere.agent.get(url)).statusCode, 404);
    const lead = await signedIn('involvement_lead', 'Provider A');
    assert.equal(
      (await lead.agent.get(`/meetings/${f.meetingId}/replies/${other.inviteeId}`)).statusCode,
      404,
    );
    const staff = await signedIn('staff', 'Provider A');
    assert.equal((await staff.agent.get(url)).statusCode, 403);

    await suite.t.services.db
      .updateTable('meetings')
      .set({ status: 'cancelled', cancelled_at: new Date() })
      .where('id', '=', f.meetingId)
      .execute();
    const closed = await lead.agent.get(url);
    assert.match(visibleText(closed.body), /This meeting has been cancelled/);
    assert.doesNotMatch(closed.body, /name="reply"/);
  });
});

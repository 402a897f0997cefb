import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertTestPerson } from '#features/register';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { auditAbout, organisationTree } from '#test/support/fixture.ts';
import { insertMeeting, insertRepresentativeAndBackup } from '#test/support/meetings.ts';
import { inviteeOfToken } from '../invitations/tokens.ts';

describe('recording a reply to an invitation', () => {
  let t: TestApp;
  const { org, add } = organisationTree(() => t, 'replies', 'Replies tester');

  before(async () => {
    t = await startTestApp();
    await add('Provider A');
  });
  after(() => t.close());

  /** A forum `hoursAhead` from now with a representative, their back-up (Welsh) and a member. */
  async function forum(hoursAhead = 48) {
    const { db, config } = t.services;
    const organisationId = org['Provider A']!.id;
    const person = (displayName: string, language: 'en' | 'cy' = 'en') =>
      insertTestPerson(db, config.encryptionKey, {
        organisationId,
        displayName,
        phone: `07700 9${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`,
        fields: { preferred_language: language },
      });
    const rep = await person('Rep Person');
    const backup = await person('Backup Person', 'cy');
    const member = await person('Member Person');
    const meetingId = await insertMeeting(db, organisationId, {
      startsInHours: hoursAhead,
      title_cy: 'Fforwm',
    });
    const invitees = await insertRepresentativeAndBackup(db, meetingId, {
      representative: rep,
      backup,
    });
    const memberInvitee = await db
      .insertInto('meeting_invitees')
      .values({ meeting_id: meetingId, person_id: member })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      meetingId,
      backup,
      repInvitee: invitees.representativeInvitee,
      backupInvitee: invitees.backupInvitee,
      memberInvitee: memberInvitee.id,
    };
  }

  const inviteeRow = (id: string) =>
    t.services.db
      .selectFrom('meeting_invitees')
      .select(['reply', 'replied_at', 'reply_channel', 'backup_offered_at', 'invited_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  const offersTo = (personId: string) =>
    t.services.db
      .selectFrom('person_messages')
      .select(['template', 'personalisation', 'status'])
      .where('person_id', '=', personId)
      .where('template', 'like', 'meetingBackupOffer%')
      .execute();

  const auditOf = (meetingId: string, action: string) =>
    auditAbout(t.services.db, meetingId, action);

  it('stores a reply once, replaces it with a different one, and audits each change', async () => {
    const f = await forum();
    const replies = t.services.meetingReplies;
    const first = new Date();
    assert.deepEqual(
      await replies.recordReply(f.memberInvitee, 'yes', 'link', { accountId: null }, first),
      { ok: true, changed: true, backupOffered: false },
    );
    assert.deepEqual(
      await replies.recordReply(f.memberInvitee, 'yes', 'sms', { accountId: null }),
      { ok: true, changed: false, backupOffered: false },
      'the same reply twice changes nothing',
    );
    let row = await inviteeRow(f.memberInvitee);
    assert.equal(row.reply, 'yes');
    assert.equal(row.reply_channel, 'link', 'nothing rewritten');
    assert.equal(row.replied_at?.getTime(), first.getTime());

    assert.deepEqual(
      await replies.recordReply(f.memberInvitee, 'maybe', 'portal', { accountId: null }),
      { ok: true, changed: true, backupOffered: false },
    );
    row = await inviteeRow(f.memberInvitee);
    assert.equal(row.reply, 'maybe');
    assert.equal(row.reply_channel, 'portal');

    const audited = await auditOf(f.meetingId, 'meeting.replied');
    assert.deepEqual(
      audited.map((a) => a.details),
      [
        { inviteeId: f.memberInvitee, reply: 'yes', channel: 'link' },
        { inviteeId: f.memberInvitee, reply: 'maybe', channel: 'portal' },
      ],
    );
    assert.doesNotMatch(JSON.stringify(audited), /Member Person/);
  });

  it('refuses a reply for nobody, a cancelled meeting, or one that has started', async () => {
    const replies = t.services.meetingReplies;
    const by = { accountId: null };
    assert.deepEqual(
      await replies.recordReply('00000000-0000-4000-8000-000000000000', 'yes', 'link', by),
      { ok: false, problem: 'notFound' },
    );
    const started = await forum(-1);
    assert.deepEqual(await replies.recordReply(started.memberInvitee, 'yes', 'link', by), {
      ok: false,
      problem: 'over',
    });
    const f = await forum();
    assert.deepEqual(
      await replies.recordReply(
        f.memberInvitee,
        'yes',
        'link',
        by,
        new Date(Date.now() + 49 * 3_600_000),
      ),
      { ok: false, problem: 'over' },
      'now is the caller’s clock',
    );
    await t.services.db
      .updateTable('meetings')
      .set({ status: 'cancelled', cancelled_at: new Date() })
      .where('id', '=', f.meetingId)
      .execute();
    assert.deepEqual(await replies.recordReply(f.memberInvitee, 'yes', 'link', by), {
      ok: false,
      problem: 'cancelled',
    });
    assert.equal((await inviteeRow(f.memberInvitee)).reply, null);
  });

  it('an apology from a rep offers the back-up the place once', async () => {
    const f = await forum();
    const replies = t.services.meetingReplies;
    const staff = { accountId: null };
    const results = [];
    for (const reply of ['apologies', 'no', 'apologies'] as const)
      results.push(await replies.recordReply(f.repInvitee, reply, 'staff', staff));
    assert.deepEqual(
      results.map((r) => r.ok && [r.changed, r.backupOffered]),
      [
        [true, true],
        [true, false],
        [true, false],
      ],
    );
    const offers = await offersTo(f.backup);
    assert.equal(offers.length, 1, 'one message to the back-up');
    const personalisation = offers[0]!.personalisation;
    assert.equal(personalisation.title, 'Fforwm', 'in the back-up’s language');
    assert.match(personalisation.link!, /\/r\/[\w-]{20,}$/);
    const token = personalisation.link!.split('/r/')[1]!;
    assert.equal(await inviteeOfToken(t.services.db, token), f.backupInvitee);
    assert.ok((await inviteeRow(f.repInvitee)).backup_offered_at);
    // offered the place: the back-up counts as invited (portal, text replies)
    assert.ok((await inviteeRow(f.backupInvitee)).invited_at);
    assert.equal((await auditOf(f.meetingId, 'meeting.backup_offered')).length, 1);
    assert.doesNotMatch(JSON.stringify(await auditOf(f.meetingId, 'meeting.replied')), /Person/);
  });

  it('two apologies at once offer the place once; a yes offers nothing', async () => {
    const f = await forum();
    const replies = t.services.meetingReplies;
    const by = { accountId: null };
    await Promise.all([
      replies.recordReply(f.repInvitee, 'apologies', 'sms', by),
      replies.recordReply(f.repInvitee, 'no', 'link', by),
    ]);
    assert.equal((await offersTo(f.backup)).length, 1);

    const g = await forum();
    await replies.recordReply(g.repInvitee, 'yes', 'link', by);
    await replies.recordReply(g.memberInvitee, 'apologies', 'link', by);
    assert.equal((await offersTo(g.backup)).length, 0);
    assert.equal((await inviteeRow(g.repInvitee)).backup_offered_at, null);
  });
});

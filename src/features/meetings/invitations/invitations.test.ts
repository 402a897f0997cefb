import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Insertable } from 'kysely';
import { insertTestPerson } from '#features/register';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { insertTestAccount, organisationTree } from '#test/support/fixture.ts';
import { visibleText } from '#test/support/html.ts';
import { insertMeeting } from '#test/support/meetings.ts';
import { insertPaper } from '#test/support/meetings-papers.ts';
import type { MeetingsTable } from '../tables.ts';
import type { MeetingPapersTable } from '../papers/tables.ts';
import { papersDue, repliesOutstanding } from './attention.ts';
import { papersInTime } from './evidence.ts';
import { invitationsModule, REMINDERS_JOB } from './module.ts';
import { meetingDetails } from './service.ts';
import type { MeetingToSend } from './repository.ts';
import { reminderTimes, ukTimeOn } from './reminders.ts';
import { inviteeOfToken } from './tokens.ts';
import { askAttention } from '#platform/modules/attention.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('invitations, papers and reminders', () => {
  let t: TestApp;
  const { org, add, signedIn } = organisationTree(() => t, 'invitations', 'Invitations tester');

  before(async () => {
    t = await startTestApp();
    await add('Region');
    await add('Provider A', 'Region', { nameCy: 'Darparwr A' });
    await add('Provider B', 'Region');
  });
  after(() => t.close());

  const meeting = (values: Partial<Insertable<MeetingsTable>> = {}, at = 'Provider A') =>
    insertMeeting(t.services.db, org[at]!.id, {
      startsInHours: 10 * 24,
      title_en: 'Spring forum',
      title_cy: 'Fforwm y gwanwyn',
      ...values,
    });

  const person = (fields: Record<string, unknown> = {}, consents?: ('register' | 'contact')[]) =>
    insertTestPerson(t.services.db, t.services.config.encryptionKey, {
      organisationId: org['Provider A']!.id,
      email: `${crypto.randomUUID()}@people.example`,
      ...(consents ? { consents } : {}),
      fields,
    });

  const invite = (meetingId: string, values: Record<string, unknown>[]) =>
    t.services.db
      .insertInto('meeting_invitees')
      .values(values.map((v) => ({ meeting_id: meetingId, ...v })))
      .returning(['id', 'person_id as personId'])
      .execute();

  const messagesOf = (personIds: string[]) =>
    t.services.db
      .selectFrom('person_messages')
      .select(['person_id as personId', 'template', 'status', 'reason', 'personalisation'])
      .where('person_id', 'in', personIds)
      .execute();

  const paper = (meetingId: string, values: Partial<Insertable<MeetingPapersTable>> = {}) =>
    insertPaper(t.services.db, meetingId, values);

  it('tells everyone invited, in their language, when a meeting is cancelled', async () => {
    const meetingId = await meeting();
    const welsh = await person({ preferred_language: 'cy' });
    const notYet = await person();
    await invite(meetingId, [
      { person_id: welsh, invited_at: new Date() },
      { person_id: notYet },
      { guest_name: 'Guest', guest_email: 'cancel@guest.example', invited_at: new Date() },
    ]);
    const lead = await signedIn('involvement_lead', 'Provider A');
    await lead.agent.get(`/meetings/${meetingId}/cancel`);
    const cancelled = await lead.agent.post(`/meetings/${meetingId}/cancel`, {
      reason: 'The room flooded',
    });
    assert.equal(cancelled.statusCode, 303);
    const messages = await messagesOf([welsh, notYet]);
    assert.deepEqual(
      messages.map((m) => [m.personId, m.template]),
      [[welsh, 'meetingCancelled']],
      'only people already invited are told',
    );
    assert.equal(messages[0]!.personalisation.title, 'Fforwm y gwanwyn');
    const emails = await t.services.db
      .selectFrom('outbox_messages')
      .select('recipient')
      .where('reference', '=', `meetingCancelled-${meetingId}`)
      .execute();
    assert.deepEqual(
      emails.map((e) => e.recipient),
      ['cancel@guest.example'],
    );
  });

  it('invites people through safe contact, staff and guests by e-mail, once', async () => {
    const meetingId = await meeting({ languages: 'bilingual' });
    const welsh = await person({ preferred_language: 'cy' });
    const easy = await person({ formats: ['easy_read'] });
    const noConsent = await person({}, ['register']);
    const backup = await person();
    const staff = await insertTestAccount(t.services.db, {
      email: `staff-${crypto.randomUUID()}@staff.example`,
      name: 'Staff Member',
      language: 'cy',
    });
    const invitees = await invite(meetingId, [
      { person_id: welsh },
      { person_id: easy },
      { person_id: noConsent },
      { account_id: staff },
      { guest_name: 'Guest Speaker', guest_email: 'speaker@guest.example' },
      // offered a place only if the representative cannot come (helper "replies")
      { person_id: backup, role: 'backup' },
    ]);
    const lead = await signedIn('involvement_lead', 'Provider A');
    const url = `/meetings/${meetingId}/invitations`;
    const page = await lead.agent.get(url);
    assert.equal(page.statusCode, 200);
    assert.match(visibleText(page.body), /Not yet invited\s*5/);
    const sent = await lead.agent.post(`${url}/send`, {});
    assert.equal(sent.statusCode, 303);
    const after = visibleText((await lead.agent.get(sent.headers.location as string)).body);
    assert.match(after, /Invitations sent to 5 invitees: 2 messages queued, 2 e-mails sent\./);
    assert.match(after, /Not sent: no consent to contact\s*1/);
    assert.match(
      after,
      /Not yet invited\s*0\s*Back-ups \(offered a place only if their representative cannot come\)\s*1/,
    );

    const messages = await messagesOf([welsh, easy, noConsent]);
    const of = (id: string) => messages.find((m) => m.personId === id)!;
    assert.equal(of(welsh).template, 'meetingInvitation');
    assert.equal(of(easy).template, 'meetingInvitation.easyRead');
    assert.equal(of(noConsent).status, 'blocked');
    assert.equal(of(noConsent).reason, 'no_consent');
    const welshText = of(welsh).personalisation;
    assert.equal(welshText.title, 'Fforwm y gwanwyn');
    assert.equal(welshText.organisation, 'Darparwr A');
    assert.equal(welshText.place, 'Ar-lein');
    const token = /\/r\/([A-Za-z0-9_-]+)$/.exec(welshText.link!)?.[1];
    assert.ok(token, 'a reply link');
    const welshInvitee = invitees.find((i) => i.personId === welsh)!.id;
    assert.equal(await inviteeOfToken(t.services.db, token), welshInvitee);

    const emails = await t.services.db
      .selectFrom('outbox_messages')
      .select(['recipient', 'language', 'body'])
      .where('reference', '=', `meetingInvitationStaff-${meetingId}`)
      .execute();
    assert.equal(emails.length, 2);
    const staffEmail = emails.find((e) => e.recipient.startsWith('staff-'))!;
    assert.equal(staffEmail.language, 'cy');
    assert.match(staffEmail.body, new RegExp(`/meetings/${meetingId}$`));
    const guestEmail = emails.find((e) => e.recipient === 'speaker@guest.example')!;
    assert.match(guestEmail.body, /\/r\/[A-Za-z0-9_-]+$/);

    const invited = await t.services.db
      .selectFrom('meeting_invitees')
      .select(['invited_at', 'role'])
      .where('meeting_id', '=', meetingId)
      .execute();
    assert.ok(invited.every((i) => (i.invited_at !== null) === (i.role !== 'backup')));
    assert.equal((await messagesOf([backup])).length, 0, 'the back-up is not invited');
    const audit = await t.services.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'meeting.invited')
      .where('subject_id', '=', meetingId)
      .execute();
    assert.equal(audit.length, 1);
    assert.deepEqual(audit[0]!.details, {
      count: 5,
      queued: 2,
      blocked: { no_consent: 1 },
      emails: 2,
    });

    // nobody left to invite: nothing goes twice
    const again = await lead.agent.post(`${url}/send`, {});
    assert.equal(again.statusCode, 400);
    assert.match(visibleText(again.body), /Everyone on the invitee list has already been invited/);
    assert.equal((await messagesOf([welsh, easy, noConsent])).length, 3);
  });

  it('tells invitees the papers are ready, easy-read readers of the easy-read version', async () => {
    const meetingId = await meeting();
    const plain = await person();
    const easy = await person({ formats: ['easy_read'] });
    await invite(meetingId, [{ person_id: plain }, { person_id: easy }]);
    const lead = await signedIn('involvement_lead', 'Provider A');
    const url = `/meetings/${meetingId}/invitations`;
    await lead.agent.get(url);
    const none = await lead.agent.post(`${url}/papers`, {});
    assert.equal(none.statusCode, 400);
    assert.match(visibleText(none.body), /There are no papers yet/);
    await paper(meetingId);
    await paper(meetingId, { format: 'easy_read' });
    const early = await lead.agent.post(`${url}/papers`, {});
    assert.equal(early.statusCode, 400);
    assert.match(visibleText(early.body), /Nobody has been invited yet/);
    await lead.agent.post(`${url}/send`, {});
    await lead.agent.get(url);
    const sent = await lead.agent.post(`${url}/papers`, {});
    assert.equal(sent.statusCode, 303);
    const messages = (await messagesOf([plain, easy])).filter((m) =>
      m.template.startsWith('meetingPapers'),
    );
    const easyMessage = messages.find((m) => m.personId === easy)!;
    assert.equal(easyMessage.template, 'meetingPapers.easyRead');
    assert.equal(
      easyMessage.personalisation.easyRead,
      'There is an easy read version of the papers.',
    );
    assert.equal(messages.length, 2);
    const page = visibleText((await lead.agent.get(sent.headers.location as string)).body);
    assert.match(page, /2 invitees told the papers are ready/);
    assert.doesNotMatch(page, /Papers\s*Not yet/);
  });

  it('queues 500 invitations, and then 500 papers messages, in under 5 seconds each', async () => {
    const meetingId = await meeting();
    const ids: string[] = [];
    for (let i = 0; i < 500; i += 50)
      ids.push(...(await Promise.all(Array.from({ length: 50 }, () => person()))));
    await invite(
      meetingId,
      ids.map((id) => ({ person_id: id })),
    );
    await paper(meetingId);
    const lead = await signedIn('involvement_lead', 'Provider A');
    const url = `/meetings/${meetingId}/invitations`;
    for (const [path, template] of [
      ['send', 'meetingInvitation'],
      ['papers', 'meetingPapers'],
    ] as const) {
      await lead.agent.get(url);
      const started = performance.now();
      const response = await lead.agent.post(`${url}/${path}`, {});
      const elapsed = performance.now() - started;
      assert.equal(response.statusCode, 303);
      const row = await t.services.db
        .selectFrom('person_messages')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('person_id', 'in', ids)
        .where('template', '=', template)
        .executeTakeFirstOrThrow();
      assert.equal(Number(row.n), 500);
      assert.ok(elapsed < 5_000, `${path}: ${Math.round(elapsed)} ms`);
      console.log(`500 ${path} queued in ${Math.round(elapsed)} ms`);
    }
  });

  it('refuses to send for a cancelled or past meeting, and says why on the page', async () => {
    const cancelled = await meeting({ status: 'cancelled', cancelled_at: new Date() });
    const past = await meeting({ starts_at: new Date(Date.now() - DAY) });
    await invite(cancelled, [{ guest_name: 'Guest', guest_email: 'g1@guest.example' }]);
    await invite(past, [{ guest_name: 'Guest', guest_email: 'g2@guest.example' }]);
    const lead = await signedIn('involvement_lead', 'Provider A');
    for (const [id, reason] of [
      [cancelled, /This meeting was cancelled/],
      [past, /This meeting has started/],
    ] as const) {
      const page = await lead.agent.get(`/meetings/${id}/invitations`);
      assert.match(visibleText(page.body), reason);
      assert.match(page.body, /<button[^>]*disabled[^>]*>\s*Send invitations/);
      const refused = await lead.agent.post(`/meetings/${id}/invitations/send`, {});
      assert.equal(refused.statusCode, 400);
    }
    // viewers see the page without the buttons; other organisations' meetings are 404
    const viewer = await signedIn('viewer', 'Provider A');
    const seen = await viewer.agent.get(`/meetings/${past}/invitations`);
    assert.equal(seen.statusCode, 200);
    assert.doesNotMatch(seen.body, /Send invitations/);
    const other = await signedIn('involvement_lead', 'Provider B');
    assert.equal((await other.agent.get(`/meetings/${past}/invitations`)).statusCode, 404);
  });

  it('says where: the venue, online, or both, in each language', () => {
    const base = {
      venueName: 'Town Hall',
      venueAddress: '1 High St',
      organisationEn: 'Org',
      organisationCy: 'Sefydliad',
      titleEn: 'Forum',
      titleCy: 'Fforwm',
      startsAt: new Date('2026-07-01T13:00:00Z'),
    } as MeetingToSend;
    const place = (attendanceMode: MeetingToSend['attendanceMode'], lang: 'en' | 'cy') =>
      meetingDetails({ ...base, attendanceMode }, lang, t.services.i18n).place;
    assert.equal(place('in_person', 'en'), 'Town Hall, 1 High St');
    assert.equal(place('hybrid', 'cy'), 'Town Hall, 1 High St (neu ymunwch ar-lein)');
    assert.equal(place('online', 'en'), 'Online');
    assert.equal(
      meetingDetails({ ...base, attendanceMode: 'online' }, 'cy', t.services.i18n).date,
      '1 Gorff 2026, 14:00',
    );
  });

  it('gives a calendar file in the page language, with nobody invited in it', async () => {
    const venue = await t.services.db
      .insertInto('venues')
      .values({ organisation_id: org['Provider A']!.id, name: 'Town Hall', address: '1 High St' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const meetingId = await meeting({ attendance_mode: 'in_person', venue_id: venue.id });
    await invite(meetingId, [{ guest_name: 'Secret Guest', guest_email: 'secret@guest.example' }]);
    const welsh = await signedIn('staff', 'Provider A', 'cy');
    const response = await welsh.agent.get(`/meetings/${meetingId}/calendar.ics`);
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/calendar/);
    assert.match(String(response.headers['content-disposition']), /^attachment; filename=/);
    assert.match(response.body, /SUMMARY:Fforwm y gwanwyn/);
    assert.match(response.body, /LOCATION:Town Hall\\, 1 High St/);
    assert.doesNotMatch(response.body, /Secret|secret@/);
  });

  it('sends each due reminder once, to those invited who have not said no', async () => {
    // 14:00 UK time three days from now (the job is given its own `now` below)
    const startsAt = ukTimeOn(new Date(Date.now() + 3 * DAY), '14:00');
    const meetingId = await meeting({ starts_at: startsAt });
    const [coming, declined, late, notInvited] = await Promise.all([
      person(),
      person(),
      person(),
      person(),
    ]);
    const longAgo = new Date(startsAt.getTime() - 10 * DAY);
    await invite(meetingId, [
      { person_id: coming, invited_at: longAgo, reply: 'yes' },
      { person_id: declined, invited_at: longAgo, reply: 'apologies' },
      // invited after the two-day reminder's time: that one is not sent to them
      { person_id: late, invited_at: new Date(startsAt.getTime() - 47 * HOUR) },
      { person_id: notInvited },
    ]);
    const { invitations } = t.services;
    const reminders = () =>
      messagesOf([coming, declined, late, notInvited]).then((m) =>
        m.filter((x) => x.template.startsWith('meetingReminder')),
      );
    const twoDays = new Date(startsAt.getTime() - 47.5 * HOUR);
    await invitations.sendDueReminders(new Date(startsAt.getTime() - 49.5 * HOUR));
    assert.equal((await reminders()).length, 0, 'nothing due yet');
    await invitations.sendDueReminders(twoDays);
    await invitations.sendDueReminders(twoDays); // running twice sends once
    await invitations.sendDueReminders(new Date(twoDays.getTime() + 10 * 60_000));
    let sent = await reminders();
    assert.deepEqual(
      sent.map((m) => m.personId),
      [coming],
    );
    const rows = await t.services.db
      .selectFrom('meeting_reminders_sent as s')
      .innerJoin('meeting_invitees as i', 'i.id', 's.invitee_id')
      .select(['i.person_id', 's.reminder_key'])
      .where('i.meeting_id', '=', meetingId)
      .execute();
    assert.deepEqual(rows, [{ person_id: coming, reminder_key: 'two_days' }]);
    // the morning of the meeting: both who may come are reminded
    const morning = reminderTimes(startsAt).find((r) => r.key === 'morning')!.at;
    await invitations.sendDueReminders(new Date(morning.getTime() + 60_000));
    sent = await reminders();
    assert.equal(sent.length, 3);
    assert.equal(sent.filter((m) => m.personId === late).length, 1);
    // the page says which reminders went
    const lead = await signedIn('involvement_lead', 'Provider A');
    const page = visibleText((await lead.agent.get(`/meetings/${meetingId}/invitations`)).body);
    assert.match(page, /Two days before.*sent to 1 person/);
    assert.match(page, /On the morning of the meeting.*sent to 2 people/);
  });

  it('runs the reminder job every five minutes', () => {
    const [job] = invitationsModule.jobs!(t.services);
    assert.equal(job?.name, REMINDERS_JOB);
    assert.equal(job?.schedule, '*/5 * * * *');
  });

  it('counts papers due and replies outstanding for those who run meetings there', async () => {
    const { actor } = await signedIn('involvement_lead', 'Provider B');
    const count = async (provider: typeof papersDue) =>
      (await askAttention(t.services, provider, actor))[0]?.count ?? 0;
    const before = { papers: await count(papersDue), replies: await count(repliesOutstanding) };
    // papers due in 2 days (starts in 9, papers 7 days before), none uploaded
    const due = await meeting({ starts_at: new Date(Date.now() + 9 * DAY) }, 'Provider B');
    // papers due in 20 days: not yet
    await meeting({ starts_at: new Date(Date.now() + 27 * DAY) }, 'Provider B');
    // papers uploaded
    const done = await meeting({ starts_at: new Date(Date.now() + 5 * DAY) }, 'Provider B');
    await paper(done);
    assert.equal(await count(papersDue), before.papers + 1);
    const [item] = await askAttention(t.services, papersDue, actor);
    assert.equal(item?.href, before.papers === 0 ? `/meetings/${due}/papers` : '/meetings');
    // replies: invited and not replied, within the week
    const someone = await insertTestPerson(t.services.db, t.services.config.encryptionKey, {
      organisationId: org['Provider B']!.id,
    });
    await invite(done, [{ person_id: someone, invited_at: new Date() }]);
    assert.equal(await count(repliesOutstanding), before.replies + 1);
    // for every organisation (a platform administrator) it is found from the invitees yet to
    // reply, by the copy of their meeting's start each keeps; the copy follows the meeting
    const everywhere = { ...actor, platformAdmin: true, memberships: [] };
    const national = async () =>
      (await askAttention(t.services, repliesOutstanding, everywhere))[0]?.count ?? 0;
    const nationally = await national();
    assert.ok(nationally >= 1);
    const later = new Date(Date.now() + 12 * DAY);
    await t.services.db
      .updateTable('meetings')
      .set({ starts_at: later, ends_at: new Date(later.getTime() + 2 * HOUR) })
      .where('id', '=', done)
      .execute();
    const copied = await t.services.db
      .selectFrom('meeting_invitees')
      .select('meeting_starts_at')
      .where('meeting_id', '=', done)
      .executeTakeFirstOrThrow();
    assert.equal(copied.meeting_starts_at.getTime(), later.getTime());
    assert.equal(await national(), nationally - 1);
    assert.equal(await count(repliesOutstanding), before.replies);
    // not for someone at another organisation
    const { actor: elsewhere } = await signedIn('involvement_lead', 'Provider A');
    const theirs = await askAttention(t.services, papersDue, elsewhere);
    assert.ok(!theirs.some((i) => i.href.includes(due)));
  });

  it('answers whether papers went out in time for the meetings held', async () => {
    await add('Evidence org', 'Region');
    const id = org['Evidence org']!.id;
    const startsAt = new Date(Date.now() - 2 * DAY);
    const inTime = await meeting({ starts_at: startsAt }, 'Evidence org');
    const late = await meeting({ starts_at: startsAt }, 'Evidence org');
    await meeting({ starts_at: startsAt }, 'Evidence org'); // no papers at all
    await paper(inTime, { uploaded_at: new Date(startsAt.getTime() - 8 * DAY) });
    await paper(late, { uploaded_at: new Date(startsAt.getTime() - 3 * DAY) });
    const answer = await papersInTime.answer(t.services, {
      organisationId: id,
      from: new Date(Date.now() - 30 * DAY),
      to: new Date(),
    });
    assert.equal(answer.met, 1);
    assert.equal(answer.of, 3);
    assert.equal(answer.records[0]?.id, inTime);
  });
});

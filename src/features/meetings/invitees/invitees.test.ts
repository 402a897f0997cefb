import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertTestPerson } from '#features/register';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { auditAbout, organisationTree } from '#test/support/fixture.ts';
import { visibleText } from '#test/support/html.ts';
import { insertMeeting } from '#test/support/meetings.ts';
import type { ClosedGroup } from '../tables.ts';

describe('who is invited to a meeting', () => {
  let t: TestApp;
  const { org, add, signedIn } = organisationTree(() => t, 'invitees', 'Invitees tester');

  before(async () => {
    t = await startTestApp({ EXPOSE_QUERY_COUNT: 'true' });
    await add('Region');
    await add('Provider A', 'Region');
    await add('Provider B', 'Region');
  });
  after(() => t.close());

  const person = (
    displayName: string,
    { dateOfBirth, ...fields }: Record<string, string> = {},
    at = 'Provider A',
  ) =>
    insertTestPerson(t.services.db, t.services.config.encryptionKey, {
      organisationId: org[at]!.id,
      displayName,
      ...(dateOfBirth ? { dateOfBirth } : {}),
      fields,
    });

  /** A forum at Provider A next week (closed to a group when given). */
  const meeting = (
    closedTo: ClosedGroup | null = null,
    status: 'planned' | 'cancelled' = 'planned',
  ) =>
    insertMeeting(t.services.db, org['Provider A']!.id, {
      startsInHours: 7 * 24,
      closed_to: closedTo,
      status,
    });

  const inviteesOfMeeting = (meetingId: string) =>
    t.services.db
      .selectFrom('meeting_invitees')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .orderBy('added_at')
      .execute();

  const auditOf = (meetingId: string, action: string) =>
    auditAbout(t.services.db, meetingId, action);

  it('adds people found on the register, a member of staff and a guest; refuses duplicates', async () => {
    const meetingId = await meeting();
    const ann = await person('Annwen Inviteeson');
    const lead = await signedIn('involvement_lead', 'Provider A');
    const base = `/meetings/${meetingId}/invitees`;

    await lead.agent.get(`${base}/add`);
    const found = await lead.agent.post(`${base}/find`, { q: 'annwen' });
    assert.equal(found.statusCode, 200);
    assert.match(visibleText(found.body), /Annwen Inviteeson/);
    const added = await lead.agent.post(`${base}/people`, { personIds: ann, q: 'annwen' });
    assert.equal(added.statusCode, 303);
    const list = await lead.agent.get(added.headers.location as string);
    assert.match(visibleText(list.body), /1 invitee added\./);
    assert.match(visibleText(list.body), /Annwen Inviteeson/);

    await lead.agent.get(`${base}/add`);
    const again = await lead.agent.post(`${base}/people`, { personIds: ann, q: 'annwen' });
    assert.equal(again.statusCode, 400);
    assert.match(visibleText(again.body), /Already invited to this meeting/);

    const bad = await lead.agent.post(`${base}/guest`, { guestName: '', guestEmail: 'nope' });
    assert.equal(bad.statusCode, 400);
    assert.match(visibleText(bad.body), /Enter the guest’s name/);
    assert.match(visibleText(bad.body), /Enter an email address in the correct format/);
    const guest = await lead.agent.post(`${base}/guest`, {
      guestName: 'Gwen Guest',
      guestEmail: 'gwen@example.org',
    });
    assert.equal(guest.statusCode, 303);
    await lead.agent.get(`${base}/add`);
    const twice = await lead.agent.post(`${base}/guest`, {
      guestName: 'Gwen Again',
      guestEmail: 'GWEN@example.org',
    });
    assert.equal(twice.statusCode, 400, 'one invitation per e-mail address');

    const colleague = await signedIn('staff', 'Region');
    const addPage = await lead.agent.get(`${base}/add`);
    assert.match(addPage.body, new RegExp(`value="${colleague.accountId}"`));
    const staff = await lead.agent.post(`${base}/staff`, { accountId: colleague.accountId });
    assert.equal(staff.statusCode, 303);
    const elsewhere = await signedIn('staff', 'Provider B');
    await lead.agent.get(`${base}/add`);
    const foreign = await lead.agent.post(`${base}/staff`, { accountId: elsewhere.accountId });
    assert.equal(foreign.statusCode, 400, 'staff of another branch are not offered');

    const rows = await inviteesOfMeeting(meetingId);
    assert.equal(rows.length, 3);
    const audited = await auditOf(meetingId, 'meeting.invitee_added');
    assert.equal(audited.length, 3);
    const details = JSON.stringify(audited.map((a) => a.details));
    assert.doesNotMatch(details, /Annwen|Gwen|gwen@/, 'ids and roles only in the audit log');

    // staff see names and no e-mail addresses; a viewer (no access to people) sees neither
    const worker = await signedIn('staff', 'Provider A');
    const seen = visibleText((await worker.agent.get(base)).body);
    assert.match(seen, /Annwen Inviteeson/);
    assert.match(seen, /3 people invited/);
    assert.doesNotMatch(seen, /gwen@example\.org/, 'e-mail addresses only for managers');
    assert.doesNotMatch(seen, /Add people/);
    const viewer = await signedIn('viewer', 'Provider A');
    const unnamed = visibleText((await viewer.agent.get(base)).body);
    assert.doesNotMatch(unnamed, /Annwen/);
    assert.match(unnamed, /A person at Provider A/);
    const viewed = await t.services.db
      .selectFrom('audit_log')
      .select('subject_id')
      .where('action', '=', 'meeting.invitees_viewed')
      .where('subject_id', '=', ann)
      .execute();
    assert.ok(viewed.length >= 2, 'reading names is audited');
    assert.equal((await viewer.agent.get(`${base}/add`)).statusCode, 403);

    const other = await signedIn('involvement_lead', 'Provider B');
    assert.equal((await other.agent.get(base)).statusCode, 404);
    assert.equal((await other.agent.get(`${base}/add`)).statusCode, 404);
    const welsh = visibleText((await lead.agent.get(`${base}?lang=cy`)).body);
    assert.match(welsh, /Gwahoddedigion/);
    assert.match(welsh, /O’r gofrestr/);
  });

  it('names only people the viewer may see; others are “a person at” their organisation', async () => {
    const meetingId = await meeting();
    const outsider = await person('Hidden Person', {}, 'Provider B');
    await t.services.db
      .insertInto('meeting_invitees')
      .values({ meeting_id: meetingId, person_id: outsider })
      .execute();
    const lead = await signedIn('involvement_lead', 'Provider A');
    const text = visibleText((await lead.agent.get(`/meetings/${meetingId}/invitees`)).body);
    assert.doesNotMatch(text, /Hidden Person/);
    assert.match(text, /A person at Provider B/);
    // and they cannot be found or added by someone who may not see them
    await lead.agent.get(`/meetings/${meetingId}/invitees/add`);
    const found = await lead.agent.post(`/meetings/${meetingId}/invitees/find`, { q: 'Hidden' });
    assert.doesNotMatch(visibleText(found.body), /Hidden Person/);
    const other = await person('Hidden Second', {}, 'Provider B');
    const forged = await lead.agent.post(`/meetings/${meetingId}/invitees/people`, {
      personIds: other,
    });
    assert.equal(forged.statusCode, 404);
  });

  it('keeps closed groups closed, and records a member of staff’s check', async () => {
    const lead = await signedIn('involvement_lead', 'Provider A');
    const invite = async (meetingId: string, personIds: string, confirm = false) => {
      await lead.agent.get(`/meetings/${meetingId}/invitees/add`);
      return lead.agent.post(`/meetings/${meetingId}/invitees/people`, {
        personIds,
        ...(confirm ? { confirmGroup: 'yes' } : {}),
      });
    };

    const carers = await meeting('carers');
    const user = await person('Service User', { kind: 'service_user' });
    const carer = await person('Carys Carer', { kind: 'carer' });
    const family = await person('Family Member', { kind: 'family_member' });
    const refused = await invite(carers, user, true);
    assert.equal(refused.statusCode, 400);
    assert.match(visibleText(refused.body), /Only carers can be invited/);
    assert.equal((await invite(carers, carer)).statusCode, 303);
    const unsure = await invite(carers, family);
    assert.equal(unsure.statusCode, 400, 'a family member needs staff to confirm');
    assert.match(visibleText(unsure.body), /Tick the box to confirm/);
    assert.equal((await invite(carers, family, true)).statusCode, 303);
    const confirmed = (await auditOf(carers, 'meeting.invitee_added')).map((a) => a.details);
    assert.deepEqual(
      confirmed.map((d) => (d as { groupConfirmed?: string }).groupConfirmed ?? null),
      [null, 'carers'],
    );

    const young = await meeting('young_people');
    const year = new Date().getFullYear();
    const older = await person('Older Person', { dateOfBirth: `${year - 30}-01-01` });
    const teen = await person('Teen Person', { dateOfBirth: `${year - 16}-01-01` });
    const banded = await person('Banded Person', { age_band: '18_24' });
    const unknown = await person('Unknown Age');
    assert.equal((await invite(young, older, true)).statusCode, 400);
    assert.equal((await invite(young, teen)).statusCode, 303);
    assert.equal((await invite(young, banded)).statusCode, 303);
    assert.equal((await invite(young, unknown)).statusCode, 400);
    assert.equal((await invite(young, unknown, true)).statusCode, 303);

    const women = await meeting('women');
    const anyone = await person('Anyone Person');
    const page = visibleText((await lead.agent.get(`/meetings/${women}/invitees/add`)).body);
    assert.match(page, /Cyd does not record whether someone is a woman/);
    assert.equal((await invite(women, anyone)).statusCode, 400);
    assert.equal((await invite(women, anyone, true)).statusCode, 303);
    await lead.agent.get(`/meetings/${women}/invitees/add`);
    const guest = await lead.agent.post(`/meetings/${women}/invitees/guest`, {
      guestName: 'Guest Speaker',
      guestEmail: 'speaker@example.org',
    });
    assert.equal(guest.statusCode, 400, 'guests need the check too');
    assert.equal((await inviteesOfMeeting(women)).length, 1);

    const paused = await person('Paused Person', { status: 'paused' });
    const open = await meeting();
    const notActive = await invite(open, paused);
    assert.equal(notActive.statusCode, 400);
    assert.match(visibleText(notActive.body), /Only people who are active/);
    const cancelled = await meeting(null, 'cancelled');
    assert.equal((await invite(cancelled, anyone)).statusCode, 400);
  });

  it('keeps one back-up per representative, of the same meeting', async () => {
    const meetingId = await meeting();
    const rep = await person('Rhys Rep');
    const backup = await person('Bethan Backup');
    const second = await person('Second Backup');
    const member = await person('Mair Member');
    const rows = await t.services.db
      .insertInto('meeting_invitees')
      .values([rep, backup, second, member].map((p) => ({ meeting_id: meetingId, person_id: p })))
      .returning(['id', 'person_id'])
      .execute();
    const id = (p: string) => rows.find((r) => r.person_id === p)!.id;
    const lead = await signedIn('involvement_lead', 'Provider A');
    const setRole = async (who: string, form: Record<string, string>) => {
      const url = `/meetings/${meetingId}/invitees/${id(who)}/role`;
      await lead.agent.get(url);
      return lead.agent.post(url, form);
    };

    const notRep = await setRole(backup, { role: 'backup', backupFor: id(member) });
    assert.equal(notRep.statusCode, 400);
    assert.match(visibleText(notRep.body), /A back-up stands in for a representative/);
    assert.equal((await setRole(backup, { role: 'backup' })).statusCode, 400, 'whose back-up?');
    assert.equal((await setRole(rep, { role: 'representative' })).statusCode, 303);
    assert.equal((await setRole(backup, { role: 'backup', backupFor: id(rep) })).statusCode, 303);
    const taken = await setRole(second, { role: 'backup', backupFor: id(rep) });
    assert.equal(taken.statusCode, 400);
    assert.match(visibleText(taken.body), /already has a back-up/);
    const stays = await setRole(rep, { role: 'member' });
    assert.equal(stays.statusCode, 400, 'a representative with a back-up stays one');
    const self = await setRole(rep, { role: 'backup', backupFor: id(rep) });
    assert.equal(self.statusCode, 400);
    const removeRep = `/meetings/${meetingId}/invitees/${id(rep)}/remove`;
    assert.match(visibleText((await lead.agent.get(removeRep)).body), /They have a back-up/);
    assert.equal((await lead.agent.post(removeRep, {})).statusCode, 409);

    const otherMeeting = await meeting();
    const foreignRep = await t.services.db
      .insertInto('meeting_invitees')
      .values({ meeting_id: otherMeeting, person_id: rep, role: 'representative' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const foreign = await setRole(second, { role: 'backup', backupFor: foreignRep.id });
    assert.equal(foreign.statusCode, 400, 'a representative of another meeting');

    const list = visibleText((await lead.agent.get(`/meetings/${meetingId}/invitees`)).body);
    assert.match(list, /Bethan Backup From the register · Back-up · back-up for Rhys Rep/);
    const audited = await auditOf(meetingId, 'meeting.invitee_role_set');
    assert.deepEqual(
      audited.map((a) => a.details),
      [
        { inviteeId: id(rep), role: 'representative', backupFor: null },
        { inviteeId: id(backup), role: 'backup', backupFor: id(rep) },
      ],
    );
    const rolePage = await lead.agent.get(
      `/meetings/${meetingId}/invitees/${id(second)}/role?lang=cy`,
    );
    assert.match(visibleText(rolePage.body), /I bwy maen nhw wrth gefn\?/);
  });

  it('removes an invitee after confirming, but not once they have replied', async () => {
    const meetingId = await meeting();
    const [quiet, replied] = await Promise.all([person('Quiet Person'), person('Replied Person')]);
    const rows = await t.services.db
      .insertInto('meeting_invitees')
      .values([
        { meeting_id: meetingId, person_id: quiet },
        { meeting_id: meetingId, person_id: replied, reply: 'yes', reply_channel: 'sms' },
      ])
      .returning(['id', 'person_id'])
      .execute();
    const id = (p: string) => rows.find((r) => r.person_id === p)!.id;
    const lead = await signedIn('involvement_lead', 'Provider A');
    const url = (p: string) => `/meetings/${meetingId}/invitees/${id(p)}/remove`;

    const confirm = await lead.agent.get(url(quiet));
    assert.match(visibleText(confirm.body), /Remove Quiet Person from the invitees\?/);
    assert.equal((await lead.agent.post(url(quiet), {})).statusCode, 303);
    const page = await lead.agent.get(url(replied));
    assert.match(visibleText(page.body), /They have replied to the invitation/);
    const refused = await lead.agent.post(url(replied), {});
    assert.equal(refused.statusCode, 409);
    const left = await inviteesOfMeeting(meetingId);
    assert.deepEqual(
      left.map((r) => r.person_id),
      [replied],
    );
    assert.deepEqual(
      (await auditOf(meetingId, 'meeting.invitee_removed')).map((a) => a.details),
      [{ inviteeId: id(quiet), role: 'member' }],
    );
    const other = await signedIn('involvement_lead', 'Provider B');
    assert.equal((await other.agent.get(url(replied))).statusCode, 404);
    assert.equal((await other.agent.post(url(replied), {})).statusCode, 404);
  });

  it('lists hundreds of invitees a page at a time, in the same few queries', async (context) => {
    /** A meeting with `people` people from the register and `guests` guests. */
    const invited = async (people: number, guests: number) => {
      const meetingId = await meeting();
      const ids: string[] = [];
      for (let n = 0; n < people; n += 1) ids.push(await person(`Listed ${meetingId} ${n}`));
      await t.services.db
        .insertInto('meeting_invitees')
        .values([
          ...ids.map((id) => ({ meeting_id: meetingId, person_id: id })),
          ...Array.from({ length: guests }, (_, n) => ({
            meeting_id: meetingId,
            guest_name: `Guest ${String(n).padStart(3, '0')}`,
            guest_email: `guest${n}@example.org`,
          })),
        ])
        .execute();
      return meetingId;
    };
    const small = await invited(3, 2);
    const large = await invited(60, 440);
    const lead = await signedIn('involvement_lead', 'Provider A');
    const queries = async (url: string) => {
      const response = await lead.agent.get(url);
      assert.equal(response.statusCode, 200);
      return Number(response.headers['x-query-count']);
    };
    const few = await queries(`/meetings/${small}/invitees`);
    const many = await queries(`/meetings/${large}/invitees`);
    assert.equal(many, few, 'as many queries for 500 invitees as for 5');
    assert.ok(many <= 10, `queries: ${String(many)}`);
    context.diagnostic(`SQL queries for the list page: ${String(many)} (5 or 500 invitees)`);

    const shown = (text: string) =>
      text.match(/Change role of (Guest \d{3}|Listed \S+ \d+)/g) ?? [];
    const pages = [];
    for (let page = 1; page <= 5; page += 1) {
      const text = visibleText(
        (await lead.agent.get(`/meetings/${large}/invitees?page=${page}`)).body,
      );
      if (page === 1) assert.match(text, /500 people invited/);
      pages.push(...shown(text));
    }
    assert.equal(pages.length, 500);
    assert.equal(new Set(pages).size, 500, 'each invitee on one page');
    assert.equal((await lead.agent.get(`/meetings/${large}/invitees?page=x`)).statusCode, 404);
    assert.equal((await lead.agent.get(`/meetings/${large}/invitees?page=6`)).statusCode, 404);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DatabaseHandle } from '#platform/db/database.ts';
import { openTestDatabase, testEngine } from '#test/support/database.ts';
import {
  insertTestAccount,
  insertTestOrganisation,
  type TestOrganisation,
} from '#test/support/fixture.ts';
import { listMeetings, scheduleMeeting, venuesFor, type MeetingDraft } from './repository.ts';

/** Scheduling meetings and series on the database: all or nothing, venues of our tree only. */
describe(`meetings repository (${testEngine})`, () => {
  let handle: DatabaseHandle;
  let trust: TestOrganisation;
  let ward: TestOrganisation;
  let other: TestOrganisation;
  let accountId: string;
  let trustHall: string;
  let wardRoom: string;
  let otherHall: string;
  const now = new Date('2027-01-01T12:00:00Z');

  const draft = (over: Partial<MeetingDraft> = {}): MeetingDraft => ({
    kind: 'forum',
    title_en: 'Carers forum',
    title_cy: 'Fforwm gofalwyr',
    attendance_mode: 'in_person',
    venue_id: wardRoom,
    date: '2027-01-12',
    startTime: '14:00',
    endTime: '16:00',
    repeat: null,
    count: 1,
    ...over,
  });
  const venue = async (organisationId: string, name: string, archived = false) =>
    (
      await handle.db
        .insertInto('venues')
        .values({
          organisation_id: organisationId,
          name,
          address: '1 Test Street',
          archived_at: archived ? now : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const count = async () =>
    Number(
      (
        await handle.db
          .selectFrom('meetings')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    handle = await openTestDatabase();
    trust = await insertTestOrganisation(handle.db, { nameEn: 'Trust', kind: 'provider' });
    ward = await insertTestOrganisation(handle.db, {
      nameEn: 'Ward',
      kind: 'service',
      parent: trust,
    });
    other = await insertTestOrganisation(handle.db, { nameEn: 'Other', kind: 'provider' });
    accountId = await insertTestAccount(handle.db, { email: 'officer@example.test', name: 'O' });
    trustHall = await venue(trust.id, 'Trust hall');
    wardRoom = await venue(ward.id, 'Ward room');
    otherHall = await venue(other.id, 'Other hall');
    await venue(ward.id, 'Old room', true);
  });
  after(async () => handle.close());

  it("offers the organisation's and its ancestors' unarchived venues, not another's", async () => {
    const names = (await venuesFor(handle.db, ward.id)).map((v) => v.name);
    assert.deepEqual(names, ['Trust hall', 'Ward room']);
    assert.deepEqual(
      (await venuesFor(handle.db, trust.id)).map((v) => v.name),
      ['Trust hall'],
    );
  });

  it('refuses bad input and stores nothing', async () => {
    const before = await count();
    const cases: [Partial<MeetingDraft>, string[]][] = [
      [{ endTime: '13:00' }, ['endBeforeStart']],
      [{ date: '2026-12-01' }, ['inThePast']],
      [{ venue_id: null }, ['venueMissing']],
      [{ attendance_mode: 'hybrid', venue_id: null }, ['venueMissing']],
      [{ venue_id: otherHall }, ['venueNotOurs']],
    ];
    for (const [over, problems] of cases) {
      const result = await scheduleMeeting(handle.db, ward.id, accountId, draft(over), now);
      assert.deepEqual(result, { ok: false, problems }, JSON.stringify(over));
    }
    assert.equal(await count(), before);
  });

  it('schedules an online meeting without a venue, in London time', async () => {
    const result = await scheduleMeeting(
      handle.db,
      ward.id,
      accountId,
      draft({ attendance_mode: 'online', venue_id: null, date: '2027-07-06' }),
      now,
    );
    assert.ok(result.ok);
    const row = await handle.db
      .selectFrom('meetings')
      .selectAll()
      .where('id', '=', result.meetingIds[0] ?? '')
      .executeTakeFirstOrThrow();
    assert.equal(new Date(row.starts_at).toISOString(), '2027-07-06T13:00:00.000Z');
    assert.equal(row.series_id, null);
  });

  it('makes a whole monthly series (2nd Tuesday) from one form, in one series row', async () => {
    const result = await scheduleMeeting(
      handle.db,
      ward.id,
      accountId,
      draft({ venue_id: trustHall, repeat: 'monthly_weekday', count: 3 }),
      now,
    );
    assert.ok(result.ok && result.seriesId);
    const rows = await handle.db
      .selectFrom('meetings')
      .select(['starts_at', 'organisation_id'])
      .where('series_id', '=', result.seriesId)
      .orderBy('starts_at')
      .execute();
    assert.deepEqual(
      rows.map((r) => new Date(r.starts_at).toISOString()),
      ['2027-01-12T14:00:00.000Z', '2027-02-09T14:00:00.000Z', '2027-03-09T14:00:00.000Z'],
    );
    assert.ok(rows.every((r) => r.organisation_id === ward.id));
  });

  it("lists the viewer's organisations' meetings, upcoming soonest first, with invitee counts", async () => {
    const [first] = await listMeetings(handle.db, [ward.id], { when: 'upcoming', page: 1, now });
    assert.ok(first);
    await handle.db
      .insertInto('meeting_invitees')
      .values([
        { meeting_id: first.id, guest_name: 'A Guest', guest_email: 'a@example.test' },
        { meeting_id: first.id, account_id: accountId },
      ])
      .execute();
    const list = await listMeetings(handle.db, [ward.id], { when: 'upcoming', page: 1, now });
    assert.equal(list.length, 4);
    assert.equal(list[0]?.titleEn, 'Carers forum');
    assert.equal(Number(list[0]?.inviteeCount), 2);
    assert.equal(Number(list[1]?.inviteeCount), 0);
    const starts = list.map((m) => new Date(m.startsAt).getTime());
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => a - b),
    );
    assert.deepEqual(
      await listMeetings(handle.db, [other.id], { when: 'upcoming', page: 1, now }),
      [],
    );
    assert.deepEqual(await listMeetings(handle.db, [ward.id], { when: 'past', page: 1, now }), []);
  });
});

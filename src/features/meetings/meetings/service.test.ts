import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { DatabaseHandle } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import { definePermissions } from '#platform/permissions/policy.ts';
import { openTestDatabase, testEngine } from '#test/support/database.ts';
import {
  insertTestAccount,
  insertTestOrganisation,
  type TestOrganisation,
} from '#test/support/fixture.ts';
import { meetingsPermissions } from '../permissions.ts';
import type { MeetingDraft } from './repository.ts';
import type { Scope } from './schema.ts';
import { findMeeting } from './details.ts';
import { createMeetingsService, type MeetingsService } from './service.ts';

/** Who may schedule and see meetings, and the audit of scheduling. */
describe(`meetings service (${testEngine})`, () => {
  let handle: DatabaseHandle;
  let meetings: MeetingsService;
  let trust: TestOrganisation;
  let other: TestOrganisation;
  let lead: Actor;
  let viewer: Actor;
  let stranger: Actor;
  const now = new Date('2027-01-01T12:00:00Z');
  const draft: MeetingDraft = {
    kind: 'board',
    title_en: 'Board',
    title_cy: 'Bwrdd',
    attendance_mode: 'online',
    venue_id: null,
    date: '2027-02-02',
    startTime: '09:30',
    endTime: '12:30',
    repeat: 'weekly',
    count: 2,
  };
  const actor = async (
    email: string,
    organisation: TestOrganisation,
    role: 'involvement_lead' | 'viewer',
  ): Promise<Actor> => ({
    id: await insertTestAccount(handle.db, {
      email,
      name: email,
      roles: [{ organisationId: organisation.id, role }],
    }),
    name: email,
    email,
    language: 'en',
    platformAdmin: false,
    mfaEnabled: false,
    memberships: [{ organisationId: organisation.id, role, ancestors: organisation.ancestors }],
  });

  before(async () => {
    definePermissions(meetingsPermissions);
    handle = await openTestDatabase();
    meetings = createMeetingsService({ db: handle.db, audit: createAuditLog(handle.db) });
    trust = await insertTestOrganisation(handle.db, { nameEn: 'Trust', kind: 'provider' });
    other = await insertTestOrganisation(handle.db, { nameEn: 'Other', kind: 'provider' });
    lead = await actor('lead@example.test', trust, 'involvement_lead');
    viewer = await actor('viewer@example.test', trust, 'viewer');
    stranger = await actor('stranger@example.test', other, 'involvement_lead');
  });
  after(async () => handle.close());

  it('schedules a series and audits each meeting in the same transaction', async () => {
    const result = await meetings.scheduleMeeting(lead, trust.id, draft, now);
    assert.ok(result.ok);
    const entries = await handle.db
      .selectFrom('audit_log')
      .select(['subject_id', 'organisation_id'])
      .where('action', '=', 'meeting.scheduled')
      .execute();
    assert.deepEqual(entries.map((e) => e.subject_id).sort(), [...result.meetingIds].sort());
    assert.ok(entries.every((e) => e.organisation_id === trust.id));
  });

  it("is 404 for another organisation's meetings and 403 for a viewer", async () => {
    await assert.rejects(
      meetings.scheduleMeeting(stranger, trust.id, draft, now),
      (e: unknown) => e instanceof HttpError && e.statusCode === 404,
    );
    await assert.rejects(
      meetings.scheduleMeeting(viewer, trust.id, draft, now),
      (e: unknown) => e instanceof HttpError && e.statusCode === 403,
    );
    assert.equal((await meetings.listMeetings(viewer, 'upcoming', 1, now)).length, 2);
    assert.deepEqual(await meetings.listMeetings(stranger, 'upcoming', 1, now), []);
  });

  /** A weekly series of three online meetings from 2 February 2027 (Tuesdays). */
  async function weekly() {
    const result = await meetings.scheduleMeeting(lead, trust.id, { ...draft, count: 3 }, now);
    assert.ok(result.ok);
    return result.meetingIds;
  }
  const rows = (ids: string[]) =>
    handle.db
      .selectFrom('meetings')
      .select(['id', 'title_en', 'starts_at', 'ends_at', 'status', 'cancelled_at'])
      .where('id', 'in', ids)
      .orderBy('starts_at')
      .execute();
  const details = async (id: string) => (await findMeeting(handle.db, id))!;
  const fields = (over: Record<string, unknown> = {}) => ({
    ...draft,
    date: '2027-02-09',
    startTime: '18:00',
    endTime: '19:30',
    ...over,
  });
  /** Changes the meeting (and, with `later`, the later ones) to the fields with `over` as lead. */
  const change = async (id: string, over: Record<string, unknown>, scope: Scope) =>
    meetings.changeMeeting(lead, await details(id), fields(over), scope, now);

  it('changes this meeting and the later ones of the series (their own dates), audited', async () => {
    const [first, second, third] = await weekly();
    const result = await change(second!, { title_en: 'Evening board' }, 'later');
    assert.ok(result.ok);
    assert.deepEqual(result.changed.map((c) => c.id).sort(), [second!, third!].sort());
    const [a, b, c] = await rows([first!, second!, third!]);
    assert.equal(a!.title_en, 'Board');
    assert.equal(new Date(a!.starts_at).toISOString(), '2027-02-02T09:30:00.000Z');
    assert.equal(b!.title_en, 'Evening board');
    assert.equal(new Date(b!.starts_at).toISOString(), '2027-02-09T18:00:00.000Z');
    assert.equal(new Date(c!.starts_at).toISOString(), '2027-02-16T18:00:00.000Z');
    assert.equal(new Date(c!.ends_at).toISOString(), '2027-02-16T19:30:00.000Z');
    const audit = await handle.db
      .selectFrom('audit_log')
      .select(['subject_id', 'details'])
      .where('action', '=', 'meeting.changed')
      .where('subject_id', 'in', [first!, second!, third!])
      .execute();
    assert.equal(audit.length, 2);
    for (const entry of audit)
      assert.deepEqual((entry.details as { fields: string[] }).fields.sort(), [
        'ends_at',
        'starts_at',
        'title_en',
      ]);
  });

  it('changes only this meeting when asked, and refuses an end before the start', async () => {
    const [, second, third] = await weekly();
    const refused = await change(second!, { endTime: '17:00' }, 'this');
    assert.deepEqual(refused, { ok: false, problems: ['endBeforeStart'] });
    const result = await change(second!, { title_en: 'Only this' }, 'this');
    assert.ok(result.ok && result.changed.length === 1);
    const [, c] = await rows([second!, third!]);
    assert.equal(c!.title_en, 'Board');
  });

  it('cancels this and later meetings, and refuses to change or cancel them again', async () => {
    const [first, second, third] = await weekly();
    const { cancelledIds } = await meetings.cancelMeeting(
      lead,
      await details(second!),
      { scope: 'later', reason: null },
      now,
    );
    assert.deepEqual(cancelledIds.sort(), [second!, third!].sort());
    const [a, b, c] = await rows([first!, second!, third!]);
    assert.equal(a!.status, 'planned');
    assert.equal(b!.status, 'cancelled');
    assert.equal(c!.status, 'cancelled');
    assert.equal(new Date(c!.cancelled_at!).getTime(), now.getTime());
    await assert.rejects(
      meetings.cancelMeeting(lead, await details(third!), { scope: 'this', reason: null }, now),
      (e: unknown) => e instanceof HttpError && e.statusCode === 409,
    );
    await assert.rejects(
      change(second!, {}, 'this'),
      (e: unknown) => e instanceof HttpError && e.statusCode === 409,
    );
    const audited = await handle.db
      .selectFrom('audit_log')
      .select('subject_id')
      .where('action', '=', 'meeting.cancelled')
      .where('subject_id', 'in', [first!, second!, third!])
      .execute();
    assert.equal(audited.length, 2);
  });
});

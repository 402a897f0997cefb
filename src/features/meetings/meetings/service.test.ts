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
});

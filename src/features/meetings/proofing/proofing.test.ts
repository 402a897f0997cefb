import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertTestPerson } from '#features/register';
import { meetingsSuite } from '#test/support/meetings.ts';
import { visibleText } from '#test/support/html.ts';

describe('the user-proofing check of a meeting', () => {
  const tree = meetingsSuite('proofing', 'Proofing tester');
  const { org, signedIn } = tree;

  /** A 09:30 board meeting of three hours at a clinic, English only, expenses not offered. */
  async function poorlyProofedMeeting() {
    const { db, config } = tree.t.services;
    const organisationId = org['Provider A']!.id;
    const venue = await db
      .insertInto('venues')
      .values({
        organisation_id: organisationId,
        name: 'Clinic',
        address: '1 Clinic Road',
        clinical_building: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // a Wednesday in March (GMT): 09:30 to 12:30 UK time
    const meeting = await db
      .insertInto('meetings')
      .values({
        organisation_id: organisationId,
        kind: 'board',
        title_en: 'Board meeting',
        title_cy: 'Cyfarfod y bwrdd',
        attendance_mode: 'in_person',
        venue_id: venue.id,
        starts_at: '2027-03-10T09:30:00Z',
        ends_at: '2027-03-10T12:30:00Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const carer = await insertTestPerson(db, config.encryptionKey, {
      organisationId,
      displayName: 'Carys Carer',
      fields: { kind: 'carer', venue_needs: ['step_free', 'not_clinical_building'] },
    });
    await db
      .insertInto('person_unavailable_times')
      .values({
        person_id: carer,
        weekday: 3,
        starts_at: '00:00',
        ends_at: '11:00',
        reason: 'Pharmacy pick-up',
      })
      .execute();
    const welsh = await insertTestPerson(db, config.encryptionKey, {
      organisationId,
      displayName: 'Gwen Gymraeg',
      fields: { preferred_language: 'cy', speaks_welsh: true },
    });
    const invitees = await db
      .insertInto('meeting_invitees')
      .values([
        { meeting_id: meeting.id, person_id: carer },
        { meeting_id: meeting.id, person_id: welsh },
      ])
      .returning(['id', 'person_id'])
      .execute();
    const carerInvitee = invitees.find((i) => i.person_id === carer)!.id;
    return { meetingId: meeting.id, carer, welsh, carerInvitee };
  }

  it('names the carer not free at 09:30 and why to staff who may see them, and audits the look', async () => {
    const { meetingId, carer } = await poorlyProofedMeeting();
    const lead = await signedIn('involvement_lead', 'Provider A');
    const page = await lead.agent.get(`/meetings/${meetingId}/proofing`);
    assert.equal(page.statusCode, 200);
    const text = visibleText(page.body);
    assert.match(text, /Carys Carer is not free at this time: Pharmacy pick-up\./);
    assert.match(text, /Carys Carer needs step-free access, not in a clinic or treatment building/);
    assert.match(text, /Gwen Gymraeg prefers Welsh, and the meeting is in English/);
    assert.match(text, /The meeting lasts 3 hours and no break is planned\./);
    assert.match(text, /Expenses are not offered in advance\./);
    const seen = await tree.t.services.db
      .selectFrom('audit_log')
      .select('subject_id')
      .where('action', '=', 'meeting.proofing_viewed')
      .where('actor_account_id', '=', lead.accountId)
      .execute();
    assert.ok(
      seen.some((row) => row.subject_id === carer),
      'the look at the carer is audited',
    );
  });

  it('never shows the carer’s name or circumstances to staff who may not see them', async () => {
    const { meetingId } = await poorlyProofedMeeting();
    const viewer = await signedIn('viewer', 'Provider A');
    const page = await viewer.agent.get(`/meetings/${meetingId}/proofing`);
    assert.equal(page.statusCode, 200);
    const text = visibleText(page.body);
    assert.doesNotMatch(text, /Carys|Pharmacy|Gwen/);
    assert.match(text, /Someone invited whose record you cannot see is not free at this time\./);
    assert.doesNotMatch(page.body, /Go ahead anyway/, 'a viewer cannot override');
  });

  it('records a reason for going ahead, refuses an empty one, and takes it back', async () => {
    const { meetingId, carerInvitee } = await poorlyProofedMeeting();
    const lead = await signedIn('involvement_lead', 'Provider A');
    const url = `/meetings/${meetingId}/proofing`;
    await lead.agent.get(url);
    const empty = await lead.agent.post(`${url}/overrides`, {
      check: 'time_suits',
      inviteeId: carerInvitee,
      reason: '  ',
    });
    assert.equal(empty.statusCode, 400);
    assert.match(visibleText(empty.body), /Say why you are going ahead despite the warning/);
    const saved = await lead.agent.post(`${url}/overrides`, {
      check: 'time_suits',
      inviteeId: carerInvitee,
      reason: 'Carys agreed to come at 11:00 for the second half',
    });
    assert.equal(saved.statusCode, 303);
    const page = await lead.agent.get(saved.headers.location as string);
    const text = visibleText(page.body);
    assert.match(text, /The reason is recorded\./);
    assert.match(text, /Gone ahead anyway: Carys agreed to come at 11:00 for the second half/);
    const twice = await lead.agent.post(`${url}/overrides`, {
      check: 'time_suits',
      inviteeId: carerInvitee,
      reason: 'Again',
    });
    assert.equal(twice.statusCode, 400, 'one reason per warning');
    const { id } = await tree.t.services.db
      .selectFrom('meeting_proofing_overrides')
      .select('id')
      .where('meeting_id', '=', meetingId)
      .executeTakeFirstOrThrow();
    const withdrawn = await lead.agent.post(`${url}/overrides/${id}/withdraw`, {});
    assert.equal(withdrawn.statusCode, 303);
    const again = visibleText((await lead.agent.get(url)).body);
    assert.doesNotMatch(again, /Gone ahead anyway: Carys/);
    const actions = await tree.t.services.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', meetingId)
      .execute();
    assert.deepEqual(actions.map((a) => a.action).sort(), [
      'meeting.proofing_overridden',
      'meeting.proofing_override_withdrawn',
    ]);
  });

  it('refuses an invitee of another meeting, and hides other organisations’ meetings', async () => {
    const first = await poorlyProofedMeeting();
    const second = await poorlyProofedMeeting();
    const lead = await signedIn('involvement_lead', 'Provider A');
    await lead.agent.get(`/meetings/${first.meetingId}/proofing`);
    const wrong = await lead.agent.post(`/meetings/${first.meetingId}/proofing/overrides`, {
      check: 'time_suits',
      inviteeId: second.carerInvitee,
      reason: 'Forged',
    });
    assert.equal(wrong.statusCode, 404);
    const other = await signedIn('involvement_lead', 'Provider B');
    assert.equal((await other.agent.get(`/meetings/${first.meetingId}/proofing`)).statusCode, 404);
  });

  it('flags papers uploaded 6 days before the meeting and papers without a plain summary', async () => {
    const { meetingId } = await poorlyProofedMeeting();
    const { db } = tree.t.services;
    const paper = (uploadedAt: string, summary: string | null) => ({
      meeting_id: meetingId,
      kind: 'agenda_paper' as const,
      title_en: 'Budget',
      title_cy: 'Cyllideb',
      language: 'en' as const,
      summary_en: summary,
      file_name: 'budget.pdf',
      media_type: 'application/pdf' as const,
      size_bytes: 10,
      sha256: 'a'.repeat(64),
      uploaded_at: new Date(uploadedAt),
    });
    // the meeting is on Wednesday 10 March 2027: 3 March is 7 days before, 4 March is 6
    await db
      .insertInto('meeting_papers')
      .values([
        paper('2027-03-03T10:00:00Z', 'What the money is for'),
        paper('2027-03-04T10:00:00Z', null),
      ])
      .execute();
    const lead = await signedIn('involvement_lead', 'Provider A');
    const text = visibleText((await lead.agent.get(`/meetings/${meetingId}/proofing`)).body);
    assert.match(
      text,
      /The last paper went up 6 days before the meeting\. Papers should be out 7 days before\./,
    );
    assert.match(
      text,
      /1 paper have no plain-language summary|1 paper has no plain-language summary/,
    );
  });

  it('speaks Welsh', async () => {
    const { meetingId } = await poorlyProofedMeeting();
    const lead = await signedIn('involvement_lead', 'Provider A', 'cy');
    const page = await lead.agent.get(`/meetings/${meetingId}/proofing?lang=cy`);
    const text = visibleText(page.body);
    assert.match(text, /Nid yw Carys Carer ar gael ar yr adeg hon: Pharmacy pick-up\./);
    assert.match(text, /Mae’r cyfarfod yn para 3 awr/);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { insertTestPerson } from '#features/register';
import { encrypt } from '#platform/crypto/encryption.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { lastMessageTo } from '#test/support/accounts.ts';
import { postUpload } from '#test/support/meetings-papers.ts';
import { organisationTree } from '#test/support/fixture.ts';
import { visibleText } from '#test/support/html.ts';
import { escalateOverdue } from '../loop/escalate.ts';
import { complaintDeadlines } from '../deadlines/deadlines.ts';
import { insertTestItem } from './fixtures.ts';
import {
  complaintsInTime,
  feedbackFigures,
  feedbackInPlace,
  outcomesPublished,
} from './insight.ts';
import { CONTACT_CONTEXT, itemNumber } from './receive.ts';

/** The inbox, triage, safeguarding, the loop to a published outcome and complaint deadlines. */
describe('feedback inbox and the loop', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'fbitems', 'Tester');
  const org = tree.ids;
  const db = () => t.services.db;
  const itemRow = (id: string) =>
    db().selectFrom('feedback_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, service: 'region', otherRegion: null });
  });
  after(() => t.close());

  it('counts the inbox with its page, and past the last page still says how many there are', async () => {
    await tree.add('countedService', 'otherRegion');
    const ids: string[] = [];
    for (let i = 0; i < 27; i++) {
      const item = await insertTestItem(db(), {
        organisation_id: org.countedService!,
        body: `n${i}`,
      });
      ids.push(item.id);
    }
    const { agent } = await tree.signedIn('involvement_lead', 'otherRegion');
    const text = async (query: string) => visibleText((await agent.get(`/feedback${query}`)).body);
    const first = await text('?status=all');
    assert.match(first, /27 items/);
    assert.equal((first.match(/F-\d+/g) ?? []).length, 25, 'a page of 25');
    const second = await text('?status=all&page=2');
    assert.match(second, /27 items/);
    assert.equal((second.match(/F-\d+/g) ?? []).length, 2);
    const past = await text('?status=all&page=5');
    assert.match(past, /27 items/);
    assert.match(past, /Nothing here\./);
    assert.match(await text('?status=all&kind=complaint'), /0 items/);
  });

  it('takes an item through acknowledged, looked at, decided and published, and tells a named person once', async () => {
    const personId = await insertTestPerson(db(), t.services.config.encryptionKey, {
      organisationId: org.service!,
      displayName: 'Gwen Feedback',
    });
    const item = await insertTestItem(db(), {
      organisation_id: org.service!,
      channel: 'portal',
      person_id: personId,
      body: 'The room is too cold <script>alert(1)</script>',
    });
    const { agent } = await tree.signedIn('involvement_lead', 'region');
    const page = await agent.get(`/feedback/items/${item.id}`);
    assert.equal(page.statusCode, 200);
    assert.ok(
      page.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'),
      'what they said is text',
    );
    assert.match(visibleText(page.body), /Gwen Feedback/);
    const list = await agent.get('/feedback');
    assert.match(visibleText(list.body), new RegExp(itemNumber(item.number)));

    const post = async (action: string, form: Record<string, string> = {}, version = 1) =>
      (await agent.get(`/feedback/items/${item.id}`)) &&
      agent.post(`/feedback/items/${item.id}/${action}`, { version: String(version), ...form });
    assert.equal((await post('acknowledge')).statusCode, 303);
    // the same version again: someone else got there first
    assert.equal((await post('looking')).statusCode, 409);
    assert.equal((await post('looking', {}, 2)).statusCode, 303);
    const missingWelsh = await post(
      'outcome',
      { outcome: 'done', outcomeEn: 'We fixed the heating.' },
      3,
    );
    assert.equal(missingWelsh.statusCode, 400);
    assert.match(visibleText(missingWelsh.body), /Write the outcome in Welsh/);
    assert.equal(
      (
        await post(
          'outcome',
          {
            outcome: 'done',
            outcomeEn: 'We fixed the heating.',
            outcomeCy: 'Rydym wedi trwsio’r gwres.',
          },
          3,
        )
      ).statusCode,
      303,
    );
    assert.equal((await post('publish', {}, 4)).statusCode, 303);
    const published = await itemRow(item.id);
    assert.equal(published.status, 'published');
    assert.ok(published.told_at);
    // publishing again tells nobody again
    assert.equal((await post('publish', {}, 5)).statusCode, 409);
    const messages = await db()
      .selectFrom('person_messages')
      .select('template')
      .where('person_id', '=', personId)
      .execute();
    assert.deepEqual(
      messages.map((m) => m.template),
      ['feedbackOutcome'],
      'told once, through safe contact',
    );
  });

  it('tells someone who left contact details once, in their language, then deletes the details', async () => {
    const item = await insertTestItem(db(), {
      organisation_id: org.service!,
      language: 'cy',
      contact_encrypted: encrypt(
        'tell-me@test.example',
        t.services.config.encryptionKey,
        CONTACT_CONTEXT,
      ),
      status: 'decided',
      outcome: 'cant_do',
      outcome_en: 'We cannot open on Sundays: there are no staff.',
      outcome_cy: 'Ni allwn agor ar ddydd Sul: does dim staff.',
    });
    const { agent } = await tree.signedIn('involvement_lead', 'service');
    await agent.get(`/feedback/items/${item.id}`);
    assert.equal(
      (await agent.post(`/feedback/items/${item.id}/publish`, { version: '1' })).statusCode,
      303,
    );
    const queued = await sql<{ n: number }>`select count(*)::int as n from pgboss.job
      where name = 'feedback.tell' and data->>'itemId' = ${item.id}`.execute(db());
    assert.equal(queued.rows[0]!.n, 1, 'one job queued');
    assert.equal(await t.services.feedbackLoop.tellContact(item.id), 'sent');
    assert.equal(await t.services.feedbackLoop.tellContact(item.id), 'none', 'never twice');
    const message = await lastMessageTo(t, 'tell-me@test.example');
    assert.ok(message);
    assert.match(message.body, /Ni allwn agor ar ddydd Sul/);
    assert.match(message.body, new RegExp(item.receiptCode));
    assert.equal((await itemRow(item.id)).contact_encrypted, null, 'contact details deleted');
  });

  it('shows a safeguarding item only to its lead and administrators, and alerts the lead', async () => {
    const lead = await tree.signedIn('staff', 'service');
    const colleague = await tree.signedIn('involvement_lead', 'service');
    const admin = await tree.signedIn('organisation_admin', 'region');
    await db()
      .insertInto('feedback_settings')
      .values({ organisation_id: org.region!, safeguarding_lead_id: lead.accountId })
      .execute();
    const item = await insertTestItem(db(), {
      organisation_id: org.service!,
      body: 'Someone at group is being hurt at home',
    });
    await colleague.agent.get(`/feedback/items/${item.id}`);
    const flagged = await colleague.agent.post(`/feedback/items/${item.id}/safeguarding`, {
      version: '1',
      flag: 'yes',
    });
    assert.equal(flagged.statusCode, 303);
    const row = await itemRow(item.id);
    assert.equal(row.safeguarding, true);
    assert.equal(row.safeguarding_lead_id, lead.accountId);
    assert.equal((await colleague.agent.get(`/feedback/items/${item.id}`)).statusCode, 404);
    assert.ok(!(await colleague.agent.get('/feedback')).body.includes(itemNumber(item.number)));
    assert.equal((await lead.agent.get(`/feedback/items/${item.id}`)).statusCode, 200);
    assert.ok((await lead.agent.get('/feedback')).body.includes(itemNumber(item.number)));
    assert.equal((await admin.agent.get(`/feedback/items/${item.id}`)).statusCode, 200);
    const alert = await lastMessageTo(t, lead.actor.email);
    assert.equal(alert?.template, 'feedbackSafeguarding');
    assert.ok(!alert.body.includes('hurt'), 'the alert says nothing of what was said');
  });

  it('escalates a complaint not acknowledged in time on the right working day, across the Christmas bank holidays', async () => {
    const commissioner = await tree.signedIn('commissioner', 'region');
    await db()
      .insertInto('feedback_settings')
      .values({
        organisation_id: org.service!,
        acknowledge_days: 2,
        respond_days: 20,
        commissioner_organisation_id: org.region!,
      })
      .execute();
    // received on Thursday 24 December 2026: Friday 25 and Monday 28 are bank holidays
    const receivedAt = new Date('2026-12-24T10:00:00Z');
    const deadlines = await complaintDeadlines(db(), org.service!, receivedAt);
    assert.deepEqual(deadlines, { acknowledge_by: '2026-12-30', respond_by: '2027-01-26' });
    const item = await insertTestItem(db(), {
      organisation_id: org.service!,
      kind: 'complaint',
      received_at: receivedAt,
      ...deadlines,
    });
    const escalatedBy = async (iso: string) =>
      (await escalateOverdue({ db: db(), audit: t.services.audit }, new Date(iso))).some(
        (r) => r.id === item.id,
      );
    assert.equal(await escalatedBy('2026-12-28T12:00:00Z'), false, 'not over the long weekend');
    assert.equal(await escalatedBy('2026-12-30T16:00:00Z'), false, 'not on the day it is due');
    assert.equal(await escalatedBy('2026-12-31T08:00:00Z'), true, 'the working day after');
    const row = await itemRow(item.id);
    assert.equal(row.escalated_reason, 'acknowledge_overdue');
    assert.equal(await escalatedBy('2027-01-30T08:00:00Z'), false, 'once');
    // the commissioner sees it
    assert.equal((await commissioner.agent.get(`/feedback/items/${item.id}`)).statusCode, 200);
    // and gets one the person asked to go to them
    const asked = await insertTestItem(db(), { organisation_id: org.service!, kind: 'complaint' });
    const { agent } = await tree.signedIn('staff', 'service');
    await agent.get(`/feedback/items/${asked.id}`);
    assert.equal(
      (await agent.post(`/feedback/items/${asked.id}/escalate`, { version: '1' })).statusCode,
      303,
    );
    assert.equal((await itemRow(asked.id)).escalated_reason, 'asked');
    const told = await lastMessageTo(t, commissioner.actor.email);
    assert.equal(told?.template, 'feedbackEscalated');
  });

  it('keeps other organisations’ feedback invisible', async () => {
    const item = await insertTestItem(db(), { organisation_id: org.otherRegion! });
    const { agent } = await tree.signedIn('organisation_admin', 'region');
    assert.equal((await agent.get(`/feedback/items/${item.id}`)).statusCode, 404);
    assert.ok(!(await agent.get('/feedback?status=all')).body.includes(itemNumber(item.number)));
  });

  it('triages with the themes and owners offered at the service, and refuses any other', async () => {
    const theme = (organisationId: string | null, archived = false) =>
      db()
        .insertInto('feedback_themes')
        .values({
          organisation_id: organisationId,
          name_en: 'Triage theme',
          name_cy: 'Thema brysbennu',
          archived_at: archived ? new Date() : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
        .then((row) => row.id);
    const above = await theme(org.region!);
    const everyone = await theme(null);
    const elsewhere = await theme(org.otherRegion!);
    const archived = await theme(org.service!, true);
    const item = await insertTestItem(db(), { organisation_id: org.service! });
    const staff = await tree.signedIn('staff', 'service');
    const commissioner = await tree.signedIn('commissioner', 'region');
    const otherStaff = await tree.signedIn('staff', 'otherRegion');
    const triage = async (themes: string[], owner: string, version: number) => {
      await staff.agent.get(`/feedback/items/${item.id}`);
      return (
        await staff.agent.post(`/feedback/items/${item.id}/triage`, {
          version: String(version),
          kind: 'suggestion',
          urgency: 'normal',
          themes,
          owner,
        })
      ).statusCode;
    };
    assert.equal(await triage([above, everyone], staff.accountId, 1), 303);
    const kept = await db()
      .selectFrom('feedback_item_themes')
      .select('theme_id')
      .where('item_id', '=', item.id)
      .execute();
    assert.deepEqual(kept.map((k) => k.theme_id).sort(), [above, everyone].sort());
    assert.equal((await itemRow(item.id)).owner_account_id, staff.accountId);
    assert.equal(await triage([], '', 2), 303, 'no themes and no owner');
    assert.equal(await triage([elsewhere], '', 3), 400, 'a theme of another organisation');
    assert.equal(await triage([above, archived], '', 3), 400, 'an archived theme');
    assert.equal(await triage([], commissioner.accountId, 3), 400, 'an owner who may not triage');
    assert.equal(await triage([], otherStaff.accountId, 3), 400, 'an owner elsewhere');
    assert.equal((await itemRow(item.id)).version, 3, 'nothing changed by a refusal');
  });

  it('answers the evidence: a way to give feedback in place, outcomes published, complaints answered in time', async () => {
    await tree.add('evidence', 'otherRegion');
    const at = org.evidence!;
    await db()
      .insertInto('feedback_inboxes')
      .values({ organisation_id: at, code: 'evdn7' })
      .execute();
    const received = new Date('2026-03-02T10:00:00Z');
    const scope = {
      organisationId: org.otherRegion!,
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-04-01T00:00:00Z'),
    };
    await insertTestItem(db(), { organisation_id: at, received_at: received, status: 'published' });
    await insertTestItem(db(), { organisation_id: at, received_at: received });
    await insertTestItem(db(), { organisation_id: at, received_at: received, safeguarding: true });
    await insertTestItem(db(), {
      organisation_id: at,
      kind: 'complaint',
      received_at: received,
      respond_by: '2026-03-30',
      decided_at: new Date('2026-03-20T10:00:00Z'),
      status: 'decided',
    });
    await insertTestItem(db(), {
      organisation_id: at,
      kind: 'complaint',
      received_at: received,
      respond_by: '2026-03-30',
      decided_at: new Date('2026-04-02T10:00:00Z'),
      status: 'decided',
    });
    const inPlace = await feedbackInPlace.answer(t.services, scope);
    assert.deepEqual([inPlace.met, inPlace.of], [1, 1]);
    const published = await outcomesPublished.answer(t.services, scope);
    assert.deepEqual([published.met, published.of], [1, 4], 'safeguarding items left out');
    const inTime = await complaintsInTime.answer(t.services, scope);
    assert.deepEqual([inTime.met, inTime.of], [1, 2]);
    const received4 = await feedbackFigures
      .find((f) => f.id === 'feedback.received')!
      .count(t.services, scope);
    assert.equal(received4, 4);
  });

  it('keeps a photo of a card, checked from its bytes, for those who may see the item', async () => {
    const item = await insertTestItem(db(), { organisation_id: org.service!, channel: 'card' });
    const { agent } = await tree.signedIn('staff', 'service');
    const page = `/feedback/items/${item.id}`;
    const url = `${page}/photo`;
    const fake = await postUpload(
      t.app,
      agent,
      page,
      url,
      { version: '1' },
      { name: 'card.jpg', data: Buffer.from('<script>') },
    );
    assert.equal(fake.statusCode, 400);
    assert.match(visibleText(fake.body), /must be a JPEG, PNG, WebP or HEIC/);
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
      'base64',
    );
    const kept = await postUpload(
      t.app,
      agent,
      page,
      url,
      { version: '1' },
      { name: 'card.png', data: png },
    );
    assert.equal(kept.statusCode, 303);
    const shown = await agent.get(url);
    assert.equal(shown.statusCode, 200);
    assert.equal(shown.headers['content-type'], 'image/png');
    assert.equal(shown.headers['x-content-type-options'], 'nosniff');
    const other = await tree.signedIn('staff', 'otherRegion');
    assert.equal((await other.agent.get(url)).statusCode, 404);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type Agent, type TestApp } from '#test/support/app.ts';
import { testEngine } from '#test/support/database.ts';
import {
  auditedDuring,
  insertTestOrganisation,
  signedInAccount,
  type TestOrganisation,
} from '#test/support/fixture.ts';
import type { OrganisationKind, Role } from '#platform/db/schema.ts';
import type { Recipient } from '#platform/notify/notifier.ts';
import { createOutboxNotifier } from '#platform/notify/outbox.ts';

describe(`outbox pages (${testEngine})`, () => {
  let t: TestApp;
  const orgs: Record<string, TestOrganisation> = {};
  const agents: Record<string, Agent> = {};
  const messages: Record<string, string> = {};
  const token = 'Qm9vdHN0cmFwLXRva2VuLWZvci10ZXN0cw';

  const messageIds = (body: string) =>
    [...body.matchAll(/href="\/outbox\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);

  before(async () => {
    t = await startTestApp({ EXPOSE_QUERY_COUNT: 'true' });
    const { db, i18n } = t.services;
    const org = (kind: OrganisationKind, nameEn: string, parent?: TestOrganisation) =>
      insertTestOrganisation(db, { kind, nameEn, parent });
    orgs.region = await org('region', 'Region');
    orgs.area = await org('area', 'Area', orgs.region);
    orgs.provider = await org('provider', 'Provider', orgs.area);
    orgs.other = await org('provider', 'Other', orgs.region);

    const account = async (key: string, role: Role | 'platform_admin') => {
      const signedIn = await signedInAccount(t, {
        email: `${key}@outbox.test`,
        name: `Person ${key}`,
        platformAdmin: role === 'platform_admin',
        roles: role === 'platform_admin' ? [] : [{ organisationId: orgs.area!.id, role }],
      });
      agents[key] = signedIn.agent;
    };
    await account('admin', 'platform_admin');
    await account('orgadmin', 'organisation_admin');
    await account('lead', 'involvement_lead');
    await account('staff', 'staff');

    const outbox = createOutboxNotifier(db, i18n);
    const send = async (key: string, recipient: Recipient, template = 'invitation') => {
      const { id } = await outbox.send(recipient, {
        template,
        personalisation: {
          inviter: 'Siôn Ŵyn',
          organisation: 'Tŷ Ŷd',
          link: `https://cyd.example/invitations/${token}`,
        },
        reference: `test-${key}`,
      });
      messages[key] = id;
      // a little apart, so "newest first" has one right answer
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    await send('area', {
      channel: 'email',
      address: 'gwen@example.org',
      language: 'cy',
      organisationId: orgs.area.id,
    });
    await send('provider', {
      channel: 'sms',
      address: '07700900123',
      language: 'en',
      organisationId: orgs.provider.id,
    });
    await send('other', {
      channel: 'letter',
      address: 'Ann\n1 Main St\nCardiff\nCF10 1AA',
      language: 'en',
      organisationId: orgs.other.id,
    });
    await send(
      'none',
      { channel: 'email', address: 'admin-only@example.org', language: 'en' },
      'passwordReset',
    );
  });
  after(() => t.close());

  it('shows platform administrators every message, newest first', async () => {
    const response = await agents.admin!.get('/outbox');
    assert.equal(response.statusCode, 200);
    assert.ok(Number(response.headers['x-query-count']) <= 10);
    assert.deepEqual(messageIds(response.body), [
      messages.none,
      messages.other,
      messages.provider,
      messages.area,
    ]);
    assert.match(response.body, /Text message/);
    assert.match(response.body, /Cyd is not sending messages/);
    assert.match(response.body, /Rydych wedi cael gwahoddiad i ddefnyddio Cyd ar gyfer Tŷ Ŷd/);
  });

  it('shows holders of outbox.view only the messages of their subtree', async () => {
    for (const who of ['orgadmin', 'lead']) {
      const response = await agents[who]!.get('/outbox');
      assert.equal(response.statusCode, 200, who);
      assert.deepEqual(messageIds(response.body), [messages.provider, messages.area], who);
    }
    for (const outside of [orgs.other!, orgs.region!]) {
      const filtered = await agents.lead!.get(`/outbox?organisation=${outside.id}`);
      assert.equal(filtered.statusCode, 404);
    }
    const provider = await agents.lead!.get(`/outbox?organisation=${orgs.provider!.id}`);
    assert.deepEqual(messageIds(provider.body), [messages.provider]);
    assert.match(provider.body, /Showing messages for Provider/);
  });

  it('refuses other staff', async () => {
    assert.equal((await agents.staff!.get('/outbox')).statusCode, 403);
    // 403 where they can see the organisation, 404 where they cannot
    for (const [organisation, status] of [
      [orgs.area!, 403],
      [orgs.other!, 404],
    ] as const) {
      const filtered = await agents.staff!.get(`/outbox?organisation=${organisation.id}`);
      assert.equal(filtered.statusCode, status);
    }
    assert.equal((await agents.staff!.get(`/outbox/${messages.area!}`)).statusCode, 403);
  });

  it('filters by kind of message', async () => {
    const letters = await agents.admin!.get('/outbox?channel=letter');
    assert.deepEqual(messageIds(letters.body), [messages.other]);
    const nonsense = await agents.admin!.get('/outbox?channel=pigeon');
    assert.equal(messageIds(nonsense.body).length, 4);
  });

  it('shows one message in full, hiding one-time links from all but platform administrators', async () => {
    const forLead = await agents.lead!.get(`/outbox/${messages.area!}`);
    assert.equal(forLead.statusCode, 200);
    assert.ok(Number(forLead.headers['x-query-count']) <= 10);
    assert.match(forLead.body, /gwen@example\.org/);
    assert.match(forLead.body, /lang="cy"/);
    assert.match(forLead.body, /Mae Siôn Ŵyn wedi eich gwahodd/);
    assert.doesNotMatch(forLead.body, new RegExp(token));
    assert.match(forLead.body, /one-time link: only platform administrators can see it/);
    const forAdmin = await agents.admin!.get(`/outbox/${messages.area!}`);
    assert.match(forAdmin.body, new RegExp(`https://cyd.example/invitations/${token}`));

    const letter = await agents.admin!.get(`/outbox/${messages.other!}`);
    assert.match(letter.body, /Ann<br>1 Main St<br>Cardiff<br>CF10 1AA/);

    assert.equal((await agents.lead!.get(`/outbox/${messages.other!}`)).statusCode, 404);
    assert.equal((await agents.lead!.get(`/outbox/${messages.none!}`)).statusCode, 404);
    assert.equal((await agents.admin!.get(`/outbox/${messages.none!}`)).statusCode, 200);
    assert.equal((await agents.admin!.get('/outbox/not-an-id')).statusCode, 404);
    assert.equal(
      (await agents.admin!.get('/outbox/00000000-0000-4000-8000-000000000000')).statusCode,
      404,
    );
  });

  it('hides portal sign-in codes from all but platform administrators', async () => {
    const outbox = createOutboxNotifier(t.services.db, t.services.i18n);
    const { id } = await outbox.send(
      {
        channel: 'email',
        address: 'code@example.org',
        language: 'en',
        organisationId: orgs.area!.id,
      },
      { template: 'portalCode', personalisation: { code: '482913' }, reference: 'portal-code' },
    );
    const forLead = await agents.lead!.get(`/outbox/${id}`);
    assert.equal(forLead.statusCode, 200);
    assert.doesNotMatch(forLead.body, /482913/);
    assert.match(forLead.body, /sign-in code hidden/);
    assert.match((await agents.admin!.get(`/outbox/${id}`)).body, /482913/);
    // an organisation administrator reads the outbox but is not offered the code
    const forOrgAdmin = await agents.orgadmin!.get(`/outbox/${id}`);
    assert.doesNotMatch(forOrgAdmin.body, /482913|Show the sign-in code/);
    assert.equal((await agents.orgadmin!.post(`/outbox/${id}/code`)).statusCode, 403);

    // the discreet form people get by default is a sign-in code all the same
    const discreet = await outbox.send(
      {
        channel: 'email',
        address: 'discreet-code@example.org',
        language: 'cy',
        organisationId: orgs.area!.id,
      },
      { template: 'portalCode.discreet', personalisation: { code: '730516' }, reference: 'code-2' },
    );
    const discreetForLead = await agents.lead!.get(`/outbox/${discreet.id}`);
    assert.doesNotMatch(discreetForLead.body, /730516/);
    assert.match(discreetForLead.body, /Show the sign-in code/);
  });

  it('lets an involvement lead read a sign-in code they are helping with, audited', async () => {
    const { db, i18n } = t.services;
    const outbox = createOutboxNotifier(db, i18n);
    const send = (organisationId: string) =>
      outbox.send(
        { channel: 'email', address: 'help@example.org', language: 'cy', organisationId },
        { template: 'portalCode', personalisation: { code: '614027' }, reference: 'portal-code' },
      );
    const { id } = await send(orgs.provider!.id);
    const page = await agents.lead!.get(`/outbox/${id}`);
    assert.match(page.body, /Show the sign-in code/);
    assert.match(page.body, new RegExp(`action="/outbox/${id}/code"`));
    const revealed = await agents.lead!.post(`/outbox/${id}/code`);
    assert.equal(revealed.statusCode, 200);
    assert.match(revealed.body, /614027/);
    assert.match(revealed.body, /recorded in the audit log/);
    assert.equal(revealed.headers['cache-control'], 'no-store');
    const audited = await db
      .selectFrom('audit_log')
      .select(['action', 'organisation_id', 'details'])
      .where('subject_id', '=', id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audited.map((row) => row.action),
      ['outbox.message_viewed', 'outbox.code_revealed'],
    );
    assert.equal(audited[1]!.organisation_id, orgs.provider!.id);
    assert.doesNotMatch(JSON.stringify(audited), /614027/, 'the code is not in the audit log');
    // outside the lead's organisations: not found; a message without a code: not found
    const elsewhere = await send(orgs.other!.id);
    assert.equal((await agents.lead!.post(`/outbox/${elsewhere.id}/code`)).statusCode, 404);
    assert.equal((await agents.lead!.post(`/outbox/${messages.provider!}/code`)).statusCode, 404);
    // the form needs its CSRF token
    assert.equal(
      (await agents.lead!.post(`/outbox/${id}/code`, { _csrf: 'wrong' })).statusCode,
      403,
    );
  });

  it('lists messages by what the person read, not template names', async () => {
    const list = await agents.admin!.get('/outbox');
    assert.doesNotMatch(list.body, />\s*(portalCode|invitation|passwordReset)\s*</);
    assert.match(
      list.body,
      /Sign-in code for the people&#39;s portal|Sign-in code for the people's portal/,
    );
    assert.match(list.body, /Invitation to use Cyd/);
    const welsh = await agents.admin!.get('/outbox?lang=cy');
    assert.match(welsh.body, /Cod mewngofnodi i borth y bobl/);
    const message = await agents.lead!.get(`/outbox/${messages.provider!}`);
    assert.match(message.body, /Kind of message/);
    assert.match(message.body, /Invitation to use Cyd/);
  });

  it('pages through many messages', async () => {
    const outbox = createOutboxNotifier(t.services.db, t.services.i18n);
    for (let i = 0; i < 30; i += 1)
      await outbox.send(
        {
          channel: 'sms',
          address: `0770090${String(1000 + i)}`,
          language: 'en',
          organisationId: orgs.provider!.id,
        },
        {
          template: 'passwordReset',
          personalisation: { link: 'https://cyd.example/r' },
          reference: `page-${String(i)}`,
        },
      );
    const admin = agents.admin!;
    const first = await admin.get('/outbox?channel=sms');
    const firstIds = messageIds(first.body);
    assert.equal(firstIds.length, 25);
    const older = /href="(\/outbox\?[^"]*before=[^"]+)"/
      .exec(first.body)?.[1]
      ?.replace(/&amp;/g, '&');
    assert.ok(older);
    const second = await admin.get(older);
    const secondIds = messageIds(second.body);
    assert.equal(secondIds.length, 6);
    assert.equal(new Set([...firstIds, ...secondIds]).size, 31);
    const newer = /href="(\/outbox\?[^"]*after=[^"]+)"/
      .exec(second.body)?.[1]
      ?.replace(/&amp;/g, '&');
    assert.ok(newer);
    assert.deepEqual(messageIds((await admin.get(newer)).body), firstIds);
  });

  it('records every look at the outbox in the audit log', async () => {
    const rows = await auditedDuring(t.services.db, async () => {
      await agents.lead!.get(`/outbox/${messages.provider!}`);
      await agents.lead!.get('/outbox?channel=email');
    });
    assert.deepEqual(
      rows.map((r) => r.action),
      ['outbox.message_viewed', 'outbox.viewed'],
    );
    assert.equal(rows[0]!.subject_id, messages.provider);
    assert.equal(rows[0]!.organisation_id, orgs.provider!.id);
    assert.equal((await t.services.audit.verify()).ok, true);
  });

  it('speaks Welsh', async () => {
    const response = await agents.admin!.get('/outbox?lang=cy');
    assert.match(response.body, /Blwch negeseuon allan/);
    assert.match(response.body, /Neges destun/);
  });
});

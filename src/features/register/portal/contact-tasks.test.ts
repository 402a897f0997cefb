import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { peopleWithPhones } from '#test/support/register-people.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { insertTestAccount, insertTestOrganisation, signedInStaff } from '#test/support/fixture.ts';
import { agentFor } from '#test/support/accounts.ts';
import { testEngine } from '#test/support/database.ts';
import { SESSION_COOKIE } from '#platform/auth/sessions.ts';
import { insertTestPerson } from '../people/fixtures.ts';
import { portalModule } from './module.ts';
import { askAttention } from '#platform/modules/attention.ts';

/** Staff contact tasks (/contact-tasks) and the home page's count of them. */
describe(`contact tasks (${testEngine})`, () => {
  let t: TestApp;
  let organisationId: string;
  /** A browser at its own address, so each test has its own per-address rate limit. */
  const browser = () => agentFor(t);

  /** A person on the register with a mobile number of their own. */
  const newPerson = peopleWithPhones(() => ({ t, organisationId }));

  /** A provider of its own (its own root), for staff who should see nothing of the others. */
  const provider = async (nameEn: string) =>
    (await insertTestOrganisation(t.services.db, { kind: 'provider', nameEn, nameCy: nameEn })).id;

  before(async () => {
    t = await startTestApp();
    organisationId = await provider('Provider');
  });
  after(() => t.close());

  it('shows staff the calls to make and the requests to deal with, for their people only', async () => {
    const caller = await newPerson({ channels: ['phone'], no_voicemail: true });
    const call = await t.services.db.transaction().execute((trx) =>
      t.services.contact.contactPerson(trx, {
        personId: caller.id,
        organisationId,
        template: 'involvementInvitation',
        personalisation: {},
      }),
    );
    assert.equal(call.status === 'blocked' && call.reason, 'needs_person');
    const leaver = await newPerson();
    const requestId = await t.services.db
      .insertInto('person_requests')
      .values({ person_id: leaver.id, organisation_id: organisationId, kind: 'pause' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const elsewhere = await provider('Other');
    const accountId = await insertTestAccount(t.services.db, {
      email: 'lead@portal.test',
      name: 'Lead',
      passwordHash: null,
      roles: [{ organisationId, role: 'involvement_lead' }],
    });
    const lead = browser();
    lead.cookies.set(SESSION_COOKIE, (await t.services.sessions.create({ accountId })).id);
    const page = await lead.get('/contact-tasks');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`/people/${caller.id}`));
    assert.match(page.body, /Do not leave a voicemail/);
    assert.match(page.body, new RegExp(`/contact-tasks/request/${requestId.id}/done`));
    const done = await lead.post(`/contact-tasks/message/${call.messageId!}/done`);
    assert.equal(done.statusCode, 303);
    const message = await t.services.db
      .selectFrom('person_messages')
      .select(['status', 'reason'])
      .where('id', '=', call.messageId!)
      .executeTakeFirstOrThrow();
    assert.deepEqual(message, { status: 'sent', reason: 'by_worker' });
    await lead.get('/contact-tasks');
    await lead.post(`/contact-tasks/request/${requestId.id}/done`);
    const resolved = await t.services.db
      .selectFrom('person_requests')
      .select(['resolved_at', 'resolved_by'])
      .where('id', '=', requestId.id)
      .executeTakeFirstOrThrow();
    assert.ok(resolved.resolved_at);
    assert.equal(resolved.resolved_by, accountId);

    // a task for someone at another provider is not theirs to see
    const other = await insertTestPerson(t.services.db, t.config.encryptionKey, {
      organisationId: elsewhere,
      phone: '07700 900333',
    });
    const hidden = await t.services.db
      .insertInto('person_requests')
      .values({ person_id: other, organisation_id: elsewhere, kind: 'remove' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const list = await lead.get('/contact-tasks');
    assert.doesNotMatch(list.body, new RegExp(hidden.id));
    const refused = await lead.post(`/contact-tasks/request/${hidden.id}/done`);
    assert.equal(refused.statusCode, 404);
  });

  it("counts the actor's contact tasks on the home page, and nothing for those who may not act", async () => {
    const [provider_] = portalModule.attention!;
    const home = await provider('Attention provider');
    const quiet = await provider('Quiet provider');
    const lead = await signedInStaff(t, 'involvement_lead', home, {
      email: 'attention-lead@portal.test',
      name: 'Attention lead',
    });
    const idle = await signedInStaff(t, 'involvement_lead', quiet, {
      email: 'attention-idle@portal.test',
      name: 'Idle lead',
    });
    const commissioner = await signedInStaff(t, 'commissioner', home, {
      email: 'attention-commissioner@portal.test',
      name: 'Commissioner',
      language: 'cy',
    });
    // nothing waiting yet: no item at all
    assert.deepEqual(await askAttention(t.services, provider_!, lead.actor), []);

    // a call to make (the person wants a phone call) and two requests from the portal
    const caller = await newPerson(
      { channels: ['phone'] },
      { organisationId: home, phone: '07700 900444' },
    );
    const call = await t.services.db.transaction().execute((trx) =>
      t.services.contact.contactPerson(trx, {
        personId: caller.id,
        organisationId: home,
        template: 'involvementInvitation',
        personalisation: {},
      }),
    );
    assert.equal(call.status === 'blocked' && call.reason, 'needs_person');
    for (const kind of ['pause', 'remove'] as const) {
      const leaver = await newPerson(
        {},
        { organisationId: home, phone: `07700 9005${kind.length}0` },
      );
      await t.services.db
        .insertInto('person_requests')
        .values({ person_id: leaver.id, organisation_id: home, kind })
        .execute();
    }
    assert.deepEqual(await askAttention(t.services, provider_!, lead.actor), [
      { text: 'contact:attention.tasks', count: 3, href: '/contact-tasks' },
    ]);
    const page = await lead.agent.get('/dashboard');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /href="\/contact-tasks">3 calls, visits or requests waiting for you</);

    // staff elsewhere have none of these; a commissioner may not act on them
    assert.deepEqual(await askAttention(t.services, provider_!, idle.actor), []);
    assert.deepEqual(await askAttention(t.services, provider_!, commissioner.actor), []);
    const welsh = await commissioner.agent.get('/dashboard');
    assert.equal(welsh.statusCode, 200);
    assert.doesNotMatch(welsh.body, /href="\/contact-tasks">/);

    // done tasks are no longer counted
    await t.services.db
      .updateTable('person_requests')
      .set({ resolved_at: new Date(), resolved_by: lead.accountId })
      .where('organisation_id', '=', home)
      .execute();
    assert.deepEqual(await askAttention(t.services, provider_!, lead.actor), [
      { text: 'contact:attention.tasks', count: 1, href: '/contact-tasks' },
    ]);
  });
});

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describePeople } from '#test/support/people-setup.ts';

/**
 * Consent withdrawn everywhere at once and given again; every look and change audited with
 * field names only.
 */
describePeople('people: consent and audit', (s) => {
  it('withdraws consent for contact everywhere at once: queued messages are cancelled', async () => {
    const id = await s.person('providerA', { displayName: 'Consent Person' });
    await s.t.services.db
      .insertInto('person_messages')
      .values({ person_id: id, organisation_id: s.ids.providerA, template: 'opportunity' })
      .execute();
    const { agent } = await s.signedIn('staff', 'providerA');
    const consentTab = await agent.get(`/people/${id}/consent`);
    assert.match(consentTab.body, /consent\/contact\/withdraw/);
    await agent.get(`/people/${id}/consent/contact/withdraw`);
    const missing = await agent.post(`/people/${id}/consent/contact/withdraw`, {});
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /Select how they gave consent/);
    const response = await agent.post(`/people/${id}/consent/contact/withdraw`, {
      method: 'phone',
    });
    assert.equal(response.statusCode, 303);
    const consent = await s.t.services.db
      .selectFrom('consents')
      .select(['withdrawn_at', 'withdrawal_method'])
      .where('person_id', '=', id)
      .where('purpose', '=', 'contact')
      .executeTakeFirstOrThrow();
    assert.ok(consent.withdrawn_at);
    assert.equal(consent.withdrawal_method, 'phone');
    const message = await s.t.services.db
      .selectFrom('person_messages')
      .select('status')
      .where('person_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(message.status, 'cancelled');
    assert.equal((await s.auditRows(id, 'person.consent_withdrawn')).length, 1);
    // consent given again is a new row; the old one stays as history
    await agent.get(`/people/${id}/consent/new`);
    const again = await agent.post(`/people/${id}/consent/new`, {
      purposes: 'contact',
      method: 'paper',
      wordingVersion: '2026-1',
    });
    assert.equal(again.statusCode, 303);
    const rows = await s.t.services.db
      .selectFrom('consents')
      .select('withdrawn_at')
      .where('person_id', '=', id)
      .where('purpose', '=', 'contact')
      .execute();
    assert.equal(rows.length, 2);
  });

  it('audits every look and every change, with field names only', async () => {
    const id = await s.person('providerA', { displayName: 'Audit Person' });
    const { agent } = await s.signedIn('staff', 'providerA');
    await agent.get(`/people/${id}`);
    await agent.get(`/people/${id}/contact`);
    const viewed = await s.auditRows(id, 'person.viewed');
    assert.deepEqual(
      viewed.map((r) => r.details),
      [{ section: 'summary' }, { section: 'contact' }],
    );
    await agent.get(`/people/${id}/edit/contact`);
    const saved = await agent.post(`/people/${id}/edit/contact`, {
      preferredLanguage: 'cy',
      speaksWelsh: 'yes',
      phone: '07700 900999',
      channel1: 'sms',
    });
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 2000));
    const updated = await s.auditRows(id, 'person.updated');
    assert.equal(updated.length, 1);
    assert.deepEqual(updated[0]!.details, {
      section: 'contact',
      fields: ['preferredLanguage', 'speaksWelsh', 'phone'],
    });
    assert.doesNotMatch(JSON.stringify(updated[0]!.details), /7700/);
    const history = await agent.get(`/people/${id}/history`);
    assert.equal(history.statusCode, 200);
    assert.match(history.body, /Changed a person&#39;s record|Changed a person's record/);
    assert.match(history.body, /preferred language/);
  });
});

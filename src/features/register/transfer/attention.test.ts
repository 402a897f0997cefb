import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '#platform/db/schema.ts';
import { Agent, startTestApp, type TestApp } from '#test/support/app.ts';
import { insertTestOrganisation, signedInStaff } from '#test/support/fixture.ts';
import {
  HEADER,
  csv,
  decided as decide,
  upload as uploadFile,
  uploaded as checked,
} from '#test/support/register-upload.ts';
import { transferModule } from './module.ts';
import { askAttention } from '#platform/modules/attention.ts';

/** The home page's "needs your attention": imports checked and waiting for their uploader. */
describe('register import: waiting for your attention', () => {
  let t: TestApp;
  const org: Record<string, { id: string; ancestors: string[] }> = {};
  let accounts = 0;

  async function organisation(key: string, parent?: string) {
    org[key] = await insertTestOrganisation(t.services.db, {
      nameEn: key,
      kind: parent ? 'provider' : 'region',
      parent: parent ? org[parent] : undefined,
    });
  }

  async function signedIn(role: Role, at: string) {
    accounts += 1;
    return signedInStaff(t, role, org[at]!.id, {
      email: `attention-${accounts}@test.example`,
      name: `Attention tester ${accounts}`,
    });
  }

  const upload = async (agent: Agent, at: string, name: string) =>
    checked(
      t.services.db,
      await uploadFile(t.app, agent, org[at]!.id, name, csv([HEADER, `${name},service_user`])),
    );

  before(async () => {
    t = await startTestApp();
    await organisation('Region');
    await organisation('Provider A', 'Region');
  });
  after(() => t.close());

  it("counts the actor's imports waiting to be confirmed and links to the oldest", async () => {
    const [imports] = transferModule.attention!;
    const lead = await signedIn('involvement_lead', 'Provider A');
    const colleague = await signedIn('involvement_lead', 'Provider A');
    const staff = await signedIn('staff', 'Provider A');
    assert.deepEqual(await askAttention(t.services, imports!, lead.actor), []);

    const first = await upload(lead.agent, 'Provider A', 'first.csv');
    const second = await upload(lead.agent, 'Provider A', 'second.csv');
    assert.deepEqual(await askAttention(t.services, imports!, lead.actor), [
      { text: 'transfer:attention.imports', count: 2, href: `/people/import/${first}` },
    ]);
    const page = await lead.agent.get('/dashboard');
    assert.equal(page.statusCode, 200);
    assert.ok(
      page.body.includes(
        `href="/people/import/${first}">2 imports waiting for you to check and confirm<`,
      ),
    );

    // someone else's imports are not theirs to confirm; staff may not import at all
    assert.deepEqual(await askAttention(t.services, imports!, colleague.actor), []);
    assert.deepEqual(await askAttention(t.services, imports!, staff.actor), []);

    // once decided, an import no longer waits
    await lead.agent.get(`/people/import/${first}`);
    await decide(t.services.db, lead.agent, first, { decision: 'nothing' });
    assert.deepEqual(await askAttention(t.services, imports!, lead.actor), [
      { text: 'transfer:attention.imports', count: 1, href: `/people/import/${second}` },
    ]);
    const later = await lead.agent.get('/dashboard');
    assert.ok(
      later.body.includes(
        `href="/people/import/${second}">1 import waiting for you to check and confirm<`,
      ),
    );
  });
});

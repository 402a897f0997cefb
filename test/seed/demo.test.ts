import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { signedInAs } from '../support/fixture.ts';
import { verifyPassword } from '#platform/auth/passwords.ts';
import {
  demoOrganisationId,
  demoSignIns,
  seedDemo,
  seedDemoOnFirstRun,
} from '#app/features/admin/organisations/seed-demo.ts';
import { checkBenefits } from '#features/money';
import { demoPersonId } from '#features/register';

/** The demo data: staff in every role who can sign in and see what their role allows. */
describe('demo data', () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp({ DEMO_PASSWORD: 'demo-test-password' });
    assert.equal(await seedDemoOnFirstRun(t.services), true);
    assert.equal(await seedDemoOnFirstRun(t.services), false, 'only on a fresh database');
  });
  after(() => t.close());

  /** The actor a session for the account would load. */
  async function actorFor(email: string) {
    const account = await t.services.db
      .selectFrom('accounts')
      .selectAll()
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const { actor } = await signedInAs(t, account.id);
    return { account, actor };
  }

  /** English names of the organisations the actor may see, through the organisations service. */
  async function visible(email: string) {
    const { actor } = await actorFor(email);
    const page = await t.services.organisations.list(actor, {
      search: '',
      includeArchived: false,
      page: 1,
      lang: 'en',
    });
    return { total: page.total, names: page.rows.map((row) => row.nameEn) };
  }

  it('has a fictional region of two areas, four providers and two forums, none requiring MFA', async () => {
    const rows = await t.services.db.selectFrom('organisations').selectAll().execute();
    const count = (kind: string) => rows.filter((row) => row.kind === kind).length;
    assert.equal(count('region'), 1);
    assert.equal(count('area'), 2);
    assert.equal(count('provider'), 4);
    assert.equal(count('group'), 2);
    assert.ok(count('service') >= 4);
    assert.ok(rows.every((row) => !row.requires_mfa));
    assert.ok(rows.every((row) => row.name_cy && row.name_cy !== row.name_en));
  });

  it('has staff in every role who can be loaded and use the demo password', async () => {
    const roles = new Set<string>();
    for (const { email } of demoSignIns) {
      const { account, actor } = await actorFor(email);
      assert.equal(account.mfa_required, false, email);
      assert.ok(await verifyPassword(account.password_hash!, 'demo-test-password'), email);
      if (actor.platformAdmin) roles.add('platform_admin');
      for (const m of actor.memberships) roles.add(m.role);
    }
    assert.deepEqual([...roles].sort(), [
      'commissioner',
      'involvement_lead',
      'organisation_admin',
      'platform_admin',
      'staff',
      'viewer',
    ]);
    const welsh = await t.services.db
      .selectFrom('accounts')
      .select('email')
      .where('language', '=', 'cy')
      .execute();
    assert.ok(welsh.length >= 1);
  });

  it('shows each role the organisations it should see', async () => {
    const all = await visible('platform-admin@demo.example');
    assert.equal(all.total, 16);
    const region = await visible('commissioner@demo.example');
    assert.equal(region.total, 15, 'the region and everything below it, not the nation');
    assert.ok(!region.names.includes('Wales (demonstration)'));
    assert.equal((await visible('organisation-admin@demo.example')).total, 15);
    const provider = await visible('staff@demo.example');
    assert.deepEqual(provider.names, [
      'Aberffug Drug and Alcohol Service',
      'Aberffug needle and syringe programme',
      'Aberffug town centre hub',
    ]);
    assert.equal((await visible('involvement-lead@demo.example')).total, 3);
    const area = await visible('viewer@demo.example');
    assert.equal(area.total, 6, 'the area, its two providers and their three services');
  });

  it('has claims in every state, a cash box, and Rhiannon near her weekly limit', async () => {
    const { db } = t.services;
    const statuses = await db.selectFrom('money_claims').select('status').distinct().execute();
    assert.deepEqual(statuses.map((s) => s.status).sort(), [
      'approved',
      'draft',
      'paid',
      'returned',
      'reversed',
      'submitted',
      'withdrawn',
    ]);
    const rhiannon = demoPersonId('rhiannon');
    const waiting = await db
      .selectFrom('money_claims')
      .select(['id', 'occurred_on'])
      .where('person_id', '=', rhiannon)
      .where('status', '=', 'submitted')
      .executeTakeFirstOrThrow();
    const check = await checkBenefits(db, {
      personId: rhiannon,
      day: waiting.occurred_on,
      proposedPence: 8000,
      excludeClaimId: waiting.id,
    });
    assert.equal(check.before.week, 8000, 'last board day, paid in cash on the day');
    assert.ok(check.crossed.length > 0, 'this board day would take her over £150 a week');
    const float = await db
      .selectFrom('money_floats')
      .select('status')
      .where('name', '=', 'Reception cash box')
      .executeTakeFirstOrThrow();
    assert.equal(float.status, 'open');
  });

  it('resets: demo changes are undone, audit rows kept, ids stable', async () => {
    const { db } = t.services;
    const region = demoOrganisationId('region');
    await db
      .updateTable('organisations')
      .set({ name_en: 'Changed' })
      .where('id', '=', region)
      .execute();
    const { organisations } = t.services;
    const { actor } = await actorFor('organisation-admin@demo.example');
    const draft = await organisations.draftOrganisation(actor, region, {
      kind: 'area',
      nameEn: 'Someone’s new area',
      nameCy: 'Ardal newydd rhywun',
    });
    assert.ok(draft.ok);
    assert.ok((await organisations.createOrganisation(actor, draft.value)).ok);
    await t.services.sessions.create({ accountId: actor.id });
    const auditBefore = await db.selectFrom('audit_log').select('id').execute();

    const summary = await seedDemo(t.services);
    assert.equal(summary.organisations, 16);
    const rows = await db.selectFrom('organisations').selectAll().execute();
    assert.equal(rows.length, 16);
    assert.equal(rows.find((row) => row.id === region)?.name_en, 'Cwm Ffug Area Planning Board');
    const auditAfter = await db.selectFrom('audit_log').select('id').execute();
    assert.ok(auditAfter.length > auditBefore.length, 'audit rows are only ever added');
    assert.equal((await t.services.audit.verify()).ok, true);
  });
});

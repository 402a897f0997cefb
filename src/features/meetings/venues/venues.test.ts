import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '#platform/db/schema.ts';
import { redirectPath, startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree } from '#test/support/fixture.ts';
import { insertMeeting } from '#test/support/meetings.ts';

/** Venues: route → database, bad input kept, audited changes, other organisations 404. */
describe('venues', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'venues', 'Tester');
  const org = tree.ids;
  const signedIn = async (role: Role, at: string, language?: 'en' | 'cy') =>
    (await tree.signedIn(role, at, language)).agent;

  before(async () => {
    t = await startTestApp();
    await tree.addAll({
      region: null,
      providerA: 'region',
      providerB: 'region',
      otherRegion: null,
    });
  });
  after(() => t.close());

  const form = (fields: Record<string, string | string[]> = {}) => ({
    organisationId: org.providerA!,
    name: 'Canolfan y Dref',
    address: '1 High Street\nTownsville',
    directionsEn: 'Ring the bell',
    directionsCy: 'Canwch y gloch',
    features: ['step_free', 'hearing_loop', 'police_building'],
    ...fields,
  });

  const audits = (id: string) =>
    t.services.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('subject_type', '=', 'venue')
      .where('subject_id', '=', id)
      .orderBy('id')
      .execute();

  it('adds a venue, shows it with its features in words and as tags, and audits it', async () => {
    const agent = await signedIn('involvement_lead', 'providerA');
    await agent.get('/venues/new');
    const created = await agent.post('/venues/new', form());
    assert.equal(created.statusCode, 303);
    const id = /\/venues\/([0-9a-f-]{36})$/.exec(redirectPath(created))![1]!;
    const row = await t.services.db
      .selectFrom('venues')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.organisation_id, org.providerA);
    assert.equal(row.name, 'Canolfan y Dref');
    assert.equal(row.step_free, true);
    assert.equal(row.hearing_loop, true);
    assert.equal(row.police_building, true);
    assert.equal(row.parking, false);
    assert.deepEqual(
      (await audits(id)).map((a) => a.action),
      ['venue.created'],
    );

    const page = await agent.follow(created);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('Venue added.'));
    assert.ok(page.body.includes('Ring the bell'));
    assert.ok(page.body.includes('No meetings are planned here.'));
    const list = await agent.get('/venues');
    assert.ok(list.body.includes('Canolfan y Dref'));
    assert.ok(list.body.includes('Step-free'));
    assert.ok(list.body.includes('Police building'));
    assert.ok(!list.body.includes('>Parking<'));

    const welsh = await signedIn('staff', 'providerA', 'cy');
    const cy = await welsh.get(`/venues/${id}`);
    assert.ok(cy.body.includes('Canwch y gloch'));
    assert.ok(cy.body.includes('Mynediad heb risiau'));
  });

  it('refuses bad input with the values kept and writes nothing', async () => {
    const agent = await signedIn('organisation_admin', 'providerA');
    await agent.get('/venues/new');
    const before = await t.services.db
      .selectFrom('venues')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const bad = await agent.post(
      '/venues/new',
      form({ name: '', address: 'x'.repeat(501), features: ['step_free', 'lift'] }),
    );
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.body.includes('Enter the venue&#39;s name'));
    assert.ok(bad.body.includes('The address must be 500 characters or fewer'));
    assert.ok(bad.body.includes('Choose only from the list'));
    assert.ok(bad.body.includes('Ring the bell'));
    // an organisation outside the actor's subtree is refused like a bad choice
    await agent.get('/venues/new');
    const elsewhere = await agent.post('/venues/new', form({ organisationId: org.providerB! }));
    assert.equal(elsewhere.statusCode, 400);
    assert.ok(elsewhere.body.includes('Choose an organisation where you may keep venues'));
    const after = await t.services.db
      .selectFrom('venues')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(after.n, before.n);
  });

  it('changes, archives and restores a venue after confirmation, audited', async () => {
    const agent = await signedIn('involvement_lead', 'providerA');
    await agent.get('/venues/new');
    const created = await agent.post('/venues/new', form({ name: 'Old hall' }));
    const id = /\/venues\/([0-9a-f-]{36})$/.exec(redirectPath(created))![1]!;
    await agent.get(`/venues/${id}/edit`);
    assert.ok(agent.lastBody.includes('value="Old hall"'));
    const edited = await agent.post(`/venues/${id}/edit`, {
      name: 'New hall',
      address: '2 Low Street',
      features: 'parking',
      // the organisation cannot be changed by posting another
      organisationId: org.otherRegion!,
    });
    assert.equal(edited.statusCode, 303);
    const row = await t.services.db
      .selectFrom('venues')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.name, 'New hall');
    assert.equal(row.organisation_id, org.providerA);
    assert.equal(row.parking, true);
    assert.equal(row.step_free, false);
    assert.equal(row.directions_en, null);

    const confirm = await agent.get(`/venues/${id}/archive`);
    assert.ok(confirm.body.includes('Archive New hall?'));
    assert.equal((await agent.post(`/venues/${id}/archive`)).statusCode, 303);
    const archived = await agent.get('/venues');
    assert.ok(!archived.body.includes('New hall'));
    const shown = await agent.get('/venues?archived=1');
    assert.ok(shown.body.includes('New hall'));
    await agent.get(`/venues/${id}/restore`);
    assert.equal((await agent.post(`/venues/${id}/restore`)).statusCode, 303);
    assert.deepEqual(
      (await audits(id)).map((a) => a.action),
      ['venue.created', 'venue.updated', 'venue.archived', 'venue.restored'],
    );
  });

  it('lists the next meetings at the venue', async () => {
    const agent = await signedIn('involvement_lead', 'providerA');
    await agent.get('/venues/new');
    const created = await agent.post('/venues/new', form({ name: 'Meeting hall' }));
    const id = /\/venues\/([0-9a-f-]{36})$/.exec(redirectPath(created))![1]!;
    const meeting = (title: string, startsAt: string, status: 'planned' | 'cancelled') =>
      insertMeeting(t.services.db, org.providerA!, {
        title_en: title,
        title_cy: `${title} (cy)`,
        attendance_mode: 'in_person',
        venue_id: id,
        starts_at: startsAt,
        hours: 1,
        status,
      });
    await meeting('Future forum', '2099-03-01T10:00:00Z', 'planned');
    await meeting('Cancelled forum', '2099-03-02T10:00:00Z', 'cancelled');
    await meeting('Past forum', '2001-03-01T10:00:00Z', 'planned');
    const page = await agent.get(`/venues/${id}`);
    assert.ok(page.body.includes('Future forum'));
    assert.ok(!page.body.includes('Cancelled forum'));
    assert.ok(!page.body.includes('Past forum'));
  });

  it('answers 404 for another organisation’s venue, 403 to change one seen but not managed', async () => {
    const lead = await signedIn('involvement_lead', 'providerA');
    await lead.get('/venues/new');
    const created = await lead.post('/venues/new', form({ name: 'Private hall' }));
    const id = /\/venues\/([0-9a-f-]{36})$/.exec(redirectPath(created))![1]!;
    const stranger = await signedIn('organisation_admin', 'otherRegion');
    assert.equal((await stranger.get(`/venues/${id}`)).statusCode, 404);
    assert.equal((await stranger.get(`/venues/${id}/edit`)).statusCode, 404);
    await stranger.get('/venues');
    assert.equal((await stranger.post(`/venues/${id}/archive`)).statusCode, 404);
    assert.ok(!(await stranger.get('/venues')).body.includes('Private hall'));
    const sibling = await signedIn('organisation_admin', 'providerB');
    assert.equal((await sibling.get(`/venues/${id}`)).statusCode, 404);
    const viewer = await signedIn('viewer', 'providerA');
    assert.equal((await viewer.get(`/venues/${id}`)).statusCode, 200);
    assert.ok(!viewer.lastBody.includes('Change the venue'));
    assert.equal((await viewer.get(`/venues/${id}/edit`)).statusCode, 403);
    assert.equal((await viewer.get('/venues/new')).statusCode, 403);
    // the region above sees it and may filter to the provider's venues
    const region = await signedIn('viewer', 'region');
    const filtered = await region.get(`/venues?organisation=${org.providerA!}`);
    assert.ok(filtered.body.includes('Private hall'));
    const other = await region.get(`/venues?organisation=${org.providerB!}`);
    assert.ok(!other.body.includes('Private hall'));
    assert.equal((await lead.get('/venues/not-a-uuid')).statusCode, 404);
  });
});

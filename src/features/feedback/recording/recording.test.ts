import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertTestPerson } from '#features/register';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree, signedInPerson } from '#test/support/fixture.ts';
import { visibleText } from '#test/support/html.ts';

/** Feedback typed in by staff, and given by a person in the portal under their name. */
describe('feedback recorded by staff and given in the portal', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'fbrecord', 'Tester');
  const org = tree.ids;
  const db = () => t.services.db;
  /** A person on the register at an organisation of the tree. */
  const person = (organisationId: string, displayName?: string) =>
    insertTestPerson(db(), t.services.config.encryptionKey, { organisationId, displayName });

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, service: 'region', elsewhere: null });
    await db()
      .insertInto('feedback_inboxes')
      .values({ organisation_id: org.service!, code: 'rec42' })
      .execute();
  });
  after(() => t.close());

  it('puts a card typed in by staff into the service inbox, with a complaint’s deadlines', async () => {
    const { agent, accountId } = await tree.signedIn('staff', 'service');
    const page = await agent.get('/feedback/new');
    assert.equal(page.statusCode, 200);
    const missing = await agent.post('/feedback/new', {
      channel: 'card',
      body: 'No kind or service',
    });
    assert.equal(missing.statusCode, 400);
    assert.match(visibleText(missing.body), /Choose the service/);
    const story = 'x'.repeat(10_000);
    const saved = await agent.post('/feedback/new', {
      service: org.service!,
      channel: 'card',
      kind: 'complaint',
      language: 'en',
      body: story,
    });
    assert.equal(saved.statusCode, 303);
    const item = await db()
      .selectFrom('feedback_items')
      .selectAll()
      .where('organisation_id', '=', org.service!)
      .where('channel', '=', 'card')
      .executeTakeFirstOrThrow();
    assert.equal(item.body.length, 10_000, 'a long story is kept whole');
    assert.equal(item.recorded_by, accountId);
    assert.ok(item.acknowledge_by && item.respond_by, 'a complaint has its deadlines');
    // not at a service the member of staff does not work for
    await agent.get('/feedback/new');
    const other = await agent.post('/feedback/new', {
      service: org.elsewhere!,
      channel: 'card',
      kind: 'suggestion',
      body: 'Elsewhere',
    });
    assert.equal(other.statusCode, 404);
  });

  it('records an experience log told to a worker under the person’s name, found on the register', async () => {
    const { agent } = await tree.signedIn('staff', 'service');
    const personId = await person(org.service!, 'Gwenllian Prawf');
    const hidden = await person(org.elsewhere!, 'Gwenllian Arall');
    await agent.get('/feedback/new');
    const found = await agent.post('/feedback/new/person', { name: 'Gwenllian' });
    assert.equal(found.statusCode, 200);
    assert.match(visibleText(found.body), /Record feedback from Gwenllian Prawf/);
    assert.doesNotMatch(visibleText(found.body), /Gwenllian Arall/, 'only people they may see');
    const form = await agent.get(`/feedback/new?person=${personId}`);
    assert.match(visibleText(form.body), /This is from Gwenllian Prawf/);
    assert.equal((await agent.get(`/feedback/new?person=${hidden}`)).statusCode, 404);
    await agent.get(`/feedback/new?person=${personId}`);
    const saved = await agent.post('/feedback/new', {
      person: personId,
      service: org.service!,
      channel: 'experience_log',
      kind: 'compliment',
      language: 'en',
      body: 'This month the group helped me stay on track.',
      contact: 'someone@example.org',
    });
    assert.equal(saved.statusCode, 303);
    const item = await db()
      .selectFrom('feedback_items')
      .selectAll()
      .where('body', '=', 'This month the group helped me stay on track.')
      .executeTakeFirstOrThrow();
    assert.equal(item.person_id, personId);
    assert.equal(item.contact_encrypted, null, 'reached through the register, no contact kept');
    await agent.get('/feedback/new');
    const forged = await agent.post('/feedback/new', {
      person: hidden,
      service: org.service!,
      channel: 'staff',
      kind: 'concern',
      body: 'For someone out of sight',
    });
    assert.equal(forged.statusCode, 404);
  });

  it('lets a person tell their story in Welsh, under their name, and see what happened', async () => {
    const personId = await person(org.service!);
    const agent = await signedInPerson(t, personId);
    const page = await agent.get('/portal/feedback?lang=cy');
    assert.equal(page.statusCode, 200);
    assert.match(visibleText(page.body), /Adrodd fy stori/);
    const sent = await agent.post('/portal/feedback?lang=cy', {
      channel: 'story',
      kind: 'compliment',
      body: 'Fe wnaeth y grŵp cerdded newid fy mywyd.',
    });
    assert.equal(sent.statusCode, 303);
    const item = await db()
      .selectFrom('feedback_items')
      .selectAll()
      .where('person_id', '=', personId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [item.channel, item.language, item.organisation_id],
      ['story', 'cy', org.service!],
    );
    await db()
      .updateTable('feedback_items')
      .set({
        status: 'published',
        outcome: 'done',
        outcome_en: 'We shared it.',
        outcome_cy: 'Rydym wedi’i rannu.',
      })
      .where('id', '=', item.id)
      .execute();
    const mine = await agent.get('/portal/feedback?lang=cy');
    assert.match(visibleText(mine.body), /Rydym wedi’i rannu/);
  });

  it('tells a person whose service takes no feedback here how to give it', async () => {
    const personId = await person(org.elsewhere!);
    const agent = await signedInPerson(t, personId);
    const page = await agent.get('/portal/feedback');
    assert.match(visibleText(page.body), /not taking feedback here yet/);
  });
});

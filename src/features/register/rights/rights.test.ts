import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { personWithData } from '#test/support/register-rights.ts';
import { collect } from '#platform/modules/contract.ts';
import { modules } from '#app/modules.ts';
import { createI18n } from '#platform/i18n/i18n.ts';
import { columnLabel, shownOnPage } from './present.ts';
import { buildSubjectAccessExport, ERASED_NAME } from './service.ts';

const personalDataTables = collect(modules).personalData;
import { auditAbout, organisationTree } from '#test/support/fixture.ts';
import { visibleText } from '#test/support/html.ts';

/**
 * Subject access and erasure (issue 3, item 9). The completeness test reads the database
 * catalogue: every table that references people must be covered by `personalDataTables` and
 * seeded here, so a new table fails this test until export and erasure handle it.
 */
describe('rights: subject access and erasure', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'rights', 'Rights tester');
  const { org, add: organisation, signedIn: signedIn } = tree;

  before(async () => {
    t = await startTestApp();
    await organisation('Region');
    await organisation('Provider A', 'Region');
    await organisation('Provider B', 'Region');
  });
  after(() => t.close());

  /** Every (table, column) in the schema that points at people, from the catalogue. */
  async function tablesReferencingPeople() {
    const result = await sql<{ table: string; column: string }>`
      select c.conrelid::regclass::text as table, a.attname as column
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
      where c.contype = 'f' and c.confrelid = 'people'::regclass
      order by 1, 2`.execute(t.services.db);
    return result.rows.map((row) => `${row.table}.${row.column}`);
  }

  let seeded = 0;
  const PHONE = '07700 900456';
  const E164 = '+447700900456';

  /**
   * Seeds the person and a row in every table that can hold their data. Keyed by
   * "table.column": a table found in the catalogue without a seeder fails the test.
   */
  async function seedEverything() {
    const { db, config } = t.services;
    const keys = config.encryptionKey;
    const lead = await signedIn('involvement_lead', 'Provider A');
    seeded += 1;
    const name = `Rhiannon Testperson ${String(seeded)}`;
    const { personId, other, seeders } = await personWithData(db, keys, {
      organisationId: org['Provider A']!.id,
      name,
      phone: PHONE,
    });
    const discovered = await tablesReferencingPeople();
    const unseeded = ['people.id', ...discovered].filter((key) => !(key in seeders));
    assert.deepEqual(unseeded, [], 'tables holding personal data that this test does not seed');
    for (const key of ['people.id', ...discovered]) await seeders[key]!();
    // an audit entry about the person (a look at their record)
    await t.services.audit.record({
      actorAccountId: lead.accountId,
      action: 'person.viewed',
      subjectType: 'person',
      subjectId: personId,
      organisationId: org['Provider A']!.id,
      details: { section: 'summary' },
    });
    return { personId, other, lead, discovered, name };
  }

  it('covers every table that references people, in export and erasure', async () => {
    const discovered = await tablesReferencingPeople();
    const covered = new Set(personalDataTables.map((e) => `${e.table}.${e.column}`));
    const missing = discovered.filter((key) => !covered.has(key));
    assert.deepEqual(
      missing,
      [],
      `declare these in a module's personalData (module.ts): ${missing.join(', ')}`,
    );
    const stale = [...covered].filter((key) => key !== 'people.id' && !discovered.includes(key));
    assert.deepEqual(stale, [], 'personalDataTables names tables that do not reference people');
  });

  it('labels every column the printed copy shows, in English and Welsh', async () => {
    const i18n = createI18n();
    const unlabelled: string[] = [];
    for (const entry of personalDataTables) {
      if (entry.section === 'sessions') continue; // a count of open sign-ins, no columns
      const columns = await sql<{ name: string }>`
        select column_name as name from information_schema.columns
        where table_schema = current_schema() and table_name = ${entry.table}`.execute(
        t.services.db,
      );
      for (const { name } of columns.rows)
        for (const lang of ['en', 'cy'] as const)
          if (
            !entry.omit?.includes(name) &&
            shownOnPage(entry.page, name) &&
            columnLabel(i18n.t(lang), entry.section, entry.page, name) === name.replace(/_/g, ' ')
          )
            unlabelled.push(`${lang} ${entry.section}.${name}`);
    }
    assert.deepEqual(
      unlabelled,
      [],
      "label these in the module's locale namespace, under subjectAccess.fields",
    );
  });

  it('exports everything held about a person, from every table, decrypted', async () => {
    const { db, config } = t.services;
    const { personId } = await seedEverything();
    const data = await buildSubjectAccessExport(
      db,
      config.encryptionKey,
      personId,
      personalDataTables,
    );
    for (const entry of personalDataTables) {
      const section = data.sections[entry.section];
      if (typeof section === 'number') assert.ok(section > 0, `${entry.section} is counted`);
      else if (Array.isArray(section))
        assert.ok(section.length > 0, `${entry.table}.${entry.column} is in the export`);
      else assert.ok(section && Object.keys(section).length > 0, `${entry.section} is exported`);
    }
    const person = data.sections.person as Record<string, unknown>;
    assert.equal(person.phone, E164);
    assert.equal(person.legal_name, 'Rhiannon Legal');
    assert.equal(person.date_of_birth, '1980-05-17');
    assert.equal(person.phone_lookup, undefined);
    const text = JSON.stringify(data);
    assert.ok(text.includes('Supporter Name'), 'supporter names are decrypted');
    assert.ok(!text.includes('secret-hash-never-exported'), 'code hashes are never exported');
    assert.ok((data.sections.audit as unknown[]).length > 0, 'audit entries about the person');
  });

  it('shows the export to a lead as a page and a JSON download, audited', async () => {
    const { personId, lead } = await seedEverything();
    const page = await lead.agent.get(`/people/${personId}/subject-access`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(E164));
    assert.ok(page.body.includes('Supporter Name'));
    const welsh = await lead.agent.get(`/people/${personId}/subject-access?lang=cy`);
    assert.ok(welsh.body.includes('Popeth sydd gennym am y person hwn'));
    const json = await lead.agent.get(`/people/${personId}/subject-access?format=json`);
    assert.equal(json.statusCode, 200);
    assert.match(String(json.headers['content-disposition']), /attachment/);
    assert.equal((JSON.parse(json.body) as { personId: string }).personId, personId);
    const audited = await auditAbout(t.services.db, personId, 'person.subject_access_exported');
    assert.equal(audited.length, 3);
  });

  for (const lang of ['en', 'cy'] as const)
    it(`prints every value in words, with names instead of ids (${lang})`, async () => {
      const { personId, lead } = await seedEverything();
      const { db } = t.services;
      // every kind of value the record can hold: codes, lists, yes/no, times, staff and ids
      await db
        .updateTable('people')
        .set({
          age_band: '35_44',
          status: 'paused',
          pause_review_date: '2027-02-01',
          preferred_language: 'cy',
          speaks_welsh: true,
          formats: ['easy_read', 'large_print'],
          interpreter_language: 'Polish',
          channels: ['sms', 'email', 'letter'],
          named_worker_account_id: lead.accountId,
          no_voicemail: true,
          plain_envelope: true,
          quiet_from: '21:00',
          quiet_to: '08:30',
          willing_activities: ['forums', 'interview_panels'],
          skills: ['public_speaking'],
          training_completed: ['safeguarding'],
          orientation: 'advocate',
          commitment_group: 'B',
        })
        .where('id', '=', personId)
        .execute();
      await db
        .updateTable('person_status_history')
        .set({ changed_by: lead.accountId })
        .where('person_id', '=', personId)
        .execute();
      await db
        .updateTable('consents')
        .set({ recorded_by: lead.accountId })
        .where('person_id', '=', personId)
        .execute();
      await db
        .updateTable('consents')
        .set({ withdrawn_at: new Date(), withdrawn_by: lead.accountId, withdrawal_method: 'phone' })
        .where('person_id', '=', personId)
        .where('purpose', '=', 'equality')
        .execute();
      await db
        .updateTable('person_supporters')
        .set({ may_share: ['involvement', 'emergency'] })
        .where('person_id', '=', personId)
        .execute();
      // free text is shown as written, even where it could be read as a code
      await db
        .updateTable('involvement_records')
        .set({ outcome: 'Chairs ordered. More to come.' })
        .where('person_id', '=', personId)
        .execute();
      const page = await lead.agent.get(`/people/${personId}/subject-access?lang=${lang}`);
      assert.equal(page.statusCode, 200);
      const text = visibleText(page.body);
      const values = [...page.body.matchAll(/<dd class="govuk-summary-list__value">([^<]*)</g)].map(
        (match) => match[1]!.trim(),
      );
      assert.ok(values.length > 50, 'the record is shown');
      for (const value of values)
        assert.doesNotMatch(value, /^[a-z]+$|^\d+_\d+$/, `"${value}" is a raw code`);
      const expected = {
        en: [
          '35 to 44',
          'Tuesday',
          '3. Consultation',
          'Text message, E-mail, Letter',
          'A member of staff at Provider A',
        ],
        cy: [
          '35 i 44',
          'Dydd Mawrth',
          'Neges destun, E-bost, Llythyr',
          'Aelod o staff yn Provider A (cy)',
        ],
      }[lang];
      for (const words of [...expected, 'Chairs ordered. More to come.'])
        assert.ok(text.includes(words), `shows "${words}"`);
      // the named worker is named (the person knows them); other staff by their role only
      const { name: staffName } = await db
        .selectFrom('accounts')
        .select('name')
        .where('id', '=', lead.accountId)
        .executeTakeFirstOrThrow();
      assert.equal(text.split(staffName).length, 2, 'staff named once, as the named worker');
      assert.doesNotMatch(
        text,
        /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i,
        'no ids',
      );
      assert.doesNotMatch(text, /\b\w+_\w+\b/, 'no codes or field names in snake_case');
      assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}T/, 'no machine timestamps');
    });

  it('answers 403 to staff without the permission and 404 to another provider', async () => {
    const { personId } = await seedEverything();
    const staff = await signedIn('staff', 'Provider A');
    assert.equal((await staff.agent.get(`/people/${personId}/subject-access`)).statusCode, 403);
    assert.equal((await staff.agent.get(`/people/${personId}/erase`)).statusCode, 403);
    const elsewhere = await signedIn('involvement_lead', 'Provider B');
    assert.equal((await elsewhere.agent.get(`/people/${personId}/subject-access`)).statusCode, 404);
    assert.equal((await elsewhere.agent.get(`/people/${personId}/erase`)).statusCode, 404);
  });

  it('erases personal data from every table, keeps anonymous counts, and audits it', async () => {
    const { db, config } = t.services;
    const { personId, other, lead, discovered, name } = await seedEverything();
    const confirm = await lead.agent.get(`/people/${personId}/erase`);
    assert.equal(confirm.statusCode, 200);
    assert.ok(confirm.body.includes('You cannot undo this'));
    const erased = await lead.agent.post(`/people/${personId}/erase`);
    assert.equal(erased.statusCode, 200);
    assert.ok(erased.body.includes('Personal data erased'));

    const person = await db
      .selectFrom('people')
      .selectAll()
      .where('id', '=', personId)
      .executeTakeFirstOrThrow();
    assert.equal(person.display_name, ERASED_NAME);
    assert.ok(person.erased_at);
    for (const column of [
      'legal_name',
      'date_of_birth',
      'phone',
      'email',
      'address',
      'phone_lookup',
      'email_lookup',
      'dedupe_lookup',
      'access_needs',
    ] as const)
      assert.equal(person[column], null, `${column} is cleared`);
    assert.deepEqual(person.skills, []);
    // kept for anonymous counts: kind, status, organisation, connections, age band
    assert.equal(person.kind, 'service_user');
    assert.equal(person.organisation_id, org['Provider A']!.id);
    assert.equal(person.age_band, '45_54');

    for (const key of discovered) {
      const entry = personalDataTables.find((e) => `${e.table}.${e.column}` === key)!;
      const result = await sql<{ count: string }>`select count(*)::text as count
        from ${sql.table(entry.table)} where ${sql.ref(entry.column)} = ${personId}::uuid`.execute(
        db,
      );
      const count = Number(result.rows[0]!.count);
      if (entry.erase === 'delete') assert.equal(count, 0, `${key} is deleted`);
      else assert.ok(count > 0, `${key} is kept for counts`);
    }
    const live = await db
      .selectFrom('consents')
      .select('id')
      .where('person_id', '=', personId)
      .where('withdrawn_at', 'is', null)
      .execute();
    assert.equal(live.length, 0, 'every consent is withdrawn');
    // free text in kept rows that could say who they are: status reasons, involvement outcomes
    for (const [table, column] of [
      ['person_status_history', 'reason'],
      ['involvement_records', 'outcome'],
    ]) {
      const left = await sql<{ count: string }>`select count(*)::text as count
        from ${sql.table(table!)} where person_id = ${personId}::uuid
        and ${sql.ref(column!)} is not null`.execute(db);
      assert.equal(left.rows[0]!.count, '0', `${table!}.${column!} is emptied`);
    }
    const stillCares = await db
      .selectFrom('person_supporters')
      .select('id')
      .where('person_id', '=', other)
      .execute();
    assert.equal(stillCares.length, 0, 'other records no longer name the person');

    // not findable by name; nothing in the export identifies them
    const byName = await db
      .selectFrom('people')
      .select('id')
      .where('display_name', '=', name)
      .execute();
    assert.equal(byName.length, 0);
    const data = await buildSubjectAccessExport(
      db,
      config.encryptionKey,
      personId,
      personalDataTables,
    );
    const text = JSON.stringify(data.sections.person);
    for (const value of [name, E164, 'Rhiannon Legal', 'rhiannon@example.org', '1980-05-17'])
      assert.ok(!text.includes(value), `${value} is gone`);

    const [audit] = await auditAbout(db, personId, 'person.erased');
    assert.ok(audit);
    assert.ok(!JSON.stringify(audit.details).includes(name));
    assert.equal((await t.services.audit.verify()).ok, true);

    // a second erasure changes nothing and says so
    await lead.agent.get(`/people/${personId}/erase`);
    const again = await lead.agent.post(`/people/${personId}/erase`);
    assert.equal(again.statusCode, 200);
    assert.ok(again.body.includes('already been erased'));
  });
});

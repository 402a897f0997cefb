import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createI18n } from '#platform/i18n/i18n.ts';
import type { PersonalDataTable } from '#platform/modules/contract.ts';
import { sectionPages, subjectAccessView, type SubjectAccessNames } from './present.ts';

/** The printed copy knows no capability: each section is shown as its module declares it. */
describe('subject access page: sections as their modules declare them', () => {
  const table: PersonalDataTable = {
    table: 'widgets',
    column: 'person_id',
    section: 'person',
    erase: 'keep',
    page: {
      namespace: 'rights',
      hidden: ['secret_ref'],
      staff: ['made_by'],
      codes: { kind: 'people:kinds' },
      positions: { rung: 'involvement:rungs' },
      names: { thing_id: { table: 'things', en: 'name_en', cy: 'name_cy' } },
      formats: { number: (n) => `W-${String(n)}` },
    },
  };
  const organisationId = '00000000-0000-4000-8000-000000000001';
  const thingId = '00000000-0000-4000-8000-000000000002';
  const data = {
    generatedAt: '2026-12-06T12:00:00Z',
    personId: '00000000-0000-4000-8000-000000000003',
    erased: false,
    sections: {
      person: [
        {
          id: 'x',
          organisation_id: organisationId,
          secret_ref: 'hidden',
          made_by: 'someone',
          kind: 'carer',
          rung: 3,
          thing_id: thingId,
          number: 7,
        },
      ],
    },
  };
  const names: SubjectAccessNames = new Map([
    ['organisations.name_en.name_cy', new Map([[organisationId, { en: 'Hub', cy: 'Hwb' }]])],
    ['things.name_en.name_cy', new Map([[thingId, { en: 'A thing', cy: 'Peth' }]])],
  ]);

  for (const [lang, expected] of [
    ['en', { kind: 'Carer', thing: 'A thing', staff: 'Hub' }],
    ['cy', { kind: 'Gofalwr', thing: 'Peth', staff: 'Hwb' }],
  ] as const)
    it(`in ${lang}`, () => {
      const t = createI18n().t(lang);
      const [section] = subjectAccessView(t, lang, data, names, sectionPages([table]));
      assert.equal(section?.heading, t('rights:subjectAccess.sections.person'));
      const rows = section.records[0]!;
      const text = rows.map((r) => `${r.key.text}=${r.value.text}`).join('|');
      assert.ok(!text.includes('hidden') && !text.includes('=x|'), 'internal references left out');
      const value = (key: string) => rows.find((r) => r.key.text === key)?.value.text;
      assert.ok(text.includes(`=${expected.kind}|`), text);
      assert.ok(text.includes(`=${expected.thing}|`), text);
      assert.ok(text.includes('=W-7'), text);
      assert.ok(text.includes(expected.staff), 'staff shown by their organisation, not by name');
      assert.ok(!text.includes('someone'));
      const rungs = Object.keys(t('involvement:rungs', { returnObjects: true }));
      assert.equal(
        value(t('rights:subjectAccess.fields.rung')),
        t(`involvement:rungs.${rungs[2]!}.name`),
      );
      assert.equal(value(t('rights:subjectAccess.fields.organisation_id')), expected.staff);
    });
});

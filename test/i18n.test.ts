import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadResources } from '#platform/i18n/i18n.ts';

type Tree = Record<string, unknown>;
const flatten = (tree: unknown, prefix = ''): [string, unknown][] =>
  tree && typeof tree === 'object' && !Array.isArray(tree)
    ? Object.entries(tree as Tree).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k))
    : Array.isArray(tree)
      ? tree.flatMap((v, i) => flatten(v, `${prefix}[${i}]`))
      : [[prefix, tree]];

const resources = loadResources();
const en = new Map(Object.entries(resources.en ?? {}).flatMap(([ns, tree]) => flatten(tree, ns)));
const cy = new Map(Object.entries(resources.cy ?? {}).flatMap(([ns, tree]) => flatten(tree, ns)));

/** Strings that are the same in both languages by nature: names, acronyms, codes, placeholders. */
const SAME_ALLOWED =
  /^(Cyd|English|Cymraeg|Staff|BSL|GSS|NTA|CSV|XLSX|PDF|SMS|TOTP|MFA|APB|OK|[\s\d\W]*|\{\{\w+\}\}|[A-Z]{2,6})$/u;
const PLURAL = /_(zero|one|two|few|many|other)$/;
const WELSH_PLURALS = ['zero', 'one', 'two', 'few', 'many', 'other'];

describe('translations', () => {
  it('has every English key in Welsh, and nothing empty in either language', () => {
    const isPlural = (k: string) => PLURAL.test(k) && en.has(k.replace(PLURAL, '_one'));
    const missing = [...en.keys()].filter((k) => !isPlural(k) && !cy.has(k));
    const extra = [...cy.keys()].filter(
      (k) => !(PLURAL.test(k) && en.has(k.replace(PLURAL, '_one'))) && !en.has(k),
    );
    const empty = [...en, ...cy]
      .filter(([, v]) => typeof v !== 'string' || v.trim() === '')
      .map(([k]) => k);
    assert.deepEqual(missing, [], 'missing in Welsh');
    assert.deepEqual(extra, [], 'Welsh keys with no English');
    assert.deepEqual(empty, [], 'empty strings');
  });

  it('does not pass English off as Welsh', () => {
    const copied = [...en]
      .filter(([k, v]) => cy.get(k) === v && !SAME_ALLOWED.test(String(v)))
      .map(([k]) => k);
    assert.deepEqual(copied, [], 'Welsh strings identical to the English');
  });

  it('gives Welsh all six plural forms wherever English has plurals', () => {
    // a plural key has both _one and _other in English ("asian_other" alone is just a name)
    const bases = new Set(
      [...en.keys()]
        .filter((k) => k.endsWith('_one') && en.has(k.replace(/_one$/, '_other')))
        .map((k) => k.replace(PLURAL, '')),
    );
    const problems = [...bases].flatMap((base) => {
      const missingCy = WELSH_PLURALS.filter((form) => !cy.has(`${base}_${form}`)).map(
        (f) => `${base}_${f} (cy)`,
      );
      const missingEn = ['one', 'other']
        .filter((form) => !en.has(`${base}_${form}`))
        .map((f) => `${base}_${f} (en)`);
      return [...missingCy, ...missingEn];
    });
    assert.deepEqual(problems, []);
  });

  it('uses the same interpolation placeholders in both languages', () => {
    const names = (v: unknown) =>
      [...String(v).matchAll(/\{\{\s*(\w+)/g)]
        .map((m) => m[1])
        .sort()
        .join(',');
    const differ = [...en]
      .filter(([k]) => !PLURAL.test(k) && cy.has(k))
      .filter(([k, v]) => names(v) !== names(cy.get(k)))
      .map(([k]) => k);
    assert.deepEqual(differ, []);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createI18n, local } from './i18n.ts';

/** The remembered answers give exactly what i18next gives, call after call. */
describe('i18n: remembered texts', () => {
  const i18n = createI18n();
  const direct = (lang: 'en' | 'cy', key: string, options?: object) =>
    i18n.instance.getFixedT(lang)(key, options as never) as unknown as string;

  it('puts each call’s own words into a remembered text, in both languages', () => {
    for (const lang of ['en', 'cy'] as const) {
      const t = i18n.t(lang);
      for (const name of ['Rhiannon', 'Yusuf Roberts', '', '$& $1 $$ <b>', '{{name}}']) {
        assert.equal(t('common:signedInAs', { name }), direct(lang, 'common:signedInAs', { name }));
      }
    }
    assert.equal(i18n.t('en')('common:signedInAs', { name: 'A' }), 'Signed in as A');
    assert.equal(i18n.t('cy')('common:signedInAs', { name: 'B' }), 'Wedi mewngofnodi fel B');
  });

  it('keeps counts apart, and leaves to i18next what it reads itself', () => {
    const t = i18n.t('en');
    for (const count of [0, 1, 2, 27]) {
      assert.equal(
        t('feedback:inbox.total', { count }),
        direct('en', 'feedback:inbox.total', { count }),
      );
    }
    assert.equal(t('feedback:inbox.total', { count: 1 }), '1 item');
    assert.equal(t('feedback:inbox.total', { count: 27 }), '27 items');
    // a count given as a string, and a missing key with a default: as i18next answers
    assert.equal(
      t('feedback:inbox.total', { count: '3' } as never),
      direct('en', 'feedback:inbox.total', { count: '3' }),
    );
    assert.equal(t('common:noSuchKey', { defaultValue: 'x' }), 'x');
  });

  it('puts replace’s words in place of the count, keeping its plural (the home page’s "99+")', () => {
    for (const lang of ['en', 'cy'] as const) {
      const t = i18n.t(lang);
      for (const count of [1, 2, 3, 6, 100]) {
        for (const shown of ['99+', 'many', '$&']) {
          const options = { count, replace: { count: shown } };
          assert.equal(
            t('feedback:inbox.total', options),
            direct(lang, 'feedback:inbox.total', options),
          );
        }
      }
      // replace's words stand for the options' own: a name outside it is not put in
      const options = { name: 'Rhiannon', replace: { name: 'Yusuf' } };
      assert.equal(t('common:signedInAs', options), direct(lang, 'common:signedInAs', options));
      assert.equal(
        t('common:signedInAs', { name: 'Rhiannon', replace: {} }),
        direct(lang, 'common:signedInAs', { name: 'Rhiannon', replace: {} }),
      );
    }
    assert.equal(
      i18n.t('en')('feedback:inbox.total', { count: 100, replace: { count: '99+' } }),
      '99+ items',
    );
  });
});

describe('i18n: words kept in both languages', () => {
  it('gives the Welsh to a Welsh reader when there is some, and the English otherwise', () => {
    assert.equal(local('cy', 'Hall', 'Neuadd'), 'Neuadd');
    assert.equal(local('en', 'Hall', 'Neuadd'), 'Hall');
    assert.equal(local('cy', 'Hall', ''), 'Hall');
    assert.equal(local('cy', 'Hall', null), 'Hall');
    assert.equal(local('en', null, 'Neuadd'), '');
    assert.equal(local('cy', undefined, undefined), '');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import { choices, formErrors, invalid, issuesOf } from './index.ts';

const t = ((key: string) => `«${key}»`) as unknown as TFunction;

describe('platform validation', () => {
  it('turns issues into the error summary and inline messages, first issue per field', () => {
    const errors = formErrors(
      t,
      [
        { field: 'name', message: 'a' },
        { field: 'name', message: 'b' },
        { field: 'startsOn', message: 'c' },
        { field: 'form', message: 'd' },
      ],
      { startsOn: 'startsOn-day' },
    );
    assert.deepEqual(errors.fields, {
      name: { text: '«a»' },
      startsOn: { text: '«c»' },
      form: { text: '«d»' },
    });
    assert.deepEqual(
      errors.errorList.map((e) => e.href),
      ['#name', '#startsOn-day', '#main-content'],
    );
  });

  it('accepts a field → key record and zod errors', () => {
    assert.deepEqual(formErrors(t, { email: 'x' }).errorList, [{ text: '«x»', href: '#email' }]);
    const parsed = z.object({ age: z.number() }).safeParse({ age: 'no' });
    assert.equal(parsed.success, false);
    if (!parsed.success) assert.equal(issuesOf(parsed.error)[0]?.field, 'age');
    assert.deepEqual(invalid('x', 'y'), { ok: false, issues: [{ field: 'x', message: 'y' }] });
  });

  it('builds checked or selected choices with translated text', () => {
    assert.deepEqual(choices(t, ['a', 'b'], 'k.', ['b']), [
      { value: 'a', text: '«k.a»', checked: false },
      { value: 'b', text: '«k.b»', checked: true },
    ]);
    assert.equal(choices(t, ['a'], 'k.', 'a', { select: true })[0]?.selected, true);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MalformedInputError, parseForm } from './form-parser.ts';

describe('parseForm', () => {
  it('decodes names and values, with + as space and repeated names as arrays', () => {
    assert.deepEqual(
      { ...parseForm('a=1&b=x+y&c=%C5%B5&c=2') },
      { a: '1', b: 'x y', c: ['ŵ', '2'] },
    );
  });
  it('refuses invalid UTF-8 in percent-encoding and in the raw body', () => {
    assert.throws(() => parseForm('a=%FF'), MalformedInputError);
    assert.throws(() => parseForm('a=%E0%A4'), MalformedInputError);
    assert.throws(() => parseForm(Buffer.from([0x61, 0x3d, 0xff])), MalformedInputError);
    // a NUL character, in a value or a name, encoded or not
    assert.throws(() => parseForm('q=a%00b'), MalformedInputError);
    assert.throws(() => parseForm('a%00=1'), MalformedInputError);
    assert.throws(() => parseForm(Buffer.from('q=a\u0000b')), MalformedInputError);
  });
  it('refuses too many fields and ignores prototype keys', () => {
    assert.throws(() => parseForm(Array.from({ length: 600 }, (_, i) => `f${i}=1`).join('&')));
    assert.equal(Object.getPrototypeOf(parseForm('__proto__=x')), null);
  });
});

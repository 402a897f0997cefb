import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toPrefixQuery } from './repository.ts';
import { allowedChildKinds, ancestorsFor, isAllowedUnder, organisationKinds } from './tree.ts';

describe('organisation tree rules', () => {
  it('puts nations at the top and nothing else', () => {
    assert.equal(isAllowedUnder('nation', null), true);
    for (const kind of organisationKinds.filter((k) => k !== 'nation'))
      assert.equal(isAllowedUnder(kind, null), false, kind);
    for (const parent of organisationKinds) assert.equal(isAllowedUnder('nation', parent), false);
  });

  it('allows each kind only under the kinds the design names', () => {
    assert.deepEqual(allowedChildKinds('nation'), ['region']);
    assert.deepEqual(allowedChildKinds('region'), ['area', 'provider', 'group']);
    assert.deepEqual(allowedChildKinds('area'), ['provider', 'group']);
    assert.deepEqual(allowedChildKinds('provider'), ['service', 'group']);
    assert.deepEqual(allowedChildKinds('service'), ['group']);
    assert.deepEqual(allowedChildKinds('group'), []);
    assert.equal(isAllowedUnder('provider', 'region'), true);
    assert.equal(isAllowedUnder('service', 'area'), false);
    assert.equal(isAllowedUnder('group', 'nation'), false);
  });

  it('builds ancestors root first, ending with the organisation itself', () => {
    assert.deepEqual(ancestorsFor('c', ['a', 'b']), ['a', 'b', 'c']);
    assert.deepEqual(ancestorsFor('a', null), ['a']);
  });

  it('turns typed words into a safe prefix query', () => {
    assert.equal(toPrefixQuery('Cwm  Ffug'), 'cwm:* & ffug:*');
    assert.equal(toPrefixQuery("Carers' drop-in"), 'carers:* & drop:* & in:*');
    assert.equal(toPrefixQuery('Gŵyr'), 'gŵyr:*');
    assert.equal(toPrefixQuery("'):* | !x & (y"), 'x:* & y:*');
    assert.equal(toPrefixQuery('  -- '), null);
  });
});

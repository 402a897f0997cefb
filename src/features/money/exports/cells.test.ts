import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { personReference } from './cells.ts';

describe('finance export cells', () => {
  it('gives a person a stable reference that is not their id', () => {
    const id = '0b6f3c1e-8a2d-4e5f-9c7b-1d2e3f4a5b6c';
    assert.match(personReference(id), /^P-[0-9A-F]{8}$/);
    assert.equal(personReference(id), personReference(id));
    assert.notEqual(personReference(id), personReference(crypto.randomUUID()));
    assert.ok(!id.toUpperCase().includes(personReference(id).slice(2)));
  });
});

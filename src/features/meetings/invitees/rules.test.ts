import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outsiderFits, personFits } from './rules.ts';

const someone = { kind: 'service_user' as const, age: null, ageBand: null };

describe('closed groups', () => {
  it('lets anyone into an open meeting', () => {
    assert.equal(personFits(null, someone), 'in');
    assert.equal(outsiderFits(null), 'in');
  });

  it('decides from the kind of person where the register says', () => {
    assert.equal(personFits('service_users', someone), 'in');
    assert.equal(personFits('service_users', { ...someone, kind: 'former_service_user' }), 'in');
    assert.equal(personFits('service_users', { ...someone, kind: 'carer' }), 'out');
    assert.equal(personFits('carers', { ...someone, kind: 'carer' }), 'in');
    assert.equal(personFits('carers', { ...someone, kind: 'family_member' }), 'unknown');
    assert.equal(personFits('carers', someone), 'out');
  });

  it('counts young people by kind, age on the day or age band', () => {
    assert.equal(personFits('young_people', { ...someone, kind: 'young_person', age: 40 }), 'in');
    assert.equal(personFits('young_people', { ...someone, age: 24 }), 'in');
    assert.equal(personFits('young_people', { ...someone, age: 25 }), 'out');
    assert.equal(personFits('young_people', { ...someone, ageBand: 'under_18' }), 'in');
    assert.equal(personFits('young_people', { ...someone, ageBand: '25_34' }), 'out');
    assert.equal(personFits('young_people', someone), 'unknown');
  });

  it('asks staff to check what Cyd cannot know', () => {
    assert.equal(personFits('women', someone), 'unknown');
    assert.equal(personFits('men', someone), 'unknown');
    assert.equal(outsiderFits('carers'), 'unknown');
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unmetNeeds, type VenueFeatures } from './needs.ts';

const bare: VenueFeatures = {
  step_free: false,
  accessible_toilet: false,
  hearing_loop: false,
  quiet_room: false,
  public_transport: false,
  parking: false,
  clinical_building: false,
  police_building: false,
};

test('no needs: nothing unmet, whatever the venue', () => {
  assert.deepEqual(unmetNeeds(bare, []), []);
  assert.deepEqual(unmetNeeds({ ...bare, police_building: true }, []), []);
});

test('a need for a feature is met only when the venue has it', () => {
  assert.deepEqual(unmetNeeds(bare, ['step_free', 'hearing_loop']), ['step_free', 'hearing_loop']);
  assert.deepEqual(unmetNeeds({ ...bare, step_free: true }, ['step_free', 'hearing_loop']), [
    'hearing_loop',
  ]);
  const everything: VenueFeatures = {
    ...bare,
    step_free: true,
    accessible_toilet: true,
    hearing_loop: true,
    quiet_room: true,
    public_transport: true,
    parking: true,
  };
  assert.deepEqual(
    unmetNeeds(everything, [
      'step_free',
      'accessible_toilet',
      'hearing_loop',
      'quiet_room',
      'public_transport',
      'parking',
      'not_clinical_building',
      'not_police_building',
    ]),
    [],
  );
});

test('not_* needs are unmet by a clinical or police building', () => {
  const needs = ['not_clinical_building', 'not_police_building'] as const;
  assert.deepEqual(unmetNeeds(bare, needs), []);
  assert.deepEqual(unmetNeeds({ ...bare, clinical_building: true }, needs), [
    'not_clinical_building',
  ]);
  assert.deepEqual(unmetNeeds({ ...bare, police_building: true }, needs), ['not_police_building']);
});

test('a need given twice is reported once, in the order given', () => {
  assert.deepEqual(unmetNeeds(bare, ['parking', 'quiet_room', 'parking']), [
    'parking',
    'quiet_room',
  ]);
});

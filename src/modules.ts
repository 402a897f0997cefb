import type { Module } from '#platform/modules/contract.ts';
import { adminModules } from '#features/admin';
import { feedbackModules } from '#features/feedback';
import { involvementModules } from '#features/involvement';
import { meetingsModules } from '#features/meetings';
import { moneyModules } from '#features/money';
import { registerModules } from '#features/register';

/**
 * Every module Cyd has, in the order their services are built and their demo data is seeded
 * (a module comes after those it uses). Adding a capability: its folder, a line here, a
 * migration and its locale files (docs/adding-a-capability.md).
 */
export const modules: readonly Module[] = [
  ...adminModules,
  ...registerModules,
  ...involvementModules,
  ...meetingsModules,
  ...moneyModules,
  ...feedbackModules,
];

/** Their national-scale seeds, for `npm run seed:national` and the benches. */
export const nationalSeeds = modules.flatMap((m) => (m.seeds?.national ? [m.seeds.national] : []));

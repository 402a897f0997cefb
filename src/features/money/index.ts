/**
 * The money capability's public API: rates and rules, expense claims, involvement payments,
 * benefit awareness, statements, time credits and finance exports (issue 11). Other capabilities
 * import from `#features/money` only.
 */
import type { Module } from '#platform/modules/contract.ts';
import { moneyPermissionsModule } from './module.ts';

// In the order their services are built.
export const moneyModules: Module[] = [moneyPermissionsModule];

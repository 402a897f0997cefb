import type { Module } from '#platform/modules/contract.ts';
import { moneyPermissions } from './permissions.ts';

/** The money capability's permissions, granted before any of its features is built. */
export const moneyPermissionsModule: Module = {
  name: 'money/permissions',
  permissions: moneyPermissions,
};

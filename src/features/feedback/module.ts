import type { Module } from '#platform/modules/contract.ts';
import { feedbackPermissions } from './permissions.ts';

/** The feedback capability's permissions, granted before any of its features is built. */
export const feedbackPermissionsModule: Module = {
  name: 'feedback/permissions',
  permissions: feedbackPermissions,
};

import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { jargonMatrix } from './authz.ts';
import { jargonRoutes } from './routes.ts';

/** The jargon check page: staff paste text or upload a paper and see what to fix. */
export const jargonModule: Module = {
  name: 'meetings/jargon',
  routes: [jargonRoutes],
  navigation: [navigationLink('/jargon-check', 'jargon:navigation', 'meeting.view')],
  matrix: jargonMatrix,
};

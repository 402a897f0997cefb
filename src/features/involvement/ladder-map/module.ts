import { ladderMapMatrix } from './authz.ts';
import { ladderMapRoutes } from './routes.ts';
import { createLadderService } from './service.ts';
import { navigationLink, type Module } from '#platform/modules/contract.ts';

/** The ladder map: people, hours and opportunities at each rung and level, gaps marked. */
export const ladderMapModule: Module = {
  name: 'involvement/ladder-map',
  services: ({ db }) => ({ ladder: createLadderService({ db }) }),
  routes: [ladderMapRoutes],
  navigation: [navigationLink('/ladder-map', 'ladder:navigation', 'ladder.view')],
  matrix: ladderMapMatrix,
};

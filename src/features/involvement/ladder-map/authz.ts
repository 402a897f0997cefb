import { overSubtree, type MatrixRow } from '#platform/permissions/matrix.ts';

export const ladderMapMatrix: MatrixRow[] = [
  {
    route: 'GET /ladder-map',
    // `ladder.view` over the actor's subtree; an organisation outside it answers 404
    access: overSubtree(
      'organisation_admin',
      'commissioner',
      'involvement_lead',
      'staff',
      'viewer',
    ),
    request: (_fixture, target) => ({ method: 'GET', url: `/ladder-map?organisation=${target}` }),
  },
];

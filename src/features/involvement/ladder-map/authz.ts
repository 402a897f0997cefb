import { everywhere, subtree, type MatrixRow } from '#platform/permissions/matrix.ts';

export const ladderMapMatrix: MatrixRow[] = [
  {
    route: 'GET /ladder-map',
    // `ladder.view` over the actor's subtree; an organisation outside it answers 404
    access: {
      platform_admin: everywhere,
      organisation_admin: subtree,
      commissioner: subtree,
      involvement_lead: subtree,
      staff: subtree,
      viewer: subtree,
    },
    request: (_fixture, target) => ({ method: 'GET', url: `/ladder-map?organisation=${target}` }),
  },
];

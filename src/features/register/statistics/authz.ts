import { everywhere, subtree, type MatrixRow } from '#platform/permissions/matrix.ts';

export const registerStatisticsMatrix: MatrixRow[] = [
  {
    route: 'GET /register/statistics',
    // `register.statistics` over the actor's subtree; an organisation outside it answers 404
    access: {
      platform_admin: everywhere,
      organisation_admin: subtree,
      commissioner: subtree,
      involvement_lead: subtree,
      viewer: subtree,
    },
    request: (_fixture, target) => ({
      method: 'GET',
      url: `/register/statistics?organisation=${target}`,
    }),
  },
];

import type { MatrixRow } from '#platform/permissions/matrix.ts';

const get = (url: string) => () => ({ method: 'GET' as const, url });

export const pagesMatrix: MatrixRow[] = [
  { route: 'GET /', access: 'public', request: get('/') },
  { route: 'GET /dashboard', access: 'signed-in', request: get('/dashboard') },
  { route: 'GET /accessibility', access: 'public', request: get('/accessibility') },
  { route: 'GET /privacy', access: 'public', request: get('/privacy') },
  { route: 'GET /cookies', access: 'public', request: get('/cookies') },
  { route: 'GET /healthz', access: 'public', request: get('/healthz') },
  { route: 'GET /readyz', access: 'public', request: get('/readyz') },
  {
    // Notify's received-text callback (platform/notify): no session reaches it (404 unless a
    // bearer token is configured, then 401 without it); the replies and feedback tests post to it
    route: 'POST /notify/received-text',
    access: {},
    organisationScoped: false,
    request: () => ({ method: 'POST', url: '/notify/received-text', form: { message: 'yes' } }),
  },
  { route: 'GET /assets/*', access: 'public', request: get('/assets/manifest.json') },
];

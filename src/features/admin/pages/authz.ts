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
  { route: 'GET /assets/*', access: 'public', request: get('/assets/manifest.json') },
];

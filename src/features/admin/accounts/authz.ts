import type { Services } from '#platform/modules/contract.ts';
import {
  subtree,
  everywhere,
  type Access,
  type MatrixFixture,
  type MatrixRow,
} from '#platform/permissions/matrix.ts';
import { createToken, type TokenPurpose } from './repository.ts';

const get = (url: string) => () => ({ method: 'GET' as const, url });
const post =
  (url: string, form: Record<string, string> = {}) =>
  () => ({ method: 'POST' as const, url, form });

/** A live one-time link for a throwaway account at the actors' own organisation. */
const link = async (fixture: MatrixFixture, purpose: TokenPurpose) => {
  const { db } = fixture.services as Services;
  const accountId = await fixture.createStaffAccount(fixture.organisations.own);
  return createToken(db, accountId, purpose, 3_600_000);
};

/** A public page reached by a one-time link (`<path>/:token`); a POST sends an empty form. */
const byLink = (method: 'GET' | 'POST', path: string, purpose: TokenPurpose): MatrixRow => ({
  route: `${method} ${path}/:token`,
  access: 'public',
  request: async (fixture) => ({
    method,
    url: `${path}/${await link(fixture, purpose)}`,
    ...(method === 'POST' ? { form: {} } : {}),
  }),
});

/** Staff management: platform administrators anywhere, organisation administrators in their subtree. */
const staffAdmins: Access = { platform_admin: everywhere, organisation_admin: subtree };

/** A route about a staff record: the target account holds a role at the target organisation. */
const record =
  (method: 'GET' | 'POST', suffix: string, form?: (target: string) => Record<string, string>) =>
  async (fixture: MatrixFixture, target: string) => {
    const accountId = await fixture.createStaffAccount(target);
    return {
      method,
      url: `/staff/${accountId}${suffix}`,
      ...(form ? { form: form(target) } : {}),
    };
  };

export const accountsMatrix: MatrixRow[] = [
  // visitors who are not signed in
  { route: 'GET /sign-in', access: 'public', request: get('/sign-in') },
  { route: 'POST /sign-in', access: 'public', request: post('/sign-in') },
  { route: 'GET /sign-in/mfa', access: 'public', request: get('/sign-in/mfa') },
  { route: 'POST /sign-in/mfa', access: 'public', request: post('/sign-in/mfa') },
  { route: 'POST /sign-out', access: 'public', request: post('/sign-out') },
  byLink('GET', '/invitations', 'invitation'),
  byLink('POST', '/invitations', 'invitation'),
  { route: 'GET /password/forgot', access: 'public', request: get('/password/forgot') },
  { route: 'POST /password/forgot', access: 'public', request: post('/password/forgot') },
  byLink('GET', '/password/reset', 'password_reset'),
  byLink('POST', '/password/reset', 'password_reset'),

  // the signed-in person's own account
  ...(
    [
      ['GET', '/account'],
      ['POST', '/account/language'],
      ['GET', '/account/password'],
      ['POST', '/account/password'],
      ['GET', '/account/mfa/set-up'],
      ['POST', '/account/mfa/set-up'],
      ['GET', '/account/mfa/turn-off'],
      ['POST', '/account/mfa/turn-off'],
    ] as const
  ).map(([method, url]): MatrixRow => ({
    route: `${method} ${url}`,
    access: 'signed-in',
    organisationScoped: false,
    request: method === 'GET' ? get(url) : post(url),
  })),

  // staff management
  {
    route: 'GET /staff',
    access: staffAdmins,
    request: (_fixture, target) => ({ method: 'GET', url: `/staff?organisation=${target}` }),
  },
  {
    route: 'GET /staff/invite',
    access: staffAdmins,
    request: (_fixture, target) => ({ method: 'GET', url: `/staff/invite?organisation=${target}` }),
  },
  {
    route: 'POST /staff/invite',
    access: staffAdmins,
    request: (_fixture, target) => ({
      method: 'POST',
      url: '/staff/invite',
      form: {
        name: 'Matrix Invitee',
        email: 'matrix-invitee@test.example',
        organisationId: target,
        role: 'viewer',
        language: 'cy',
      },
    }),
  },
  {
    route: 'GET /staff/invite/check',
    access: { platform_admin: ['own'], organisation_admin: ['own'] },
    organisationScoped: false,
    request: get('/staff/invite/check'),
  },
  {
    route: 'POST /staff/invite/check',
    access: { platform_admin: ['own'], organisation_admin: ['own'] },
    organisationScoped: false,
    request: post('/staff/invite/check'),
  },
  { route: 'GET /staff/:accountId', access: staffAdmins, request: record('GET', '') },
  {
    route: 'POST /staff/:accountId/roles',
    access: staffAdmins,
    request: record('POST', '/roles', (target) => ({ organisationId: target, role: 'viewer' })),
  },
  {
    route: 'POST /staff/:accountId/roles/remove',
    access: staffAdmins,
    request: record('POST', '/roles/remove', (target) => ({
      organisationId: target,
      role: 'staff',
    })),
  },
  {
    route: 'GET /staff/:accountId/disable',
    access: staffAdmins,
    request: record('GET', '/disable'),
  },
  {
    route: 'POST /staff/:accountId/disable',
    access: staffAdmins,
    request: record('POST', '/disable'),
  },
  { route: 'GET /staff/:accountId/enable', access: staffAdmins, request: record('GET', '/enable') },
  {
    route: 'POST /staff/:accountId/enable',
    access: staffAdmins,
    request: record('POST', '/enable'),
  },
  {
    route: 'GET /staff/:accountId/mfa/reset',
    access: staffAdmins,
    request: record('GET', '/mfa/reset'),
  },
  {
    route: 'POST /staff/:accountId/mfa/reset',
    access: staffAdmins,
    request: record('POST', '/mfa/reset'),
  },
  {
    route: 'POST /staff/:accountId/invitation',
    access: staffAdmins,
    request: record('POST', '/invitation'),
  },
];

import type { Services } from '#platform/modules/contract.ts';
import { type MatrixFixture, type MatrixRow, overSubtree } from '#platform/permissions/matrix.ts';
import { insertTestPerson } from '../people/fixtures.ts';

const get = (url: string) => () => ({ method: 'GET' as const, url });
const post =
  (url: string, form: Record<string, string> = {}) =>
  () => ({ method: 'POST' as const, url, form });

/**
 * The people's portal. Signing in is for anyone; every other page is for the person signed in
 * with a code ('person'): visitors and staff accounts are sent to the portal's sign-in page.
 * The pages are about the person's own record only, so they are not organisation-scoped.
 */
const personal = (route: string, request: MatrixRow['request']): MatrixRow => ({
  route,
  access: 'person',
  organisationScoped: false,
  request,
});

/** Contact tasks: holders of person.manage, for people in their organisations. */
const managers = overSubtree('organisation_admin', 'involvement_lead', 'staff');

/** A person at the target organisation who is waiting for a phone call. */
async function callTaskAt(fixture: MatrixFixture, target: string) {
  const { db, config } = fixture.services as Services;
  const personId = await insertTestPerson(db, config.encryptionKey, {
    organisationId: target,
    phone: '07700 900222',
  });
  const row = await db
    .insertInto('person_messages')
    .values({
      person_id: personId,
      organisation_id: target,
      template: 'involvementInvitation',
      channel: 'phone',
      status: 'blocked',
      reason: 'needs_person',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const portalMatrix: MatrixRow[] = [
  {
    route: 'GET /contact-tasks',
    access: {
      platform_admin: ['own'],
      organisation_admin: ['own'],
      involvement_lead: ['own'],
      staff: ['own'],
    },
    organisationScoped: false,
    request: get('/contact-tasks'),
  },
  {
    route: 'POST /contact-tasks/:kind/:id/done',
    access: managers,
    request: async (fixture, target) => ({
      method: 'POST',
      url: `/contact-tasks/message/${await callTaskAt(fixture, target)}/done`,
      form: {},
    }),
  },
  { route: 'GET /portal/sign-in', access: 'public', request: get('/portal/sign-in') },
  {
    route: 'POST /portal/sign-in',
    access: 'public',
    request: post('/portal/sign-in', { contact: '07700 900999' }),
  },
  { route: 'GET /portal/sign-in/code', access: 'public', request: get('/portal/sign-in/code') },
  {
    route: 'POST /portal/sign-in/code',
    access: 'public',
    request: post('/portal/sign-in/code', { code: '000000' }),
  },
  { route: 'POST /portal/sign-out', access: 'public', request: post('/portal/sign-out') },
  personal('GET /portal', get('/portal')),
  personal('GET /portal/language', get('/portal/language')),
  personal('POST /portal/language', post('/portal/language', { language: 'en' })),
  personal('GET /portal/preferences', get('/portal/preferences')),
  personal('POST /portal/preferences', post('/portal/preferences', { channel1: 'sms' })),
  personal('GET /portal/availability', get('/portal/availability')),
  personal('POST /portal/availability', post('/portal/availability', { travelLimit: '' })),
  personal('GET /portal/interests', get('/portal/interests')),
  personal('POST /portal/interests', post('/portal/interests', { willingActivities: 'forums' })),
  personal('GET /portal/consent', get('/portal/consent')),
  personal('POST /portal/consent', post('/portal/consent', { purpose: 'media', change: 'give' })),
  personal('GET /portal/request', get('/portal/request')),
  personal('POST /portal/request', post('/portal/request', { kind: 'pause' })),
  personal('GET /portal/my-data', get('/portal/my-data')),
];

import crypto from 'node:crypto';
import type { Services } from '#platform/modules/contract.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { ConsentPurpose } from '../tables.ts';
import {
  type MatrixFixture,
  type MatrixRow,
  overSubtree,
  anywhereAs,
} from '#platform/permissions/matrix.ts';
import type { NewPerson } from './schema.ts';

/** Staff with person.view / person.manage at the person's organisation or above it. */
const staff = overSubtree('organisation_admin', 'involvement_lead', 'staff');
/** As above, and commissioners for people who consented to be named to them. */
const staffOrConsented = overSubtree(
  'organisation_admin',
  'involvement_lead',
  'staff',
  'commissioner',
);
/** Routes not about one organisation: anyone who may register people. */
const registering = anywhereAs('organisation_admin', 'involvement_lead', 'staff');
const listing = anywhereAs('organisation_admin', 'involvement_lead', 'staff', 'commissioner');

/** A platform administrator account that prepares targets (one per app under test). */
const setUpActors = new WeakMap<object, Promise<Actor>>();
function setUpActor(services: Services) {
  let actor = setUpActors.get(services);
  if (!actor) {
    actor = services.db
      .insertInto('accounts')
      .values({
        email: `matrix-people-${crypto.randomUUID()}@test.example`,
        name: 'Matrix set-up',
        platform_admin: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      .then(({ id }) => ({
        id,
        name: 'Matrix set-up',
        email: 'matrix-setup@test.example',
        language: 'en' as const,
        platformAdmin: true,
        mfaEnabled: true,
        memberships: [],
      }));
    setUpActors.set(services, actor);
  }
  return actor;
}

/** A person registered at the target organisation through the people service. */
export function samplePerson(
  organisationId: string,
  purposes: ConsentPurpose[] = ['register', 'contact'],
): NewPerson & { id: string } {
  return {
    id: crypto.randomUUID(),
    kind: 'service_user',
    displayName: `Matrix ${crypto.randomUUID().slice(0, 6)}`,
    legalName: null,
    dateOfBirth: null,
    ageBand: '25_34',
    organisationId,
    preferredLanguage: 'en',
    speaksWelsh: false,
    formats: [],
    interpreterLanguage: null,
    phone: '+447700900123',
    email: null,
    address: null,
    channels: ['sms'],
    noVoicemail: false,
    plainEnvelope: false,
    noContactViaFamily: false,
    fullerMessages: false,
    quietFrom: null,
    quietTo: null,
    consent: { purposes, method: 'in_person', wordingVersion: 'matrix-1' },
  };
}

async function personAt(fixture: MatrixFixture, target: string, purposes?: ConsentPurpose[]) {
  const services = fixture.services as Services;
  const result = await services.people.registerPerson(
    await setUpActor(services),
    samplePerson(target, purposes),
  );
  if (!result.ok) throw new Error(`cannot prepare a person: ${JSON.stringify(result.issues)}`);
  return result.value.id;
}

const getPerson =
  (path: string, purposes?: ConsentPurpose[]) =>
  async (fixture: MatrixFixture, target: string) => ({
    method: 'GET' as const,
    url: `/people/${await personAt(fixture, target, purposes)}${path}`,
  });
const postPerson =
  (path: string, form: Record<string, string | string[]> = {}) =>
  async (fixture: MatrixFixture, target: string) => ({
    method: 'POST' as const,
    url: `/people/${await personAt(fixture, target)}${path}`,
    form,
  });

export const peopleMatrix: MatrixRow[] = [
  {
    route: 'GET /people',
    access: listing,
    organisationScoped: false,
    request: () => ({
      method: 'GET',
      url: '/people?q=matrix&willing=interview_panels&day=2&part=morning',
    }),
  },
  {
    route: 'GET /people/new',
    access: registering,
    organisationScoped: false,
    request: () => ({ method: 'GET', url: '/people/new' }),
  },
  {
    route: 'GET /people/new/:step',
    access: registering,
    organisationScoped: false,
    request: () => ({ method: 'GET', url: '/people/new/kind' }),
  },
  {
    route: 'POST /people/new/:step',
    access: registering,
    organisationScoped: false,
    request: () => ({ method: 'POST', url: '/people/new/kind', form: { kind: 'carer' } }),
  },
  {
    route: 'GET /people/new/check',
    access: registering,
    organisationScoped: false,
    request: () => ({ method: 'GET', url: '/people/new/check' }),
  },
  {
    route: 'POST /people/new/check',
    access: registering,
    organisationScoped: false,
    request: () => ({ method: 'POST', url: '/people/new/check' }),
  },
  { route: 'GET /people/:id', access: staff, request: getPerson('') },
  // a commissioner sees someone who consented to be named to commissioners
  {
    route: 'GET /people/:id',
    access: staffOrConsented,
    request: getPerson('', ['register', 'share_identified']),
  },
  { route: 'GET /people/:id/:tab', access: staff, request: getPerson('/contact') },
  {
    route: 'GET /people/:id/:tab',
    access: staffOrConsented,
    request: getPerson('/interests', ['register', 'share_identified']),
  },
  { route: 'GET /people/:id/edit/:section', access: staff, request: getPerson('/edit/contact') },
  {
    route: 'POST /people/:id/edit/:section',
    access: staff,
    request: postPerson('/edit/interests', { willingActivities: ['forums', 'surveys'] }),
  },
  { route: 'GET /people/:id/status', access: staff, request: getPerson('/status') },
  {
    route: 'POST /people/:id/status',
    access: staff,
    request: postPerson('/status', { status: 'paused', reason: 'Matrix' }),
  },
  {
    route: 'POST /people/:id/organisations',
    access: staff,
    request: async (fixture, target) => ({
      method: 'POST',
      url: `/people/${await personAt(fixture, target)}/organisations`,
      form: { organisationId: target },
    }),
  },
  {
    route: 'POST /people/:id/organisations/:organisationId/remove',
    access: staff,
    request: async (fixture, target) => ({
      method: 'POST',
      url: `/people/${await personAt(fixture, target)}/organisations/${target}/remove`,
    }),
  },
  { route: 'GET /people/:id/consent/new', access: staff, request: getPerson('/consent/new') },
  {
    route: 'POST /people/:id/consent/new',
    access: staff,
    request: postPerson('/consent/new', {
      purposes: 'media',
      method: 'paper',
      wordingVersion: 'matrix-1',
    }),
  },
  {
    route: 'GET /people/:id/consent/:purpose/withdraw',
    access: staff,
    request: getPerson('/consent/contact/withdraw'),
  },
  {
    route: 'POST /people/:id/consent/:purpose/withdraw',
    access: staff,
    request: postPerson('/consent/contact/withdraw', { method: 'phone' }),
  },
];

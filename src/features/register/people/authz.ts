import crypto from 'node:crypto';
import type { Services } from '#platform/modules/contract.ts';
import type { ConsentPurpose } from '../tables.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { overSubtree, anywhereAs, scoped, unscoped } from '#platform/permissions/matrix.ts';
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
    await fixture.setUpActor(),
    samplePerson(target, purposes),
  );
  if (!result.ok) throw new Error(`cannot prepare a person: ${JSON.stringify(result.issues)}`);
  return result.value.id;
}

/** The path under a person registered at the target (with the consents given). */
const person =
  (path: string, purposes?: ConsentPurpose[]) => async (fixture: MatrixFixture, target: string) =>
    `/people/${await personAt(fixture, target, purposes)}${path}`;
/** Consents that let commissioners see the person named. */
const named: ConsentPurpose[] = ['register', 'share_identified'];

export const peopleMatrix: MatrixRow[] = [
  unscoped('GET /people', listing, {
    url: '/people?q=matrix&willing=interview_panels&day=2&part=morning',
  }),
  unscoped('GET /people/new', registering),
  unscoped('GET /people/new/:step', registering, { url: '/people/new/kind' }),
  unscoped('POST /people/new/:step', registering, {
    url: '/people/new/kind',
    form: { kind: 'carer' },
  }),
  unscoped('GET /people/new/check', registering),
  unscoped('POST /people/new/check', registering),
  scoped('GET /people/:id', staff, person('')),
  // a commissioner sees someone who consented to be named to commissioners
  scoped('GET /people/:id', staffOrConsented, person('', named)),
  scoped('GET /people/:id/:tab', staff, person('/contact')),
  scoped('GET /people/:id/:tab', staffOrConsented, person('/interests', named)),
  scoped('GET /people/:id/edit/:section', staff, person('/edit/contact')),
  scoped('POST /people/:id/edit/:section', staff, person('/edit/interests'), {
    willingActivities: ['forums', 'surveys'],
  }),
  scoped('GET /people/:id/status', staff, person('/status')),
  scoped('POST /people/:id/status', staff, person('/status'), {
    status: 'paused',
    reason: 'Matrix',
  }),
  {
    route: 'POST /people/:id/organisations',
    access: staff,
    request: async (fixture, target) => ({
      method: 'POST',
      url: await person('/organisations')(fixture, target),
      form: { organisationId: target },
    }),
  },
  scoped('POST /people/:id/organisations/:organisationId/remove', staff, async (fixture, target) =>
    person(`/organisations/${target}/remove`)(fixture, target),
  ),
  scoped('GET /people/:id/consent/new', staff, person('/consent/new')),
  scoped('POST /people/:id/consent/new', staff, person('/consent/new'), {
    purposes: 'media',
    method: 'paper',
    wordingVersion: 'matrix-1',
  }),
  scoped('GET /people/:id/consent/:purpose/withdraw', staff, person('/consent/contact/withdraw')),
  scoped('POST /people/:id/consent/:purpose/withdraw', staff, person('/consent/contact/withdraw'), {
    method: 'phone',
  }),
];

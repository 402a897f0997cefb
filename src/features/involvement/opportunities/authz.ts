import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { anywhereAs, overSubtree, scoped, unscoped } from '#platform/permissions/matrix.ts';
import type { OpportunityInput } from './schema.ts';

/** opportunity.view: everyone with a role at the organisation or above it. */
const viewing = overSubtree(
  'organisation_admin',
  'commissioner',
  'involvement_lead',
  'staff',
  'viewer',
);
/** opportunity.manage: organisation administrators and involvement leads. */
const managing = overSubtree('organisation_admin', 'involvement_lead');
/** Routes not about one organisation. */
const listing = anywhereAs(
  'organisation_admin',
  'commissioner',
  'involvement_lead',
  'staff',
  'viewer',
);
const creating = anywhereAs('organisation_admin', 'involvement_lead');

/** A complete opportunity (tests use it too). */
export function sampleOpportunity(overrides: Partial<OpportunityInput> = {}): OpportunityInput {
  return {
    titleEn: 'Have your say on the needle exchange',
    titleCy: 'Dweud eich dweud am y gyfnewidfa nodwyddau',
    descriptionEn: 'A focus group about opening hours.',
    descriptionCy: 'Grŵp ffocws am yr oriau agor.',
    rung: 3,
    level: 'service',
    ntaScope: 'collective',
    ntaMode: 'feedback',
    method: 'focus_group',
    audiences: [],
    closedGroupEn: null,
    closedGroupCy: null,
    welshMedium: false,
    opensOn: null,
    closingDate: null,
    startsAt: null,
    endsAt: null,
    attendance: 'online',
    locationEn: null,
    locationCy: null,
    timeCommitmentEn: null,
    timeCommitmentCy: null,
    expectedHours: 2,
    skillsNeeded: [],
    trainingNeeded: [],
    payment: 'voucher',
    paymentDetailsEn: null,
    paymentDetailsCy: null,
    accessibilityEn: null,
    accessibilityCy: null,
    places: 8,
    backups: 2,
    public: false,
    ...overrides,
  };
}

/** The fields of a complete opportunity as a form (the edit page, the first question page). */
export const sampleForm = {
  titleEn: 'Matrix focus group',
  titleCy: 'Grŵp ffocws matrics',
  descriptionEn: 'About opening hours.',
  descriptionCy: 'Am yr oriau agor.',
  rung: 'consultation',
  level: 'service',
  ntaScope: 'collective',
  ntaMode: 'feedback',
  method: 'focus_group',
  welshMedium: 'no',
  attendance: 'online',
  payment: 'voucher',
  places: '8',
  backups: '2',
  public: 'no',
};

async function opportunityAt(
  fixture: MatrixFixture,
  target: string,
  options: { open?: boolean; public?: boolean } = {},
) {
  const services = fixture.services as Services;
  const actor = await fixture.setUpActor();
  const id = await services.opportunities.createOpportunity(
    actor,
    target,
    sampleOpportunity({ public: options.public ?? false }),
  );
  if (options.open) {
    const opportunity = await services.opportunities.find(id);
    const opened = await services.opportunities.changeStatus(actor, opportunity!, 'open');
    if (!opened.ok) throw new Error('cannot open a target opportunity');
  }
  return id;
}

const opportunity = (path: string) => async (fixture: MatrixFixture, target: string) =>
  `/opportunities/${await opportunityAt(fixture, target)}${path}`;

export const opportunitiesMatrix: MatrixRow[] = [
  unscoped('GET /opportunities', listing, { url: '/opportunities?status=open&rung=3' }),
  unscoped('GET /opportunities/new', creating),
  unscoped('GET /opportunities/new/:step', creating, { url: '/opportunities/new/about' }),
  {
    route: 'POST /opportunities/new/:step',
    access: managing,
    request: (_fixture, target) => ({
      method: 'POST',
      url: '/opportunities/new/about',
      form: { ...sampleForm, organisationId: target },
    }),
  },
  unscoped('GET /opportunities/new/check', creating),
  unscoped('POST /opportunities/new/check', creating),
  scoped('GET /opportunities/:id', viewing, opportunity('')),
  scoped('GET /opportunities/:id/edit', managing, opportunity('/edit')),
  scoped('POST /opportunities/:id/edit', managing, opportunity('/edit'), sampleForm),
  scoped('POST /opportunities/:id/status', managing, opportunity('/status'), { to: 'open' }),
  unscoped('GET /open-opportunities', 'public'),
  scoped(
    'GET /open-opportunities/:id',
    'public',
    async (fixture, target) =>
      `/open-opportunities/${await opportunityAt(fixture, target, { open: true, public: true })}`,
  ),
];

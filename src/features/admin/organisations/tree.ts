import { organisationKinds, type OrganisationKind } from '#platform/db/schema.ts';

/**
 * The shape of the organisation tree: nation → region (e.g. an Area Planning Board) → area
 * (community safety partnership or local authority) → provider → service or site. A provider
 * may also sit straight under a region. User groups and forums sit under a region, area,
 * provider or service. Only nations have no parent.
 */
const childKinds: Record<OrganisationKind, readonly OrganisationKind[]> = {
  nation: ['region'],
  region: ['area', 'provider', 'group'],
  area: ['provider', 'group'],
  provider: ['service', 'group'],
  service: ['group'],
  group: [],
};

export { organisationKinds, type OrganisationKind };

/** The kinds of organisation that may be added under an organisation of this kind. */
export function allowedChildKinds(parentKind: OrganisationKind): readonly OrganisationKind[] {
  return childKinds[parentKind];
}

/** May an organisation of `kind` sit under `parentKind` (null: at the top of the tree)? */
export function isAllowedUnder(kind: OrganisationKind, parentKind: OrganisationKind | null) {
  if (parentKind === null) return kind === 'nation';
  return childKinds[parentKind].includes(kind);
}

/** The ancestors of a new organisation: its parent's, then itself. */
export function ancestorsFor(id: string, parentAncestors: readonly string[] | null) {
  return [...(parentAncestors ?? []), id];
}

/**
 * The involvement capability's public API: opportunities on the ladder of participation, fair
 * selection, involvement records, the ladder map, panels and elections. Other capabilities import
 * from `#features/involvement` only.
 */
import type { ElectionService } from './elections/service.ts';
import type { LadderService } from './ladder-map/service.ts';
import type { OpportunitiesService } from './opportunities/service.ts';
import type { PanelsService } from './panels/service.ts';
import type { InvolvementService } from './records/service.ts';
import type { SelectionService } from './selection/service.ts';
import { electionsModule } from './elections/module.ts';
import { ladderMapModule } from './ladder-map/module.ts';
import { opportunitiesModule } from './opportunities/module.ts';
import { panelsModule } from './panels/module.ts';
import { recordsModule } from './records/module.ts';
import { selectionModule } from './selection/module.ts';

export const involvementModules = [
  opportunitiesModule,
  selectionModule,
  recordsModule,
  ladderMapModule,
  panelsModule,
  electionsModule,
];

export { levels, opportunityNames, rungs, type Level, type Rung } from './tables.ts';

// Recording someone's involvement (in the caller's transaction): the one way in.
export {
  recordInvolvement,
  withdrawInvolvement,
  type InvolvementEntry,
} from './records/repository.ts';
// Reading involvement records with their hours (time credits earn per hour).
export {
  findInvolvementHours,
  latestInvolvementHours,
  type InvolvementHours,
} from './records/hours.ts';
// Opportunities a person was selected for (money: a claim made for one).
export { selectedOpportunitiesOf, type SelectedOpportunity } from './selection/selected.ts';
export { methods, involvementRoles, type Method, type InvolvementRole } from './tables.ts';

declare module '#platform/modules/contract.ts' {
  interface Services {
    opportunities: OpportunitiesService;
    selection: SelectionService;
    records: InvolvementService;
    ladder: LadderService;
    panels: PanelsService;
    elections: ElectionService;
  }
}

import { electionContext, type ElectionDependencies } from './context.ts';
import { electionCountCommands } from './count.ts';
import { electionPortalCommands } from './portal.ts';
import { electionStaffCommands } from './staff.ts';

export {
  ElectionError,
  londonToday,
  electorateCondition,
  PAGE_SIZE,
  type Candidate,
  type Election,
  type ResultRow,
} from './model.ts';

/**
 * Peer elections of representatives (issue 4 item 7). Staff open an election for a role; members
 * nominate (themselves, where allowed, or suggest someone by name for staff to enter); nominees
 * accept; when voting opens the electorate is fixed in `election_voters`; each member votes once,
 * in the portal or on paper. The secret ballot: the "has voted" flag (election_voters) and the
 * ballot (election_ballots: no person, no time, random id) are written in one transaction but
 * never linked. Paper ballots are counted by one member of staff and confirmed by another.
 */

/** The election service: staff, counting and portal commands over one shared context. */
export function createElectionService(deps: ElectionDependencies) {
  const context = electionContext(deps);
  return {
    ...electionStaffCommands(context),
    ...electionCountCommands(context),
    ...electionPortalCommands(context),
  };
}

export type ElectionService = ReturnType<typeof createElectionService>;

import { panelsContext, type PanelsDependencies } from './context.ts';
import { panelScoringCommands } from './scoring.ts';
import { panelSetupCommands } from './setup.ts';

export {
  type Outcome,
  PAGE_SIZE,
  PANEL_TRAINING,
  type Panel,
  type PanelCandidate,
  type PanelMember,
  type PanelQuestion,
} from './model.ts';

/**
 * Recruitment interview and tender evaluation panels (issue 4 item 6, WF 3.11, NW). Every
 * command is one transaction with its audit entry; every read of members' names is audited.
 * All access goes through `panelFor`: 404 when the panel's organisation is invisible to the
 * actor, 403 when visible but `panel.manage` is not held there.
 */
export function createPanelsService(deps: PanelsDependencies) {
  const context = panelsContext(deps);
  return { ...panelSetupCommands(context), ...panelScoringCommands(context) };
}

export type PanelsService = ReturnType<typeof createPanelsService>;

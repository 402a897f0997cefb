import { panelsMatrix } from './authz.ts';
import { panelPartsRoutes } from './part-routes.ts';
import { panelsRoutes } from './routes.ts';
import { resetDemoPanels, seedDemoPanels } from './seed-demo.ts';
import { createPanelsService } from './service.ts';
import { navigationLink, type Module } from '#platform/modules/contract.ts';

/** Interview and tender panels scored by service users against weighted questions. */
export const panelsModule: Module = {
  name: 'involvement/panels',
  services: ({ db, audit }) => ({ panels: createPanelsService({ db, audit }) }),
  routes: [panelsRoutes, panelPartsRoutes],
  navigation: [navigationLink('/panels', 'panels:navigation', 'panel.manage')],
  personalData: [
    // panels they sat on and the scores they gave: kept (no personal data in them) so a
    // recruitment's result and the record of involvement stand
    {
      table: 'panel_members',
      column: 'person_id',
      section: 'panelMembers',
      erase: 'keep',
      page: {
        namespace: 'panels',
        hidden: ['involvement_record_id'],
        staff: ['added_by'],
        names: { panel_id: { table: 'panels', en: 'title_en', cy: 'title_cy' } },
      },
    },
    {
      table: 'panel_scores',
      column: 'person_id',
      section: 'panelScores',
      erase: 'keep',
      page: {
        namespace: 'panels',
        staff: ['recorded_by'],
        names: {
          panel_id: { table: 'panels', en: 'title_en', cy: 'title_cy' },
          candidate_id: { table: 'panel_candidates', en: 'label' },
          question_id: { table: 'panel_questions', en: 'text_en', cy: 'text_cy' },
        },
      },
    },
  ],
  seeds: { demo: { reset: resetDemoPanels, seed: seedDemoPanels } },
  matrix: panelsMatrix,
};

import type { Module } from '#platform/modules/contract.ts';
import { boardMatrix } from './authz.ts';
import { boardRoutes } from './routes.ts';
import { createBoards, type Boards } from './service.ts';

/**
 * "You said, we did" (issue 12 item 4): a service's public board, the board of an area, the
 * board's A4 poster, and the "tell us" poster with a QR code of the form's short link (item 1).
 */
export const feedbackBoardModule: Module = {
  name: 'feedback/board',
  services: ({ db, i18n, config }) => ({
    boards: createBoards({
      db,
      i18n,
      publicUrl: config.publicUrl,
      textNumber: config.notify.textNumber,
    }),
  }),
  routes: [boardRoutes],
  matrix: boardMatrix,
};

// Kept here rather than in the capability's index.ts, which only lists this module: move it there
// with the other services when index.ts is next changed.
declare module '#platform/modules/contract.ts' {
  interface Services {
    boards: Boards;
  }
}

/**
 * The feedback capability's public API: feedback from every channel, the loop to a published
 * outcome, and "you said, we did" (issue 12). Other capabilities import from `#features/feedback`
 * only.
 */
import type { Module } from '#platform/modules/contract.ts';
import { feedbackBoardModule } from './board/module.ts';
import { feedbackPermissionsModule } from './module.ts';
import { publicFeedbackModule } from './public/module.ts';
import type { PublicFeedback } from './public/service.ts';

export const feedbackModules: Module[] = [
  feedbackPermissionsModule,
  publicFeedbackModule,
  feedbackBoardModule,
];

declare module '#platform/modules/contract.ts' {
  interface Services {
    publicFeedback: PublicFeedback;
  }
}

export { addWorkingDays, isWorkingDay } from './deadlines/working-days.ts';
export { receiptCode } from './public/service.ts';

/**
 * The feedback capability's public API: feedback from every channel, the loop to a published
 * outcome, and "you said, we did" (issue 12). Other capabilities import from `#features/feedback`
 * only.
 */
import type { Module } from '#platform/modules/contract.ts';
import { feedbackBoardModule } from './board/module.ts';
import { feedbackPermissionsModule } from './module.ts';
import { feedbackExportModule } from './export/module.ts';
import type { FeedbackExport } from './export/service.ts';
import { holidaysModule } from './holidays/module.ts';
import type { HolidaysService } from './holidays/service.ts';
import { feedbackItemsModule } from './items/module.ts';
import type { FeedbackItems } from './items/service.ts';
import type { FeedbackLoop } from './loop/service.ts';
import { publicFeedbackModule } from './public/module.ts';
import type { PublicFeedback } from './public/service.ts';
import { feedbackRecordingModule } from './recording/module.ts';
import type { FeedbackRecording } from './recording/service.ts';
import { feedbackSettingsModule } from './settings/module.ts';
import { textedFeedbackModule } from './sms/module.ts';
import { surveysModule } from './surveys/module.ts';
import type { SurveyAnswers } from './surveys/respond.ts';
import type { SurveyResults } from './surveys/results.ts';
import type { Surveys } from './surveys/service.ts';
import { feedbackTrendsModule } from './trends/module.ts';
import type { FeedbackTrends } from './trends/service.ts';
import type { createTextedFeedback } from './sms/received.ts';
import type { FeedbackSettingsService } from './settings/service.ts';

export const feedbackModules: Module[] = [
  feedbackPermissionsModule,
  publicFeedbackModule,
  feedbackItemsModule,
  feedbackRecordingModule,
  feedbackSettingsModule,
  feedbackBoardModule,
  textedFeedbackModule,
  feedbackTrendsModule,
  surveysModule,
  feedbackExportModule,
  holidaysModule,
];

declare module '#platform/modules/contract.ts' {
  interface Services {
    publicFeedback: PublicFeedback;
    feedbackItems: FeedbackItems;
    feedbackLoop: FeedbackLoop;
    feedbackSettings: FeedbackSettingsService;
    feedbackRecording: FeedbackRecording;
    textedFeedback: ReturnType<typeof createTextedFeedback>;
    feedbackTrends: FeedbackTrends;
    surveys: Surveys;
    surveyAnswers: SurveyAnswers;
    surveyResults: SurveyResults;
    feedbackExport: FeedbackExport;
    holidays: HolidaysService;
  }
}

export { addWorkingDays, isWorkingDay } from './deadlines/working-days.ts';
export { itemNumber, receiptCode } from './items/receive.ts';

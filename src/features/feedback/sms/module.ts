import type { Module } from '#platform/modules/contract.ts';
import { createTextedFeedback } from './received.ts';

/** "Text us": feedback by text message to a service's keyword (issue 12 item 1). */
export const textedFeedbackModule: Module = {
  name: 'feedback/sms',
  services: ({ db, audit, notifier, i18n, publicFeedback }) => ({
    textedFeedback: createTextedFeedback({ db, audit, notifier, i18n, publicFeedback }),
  }),
  // before meeting replies: a keyword is explicit
  receivedText: [
    { name: 'feedback.sms', order: 10, handle: (services, text) => services.textedFeedback(text) },
  ],
};

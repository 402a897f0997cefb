import type { Module } from '#platform/modules/contract.ts';
import { consultationMatrix } from './authz.ts';
import { consultationRoutes } from './routes.ts';
import { createConsultationService } from './service.ts';

/** Consultation events: questions, group notes on the day and a same-day summary. */
export const consultationModule: Module = {
  name: 'meetings/consultation',
  services: ({ db, audit, notifier, i18n, config }) => ({
    consultation: createConsultationService({ db, audit, notifier, i18n, config }),
  }),
  routes: [consultationRoutes],
  matrix: consultationMatrix,
};

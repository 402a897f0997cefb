import { contactTasksWaiting } from './attention.ts';
import { portalMatrix } from './authz.ts';
import { portalRoutes } from './routes.ts';
import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { createPortalService } from './service.ts';
import { createContactTasks } from './tasks.ts';

/** The people's portal (one-time codes, preferences, consent, my data) and staff contact tasks. */
export const portalModule: Module = {
  name: 'register/portal',
  services: ({ db, audit, config, contact }) => ({
    portal: createPortalService(
      { db, audit, keys: config.encryptionKey, contact },
      { logLevel: config.logLevel },
    ),
    contactTasks: createContactTasks({ db, audit }),
  }),
  routes: [portalRoutes],
  navigation: [navigationLink('/contact-tasks', 'contact:navigation', 'person.manage')],
  attention: [contactTasksWaiting],
  personalData: [
    {
      table: 'portal_codes',
      column: 'person_id',
      section: 'portalCodes',
      erase: 'delete',
      omit: ['code_hash'],
      page: { namespace: 'rights', codes: { channel: 'people:channels' } },
    },
    // portal sign-ins: only how many are open is exported (the ids are secrets)
    {
      table: 'sessions',
      column: 'person_id',
      section: 'sessions',
      erase: 'delete',
      page: { namespace: 'rights', hidden: ['account_id'] },
    },
    {
      table: 'person_requests',
      column: 'person_id',
      section: 'requests',
      erase: 'delete',
      page: {
        namespace: 'rights',
        staff: ['resolved_by'],
        codes: { kind: 'contact:tasks.kinds' },
      },
    },
  ],
  matrix: portalMatrix,
};

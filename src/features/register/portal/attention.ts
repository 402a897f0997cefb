import { scopeInputs, type ScopeInputs } from '#platform/modules/attention.ts';
import type { AttentionProvider } from '#platform/modules/contract.ts';

/** Calls and visits to make, and requests from the portal: what /contact-tasks lists. */
export const contactTasksWaiting: AttentionProvider<{ count: number }, ScopeInputs> = {
  name: 'register/portal.contact-tasks',
  inputs: (actor) => scopeInputs(actor, 'person.manage'),
  counts: ({ contactTasks }, { scope }) => ({ count: contactTasks.waiting(scope) }),
  items: ({ count }) => [{ text: 'contact:attention.tasks', count, href: '/contact-tasks' }],
};

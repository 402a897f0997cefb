import type { FastifyRequest } from 'fastify';
import { canAnywhere, canPlatform } from '../permissions/policy.ts';

/** The service navigation, showing only what the signed-in person may use. */
export function navigationFor(request: FastifyRequest) {
  const actor = request.actor;
  if (!actor) return [];
  const path = request.url.split('?')[0] ?? '/';
  const items: { href: string; text: string; active: boolean }[] = [];
  const add = (href: string, key: string) =>
    items.push({
      href,
      text: request.t(key),
      active: path === href || path.startsWith(`${href}/`),
    });
  add('/dashboard', 'common:navigation.dashboard');
  if (canAnywhere(actor, 'organisation.view'))
    add('/organisations', 'common:navigation.organisations');
  if (canAnywhere(actor, 'staff.view')) add('/staff', 'common:navigation.staff');
  if (canAnywhere(actor, 'audit.view') || canPlatform(actor, 'platform.manage'))
    add('/audit', 'common:navigation.audit');
  if (canAnywhere(actor, 'outbox.view')) add('/outbox', 'common:navigation.outbox');
  if (canAnywhere(actor, 'person.manage')) add('/contact-tasks', 'contact:navigation');
  if (canAnywhere(actor, 'person.view') || canAnywhere(actor, 'person.view_consented'))
    add('/people', 'people:navigation');
  if (canAnywhere(actor, 'register.statistics'))
    add('/register/statistics', 'statistics:navigation');
  if (canAnywhere(actor, 'opportunity.view')) add('/opportunities', 'opportunities:navigation');
  if (canAnywhere(actor, 'involvement.record')) add('/involvement', 'records:navigation');
  if (canAnywhere(actor, 'ladder.view')) add('/ladder-map', 'ladder:navigation');
  if (canAnywhere(actor, 'panel.manage')) add('/panels', 'panels:navigation');
  if (canAnywhere(actor, 'election.manage') || canAnywhere(actor, 'election.count'))
    add('/elections', 'elections:navigation');
  add('/account', 'common:navigation.account');
  return items;
}

import type { FastifyRequest } from 'fastify';
import type { Registry } from '../modules/contract.ts';

export interface NavigationLink {
  href: string;
  text: string;
  active: boolean;
}

export interface NavigationGroup {
  /** Translation of `common:capabilities.<capability>`. */
  text: string;
  capability: string;
  active: boolean;
  items: NavigationLink[];
}

/**
 * The service navigation, showing only what the signed-in person may use: the home page, each
 * capability's links in its group (as the modules declared them), and the person's account.
 */
export function navigationFor(request: FastifyRequest, groups: Registry['navigation']) {
  const actor = request.actor;
  if (!actor) return { home: null, groups: [], account: null };
  const path = request.url.split('?')[0] ?? '/';
  const link = (href: string, text: string): NavigationLink => ({
    href,
    text: request.t(text),
    active: path === href || path.startsWith(`${href}/`),
  });
  const visible = groups
    .map(({ capability, entries }) => {
      const items = entries.filter((e) => e.visible(actor)).map((e) => link(e.href, e.text));
      return {
        capability,
        text: request.t(`common:capabilities.${capability}`),
        active: items.some((item) => item.active),
        items,
      };
    })
    .filter((group) => group.items.length > 0);
  return {
    home: link('/dashboard', 'common:navigation.dashboard'),
    groups: visible,
    account: link('/account', 'common:navigation.account'),
  };
}

export type Navigation = ReturnType<typeof navigationFor>;

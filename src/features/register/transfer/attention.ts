import { scopeInputs, type ScopeInputs } from '#platform/modules/attention.ts';
import type { AttentionProvider } from '#platform/modules/contract.ts';
import type { WaitingImports } from './lookups.ts';

/** The actor's imports checked and waiting for them to confirm: the oldest one's page. */
export const importsWaiting: AttentionProvider<
  { waiting: WaitingImports },
  ScopeInputs & { uploader: string }
> = {
  name: 'register/transfer.imports',
  inputs(actor) {
    const where = scopeInputs(actor, 'person.transfer');
    return where && { ...where, uploader: actor.id };
  },
  counts: ({ transfer }, { scope, uploader }) => ({ waiting: transfer.waiting(uploader, scope) }),
  items: ({ waiting: { count, oldest } }) =>
    oldest ? [{ text: 'transfer:attention.imports', count, href: `/people/import/${oldest}` }] : [],
};

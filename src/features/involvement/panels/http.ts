import type { FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import type { Panel } from './service.ts';
import { saveSessionData, takeSessionValue } from '#platform/http/session-data.ts';

export const DRAFT_KEY = 'panelDraft';
export const FLASH_KEY = 'panelsFlash';
export const view = (name: string) => `involvement/panels/views/${name}.njk`;
export { guarded } from '#platform/http/guards.ts';

/** Where the error summary links for a field whose first input has another id. */
export const errorAnchors = { heldOn: 'heldOn-day' };

/** What the panels pages share: the session (drafts and flashes) and a panel as shown. */
export function panelPages(services: Services) {
  const saveSession = (request: FastifyRequest, patch: Record<string, unknown>) =>
    saveSessionData(services.sessions, request, patch);
  const flash = (request: FastifyRequest, key: string) =>
    saveSession(request, { [FLASH_KEY]: key });
  const takeFlash = async (request: FastifyRequest) => {
    const key = await takeSessionValue<string>(services.sessions, request, FLASH_KEY);
    return key ? request.t(`panels:${key}`) : undefined;
  };

  const local = (request: FastifyRequest, en: string | null, cy: string | null) =>
    request.lang === 'cy' ? cy : en;
  const titleOf = (request: FastifyRequest, panel: Panel) =>
    local(request, panel.titleEn, panel.titleCy) ?? '';
  const panelView = (request: FastifyRequest, panel: Panel) => ({
    ...panel,
    title: titleOf(request, panel),
    organisationName: local(request, panel.organisationNameEn, panel.organisationNameCy),
    opportunityTitle: local(request, panel.opportunityTitleEn, panel.opportunityTitleCy),
    open: panel.status === 'open',
  });
  return { saveSession, flash, takeFlash, local, titleOf, panelView };
}

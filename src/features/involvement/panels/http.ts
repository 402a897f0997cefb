import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import type { Panel } from './service.ts';
import { keepFlash, takeFlash as takeKept } from '#platform/http/flash.ts';
import { saveSessionData } from '#platform/http/session-data.ts';
import { formErrors, type Issue } from '#platform/validation/index.ts';

export const DRAFT_KEY = 'panelDraft';
export const view = (name: string) => `involvement/panels/views/${name}.njk`;
export { guarded } from '#platform/http/guards.ts';

/** Where the error summary links for a field whose first input has another id. */
const errorAnchors = { heldOn: 'heldOn-day' };

/** What the panels pages share: the session (drafts and flashes) and a panel as shown. */
export function panelPages(services: Services) {
  const saveSession = (request: FastifyRequest, patch: Record<string, unknown>) =>
    saveSessionData(services.sessions, request, patch);
  /** A message for the page this request redirects to (only that page, in that tab). */
  const flash = (request: FastifyRequest, key: string) => {
    keepFlash(request, key);
  };
  const takeFlash = async (request: FastifyRequest) => {
    const key = await takeKept<string>(services.sessions, request);
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
  /** A form's issues as its page shows them (each field's and the summary), answered with 400. */
  const shownErrors = (request: FastifyRequest, reply: FastifyReply, issues?: Issue[]) => {
    const shown = formErrors(request.t, issues ?? [], errorAnchors);
    if (issues) reply.code(400);
    return { errors: shown.fields, errorList: shown.errorList };
  };
  return { saveSession, flash, takeFlash, local, titleOf, panelView, shownErrors };
}

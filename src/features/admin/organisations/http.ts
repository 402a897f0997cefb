import type { FastifyRequest } from 'fastify';
import type { TFunction } from 'i18next';
import type { Services } from '#platform/modules/contract.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import { pageHref, pagination } from '#platform/http/pagination.ts';
import { keepFlash, takeFlash as takeKept } from '#platform/http/flash.ts';
import { saveSessionData } from '#platform/http/session-data.ts';
import type { Language } from '#platform/i18n/i18n.ts';
import { can } from '#platform/permissions/policy.ts';
import { issuesOf, type Form } from '#platform/validation/index.ts';
import type { z } from 'zod';
import { mfaForm } from './schema.ts';
import type { Organisation } from './service.ts';
import { idOf } from '#platform/http/params.ts';

/** What the organisations pages share: names, ids, flash messages, pages and breadcrumbs. */

export const DRAFT_KEY = 'organisationDraft';

export interface Named {
  nameEn: string;
  nameCy: string;
}

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

export const nameIn = (organisation: Named, lang: Language) =>
  lang === 'cy' ? organisation.nameCy : organisation.nameEn;

export const saveSession = (
  services: Services,
  request: FastifyRequest,
  patch: Record<string, unknown>,
) => saveSessionData(services.sessions, request, patch);

/**
 * A success message for the page this request redirects to (only that page, in that tab), in
 * whatever language that page is shown.
 */
export const setFlash = (request: FastifyRequest, key: string, organisation: Named) => {
  keepFlash(request, { key, nameEn: organisation.nameEn, nameCy: organisation.nameCy });
};

export async function takeFlash(services: Services, request: FastifyRequest) {
  const flash = await takeKept<{ key: string } & Named>(services.sessions, request);
  return flash ? request.t(flash.key, { name: nameIn(flash, request.lang) }) : undefined;
}

/** The list's pages, keeping its filters in each page's address. */
export function pagesOf(
  t: TFunction,
  base: string,
  params: Record<string, string>,
  page: number,
  pageCount: number,
) {
  return pagination(t, pageHref(base, params), page, pageCount, 'organisations:pagination.label');
}

/** The ancestors above an organisation, linked when the actor may see them. */
export function breadcrumbsFor(actor: Actor, organisation: Organisation, lang: Language) {
  return organisation.path.map((item) => ({
    text: nameIn(item, lang),
    href: can(actor, 'organisation.view', item) ? `/organisations/${item.id}` : null,
  }));
}

const FIELD_ORDER = ['form', 'kind', 'nameEn', 'nameCy', 'requiresMfa'];

/**
 * A names form and, for platform administrators, the MFA question: the parsed values, or the
 * issues in the order the fields appear on the page.
 */
export function parseWithMfa<T extends z.ZodType<object>>(
  form: T,
  values: Form,
  platformAdmin: boolean,
) {
  const parsed = form.safeParse(values);
  const mfa = platformAdmin ? mfaForm.safeParse(values) : null;
  if (parsed.success && (!mfa || mfa.success))
    return {
      ok: true as const,
      value: {
        ...parsed.data,
        ...(mfa?.success ? { requiresMfa: mfa.data.requiresMfa } : {}),
      },
    };
  const issues = [
    ...(parsed.success ? [] : issuesOf(parsed.error)),
    ...(mfa && !mfa.success ? issuesOf(mfa.error) : []),
  ];
  issues.sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
  return { ok: false as const, issues };
}

export { idOf };

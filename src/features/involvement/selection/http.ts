import type { FastifyRequest } from 'fastify';
import { pagination } from '#platform/http/pagination.ts';
import type { Services } from '#platform/modules/contract.ts';
import { formErrors } from '#platform/validation/index.ts';
import type { FormIssues } from '../validation.ts';
import { keepFlash, takeFlash } from '#platform/http/flash.ts';

/** Small helpers the selection pages share (staff and portal). */

/**
 * Field errors as the GOV.UK macros want them (the platform's `formErrors`), with the error
 * prefix screen readers hear in the page's language.
 */
export function errorsForView(request: FastifyRequest, errors: FormIssues) {
  const { errorList, fields } = formErrors(request.t, errors);
  const visuallyHiddenText = request.t('selection:errorHidden');
  for (const field of Object.values(fields)) Object.assign(field, { visuallyHiddenText });
  return { errorList, fields };
}

/** `?page=` as a whole number from 1 (anything else is page 1). */
export function pageOf(request: FastifyRequest) {
  const raw = (request.query as Record<string, unknown>).page;
  const page = typeof raw === 'string' && /^\d{1,5}$/.test(raw) ? Number(raw) : 1;
  return Math.max(1, page);
}

export function paginationFor(
  request: FastifyRequest,
  href: (n: number) => string,
  page: number,
  pageCount: number,
) {
  return pagination(request.t, href, page, pageCount, 'selection:pagination.label');
}

/**
 * A one-off message (translation key and values) for the page this request redirects to: only
 * that page, in that tab, shows it.
 */
export function flashes(services: Services) {
  type Stored = { key: string; values: Record<string, unknown> };
  return {
    set: (request: FastifyRequest, key: string, values: Record<string, unknown> = {}) => {
      keepFlash(request, { key, values } satisfies Stored);
    },
    async take(request: FastifyRequest): Promise<{ flash?: string }> {
      const stored = await takeFlash<Stored>(services.sessions, request);
      return stored ? { flash: request.t(stored.key, stored.values) } : {};
    },
  };
}

export const one = (form: Record<string, unknown>, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value : '';
};

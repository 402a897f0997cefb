import type { FastifyReply, FastifyRequest } from 'fastify';
import { takeFlash } from '#platform/http/flash.ts';
import { formErrors, type Form, type Issue } from '#platform/validation/index.ts';

/**
 * A money form's errors for its page: `errors` for each field's errorMessage and `errorList` for
 * govukErrorSummary (`anchors` as `formErrors`). The reply becomes a 400 when the form was refused
 * (`issues` given, even empty).
 */
export function errorsShown(
  request: FastifyRequest,
  reply: FastifyReply,
  issues?: readonly Issue[],
  anchors?: Record<string, string>,
) {
  const { fields, errorList } = formErrors(request.t, issues ?? [], anchors);
  if (issues) reply.code(400);
  return { errors: fields, errorList };
}

/** A day (YYYY-MM-DD) as a date field's three boxes (`<field>-day`, `-month`, `-year`). */
export function dayFields(field: string, day: string): Form {
  const [year, month, date] = day.split('-');
  return {
    [`${field}-day`]: String(Number(date)),
    [`${field}-month`]: String(Number(month)),
    [`${field}-year`]: year ?? '',
  };
}

/**
 * The message kept for this page by the request that redirected here (`keepFlash` with a key),
 * as the text `<namespace>:flash.<key>`; undefined when there is none.
 */
export async function flashText(
  sessions: Parameters<typeof takeFlash>[0],
  request: FastifyRequest,
  namespace: string,
) {
  const key = await takeFlash<string>(sessions, request);
  return key ? request.t(`${namespace}:flash.${key}`) : undefined;
}

/** 409: someone else changed what the form was about first; `values` for the page beside its title. */
export const renderConflict = (
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  titleKey: string,
  values: Record<string, unknown> = {},
) => reply.code(409).render(template, { pageTitle: request.t(titleKey), ...values });

import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { keepFlash, takeFlash as takeKept } from '#platform/http/flash.ts';
import { saveSessionData } from '#platform/http/session-data.ts';
import { canAnywhere } from '#platform/permissions/policy.ts';
import { formErrors, type Form, type Issue } from '#platform/validation/index.ts';
import { formChoices } from './form-choices.ts';
import { anchors } from '../schema.ts';
import { idOf } from '#platform/http/params.ts';

/** What the people pages share: views, flash messages, parameters and form errors. */

export const view = (name: string) => `register/people/views/${name}.njk`;
export const DRAFT_KEY = 'personDraft';
export const LAST_KEY = 'personRegistered';

/** A stored E.164 number as people write it (07700 900123). */
export const nationalPhone = (e164: string | null) =>
  e164 ? (parsePhoneNumberFromString(e164)?.formatNational() ?? e164) : null;

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

export const saveSession = (
  services: Services,
  request: FastifyRequest,
  patch: Record<string, unknown>,
) => saveSessionData(services.sessions, request, patch);

/** Shows `message` (a translation key) on the page this request redirects to, in that tab only. */
export const flash = (request: FastifyRequest, message: string) => {
  keepFlash(request, message);
};

/** The flash message for this page, translated, if there is one. */
export async function takeFlash(services: Services, request: FastifyRequest) {
  const message = await takeKept<string>(services.sessions, request);
  return message ? request.t(message) : undefined;
}

/** The actor, if they may register people somewhere (403 otherwise). */
export function mayRegister(request: FastifyRequest) {
  const actor = actorOf(request);
  if (!canAnywhere(actor, 'person.manage')) throw new HttpError(403);
  return actor;
}

/** An organisation's name in the page's language. */
export const nameOf = (o: { nameEn: string; nameCy: string }, request: FastifyRequest) =>
  request.lang === 'cy' ? o.nameCy : o.nameEn;

/** The person whose record is being changed (404 if invisible, 403 if not the actor's). */
export async function personForChange(
  services: Services,
  request: FastifyRequest,
  section: string,
) {
  const person = await services.people.findPersonForActor(actorOf(request), idOf(request), {
    section,
  });
  if (!person.canManage) throw new HttpError(403);
  return person;
}

/** The posted form, without its CSRF token (to fill the form in again). */
export function formOf(request: FastifyRequest): Form {
  const form = { ...request.form } as Form;
  delete form._csrf;
  return form;
}

/** What every form page gets: its values, errors and choices. */
export function formView(request: FastifyRequest, values: Form, issues: readonly Issue[] = []) {
  const errors = formErrors(request.t, issues, anchors);
  return {
    values,
    errors: errors.fields,
    errorList: errors.errorList,
    choices: formChoices(request.t, values),
  };
}

/** A select's options after a first one with no value ("choose", "any", "none"). */
export const withNone = (
  text: string,
  options: readonly { value: string; text: string; selected?: boolean }[],
) => [{ value: '', text }, ...options];

/** The organisations of a select, by name in the page's language, with the chosen one selected. */
export const organisationOptions = (
  request: FastifyRequest,
  organisations: readonly { id: string; nameEn: string; nameCy: string }[],
  chosen: unknown,
) =>
  organisations.map((o) => ({
    value: o.id,
    text: nameOf(o, request),
    selected: o.id === chosen,
  }));

/** Who may be the named worker, after "none", with the chosen one selected. */
export const workerOptions = (
  request: FastifyRequest,
  workers: readonly { id: string; name: string }[],
  chosen: unknown,
) =>
  withNone(
    request.t('people:fields.namedWorker.none'),
    workers.map((w) => ({ value: w.id, text: w.name, selected: chosen === w.id })),
  );

export { idOf };

import type { FastifyRequest } from 'fastify';
import type { FieldErrors } from './schema.ts';
import type { Election, ElectionError } from './service.ts';

/** Field errors as the GOV.UK macros want them: inline messages and the error summary. */
export function errorsForView(request: FastifyRequest, errors: FieldErrors) {
  const inline: Record<string, { text: string }> = {};
  const errorList: { text: string; href: string }[] = [];
  for (const [name, key] of Object.entries(errors)) {
    const text = request.t(key);
    inline[name] = { text };
    // an error about the whole form (not one field) links to the page's content
    errorList.push({ text, href: name === 'form' ? '#main-content' : `#${name}` });
  }
  return { errors: inline, errorList };
}

export const errorOf = (error: ElectionError): FieldErrors => ({
  [error.field]: `elections:errors.${error.code}`,
});

/** The election's role and organisation in the page's language. */
export const named = (election: Election, lang: string) => ({
  role: lang === 'cy' ? election.roleCy : election.roleEn,
  description: lang === 'cy' ? election.descriptionCy : election.descriptionEn,
  organisation: lang === 'cy' ? election.organisation.nameCy : election.organisation.nameEn,
});

import type { FieldErrors } from './schema.ts';
import type { Election, ElectionError } from './service.ts';

export const errorOf = (error: ElectionError): FieldErrors => ({
  [error.field]: `elections:errors.${error.code}`,
});

/** The election's role and organisation in the page's language. */
export const named = (election: Election, lang: string) => ({
  role: lang === 'cy' ? election.roleCy : election.roleEn,
  description: lang === 'cy' ? election.descriptionCy : election.descriptionEn,
  organisation: lang === 'cy' ? election.organisation.nameCy : election.organisation.nameEn,
});

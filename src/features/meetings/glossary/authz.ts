import type { Services } from '#platform/modules/contract.ts';
import type { Access, MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { unscoped } from '#platform/permissions/matrix.ts';

/** Managed by platform administrators only (platform.manage). */
const platformOnly: Access = { platform_admin: ['own'] };

let made = 0;
/** A throwaway term to change or delete. */
async function termFor(fixture: MatrixFixture) {
  const services = fixture.services as Services;
  made += 1;
  const result = await services.glossary.addTerm(await fixture.setUpActor(), {
    slug: `matrix-term-${made}-${Date.now()}`,
    term_en: `Matrix term ${made} ${Date.now()}`,
    term_cy: `Term matrics ${made} ${Date.now()}`,
    expansion_en: null,
    expansion_cy: null,
    explanation_en: 'A term made by the authorisation matrix.',
    explanation_cy: 'Term a wnaed gan y matrics awdurdodi.',
    see_also: [],
  });
  if (!result.ok) throw new Error('cannot prepare a glossary term');
  return result.value.id;
}

const atTerm =
  (method: 'GET' | 'POST', path: (id: string) => string, form?: () => Record<string, string>) =>
  async (fixture: MatrixFixture) => ({
    method,
    url: path(await termFor(fixture)),
    form: form?.(),
  });

const termForm = () => {
  made += 1;
  return {
    termEn: `Posted term ${made} ${Date.now()}`,
    termCy: `Term a bostiwyd ${made} ${Date.now()}`,
    explanationEn: 'Explained plainly.',
    explanationCy: 'Wedi’i egluro’n syml.',
  };
};

export const glossaryMatrix: MatrixRow[] = [
  unscoped('GET /glossary', 'public'),
  unscoped('GET /glossary/new', platformOnly),
  {
    ...unscoped('POST /glossary/new', platformOnly),
    request: () => ({ method: 'POST', url: '/glossary/new', form: termForm() }),
  },
  {
    route: 'GET /glossary/:id/edit',
    access: platformOnly,
    organisationScoped: false,
    request: atTerm('GET', (id) => `/glossary/${id}/edit`),
  },
  {
    route: 'POST /glossary/:id/edit',
    access: platformOnly,
    organisationScoped: false,
    request: atTerm('POST', (id) => `/glossary/${id}/edit`, termForm),
  },
  {
    route: 'GET /glossary/:id/delete',
    access: platformOnly,
    organisationScoped: false,
    request: atTerm('GET', (id) => `/glossary/${id}/delete`),
  },
  {
    route: 'POST /glossary/:id/delete',
    access: platformOnly,
    organisationScoped: false,
    request: atTerm('POST', (id) => `/glossary/${id}/delete`),
  },
];

import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { requireActor } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { flashMessages } from '#platform/http/flash.ts';
import { formErrors, type Form, type Issue, type Result } from '#platform/validation/index.ts';
import { formOf, glossaryQuery, parseTermForm, termParams } from './schema.ts';
import type { TermValues } from './repository.ts';
import { alphabets } from './service.ts';

const idOf = (request: FastifyRequest) => {
  const params = termParams.safeParse(request.params);
  if (!params.success) throw new HttpError(404);
  return params.data.id.toLowerCase();
};

/**
 * The jargon buster: /glossary is public (no sign-in), in the visitor's language, with A–Z
 * links and a search that is a plain GET form. Platform administrators add, change and delete
 * terms from it.
 */
export const glossaryRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { glossary } = services;
  const flashes = flashMessages(services.sessions);

  app.get('/glossary', async (request, reply) => {
    const lang = request.lang;
    const { q } = glossaryQuery.parse(request.query);
    const terms = await glossary.terms(lang, q || undefined);
    const present = new Set(terms.map((term) => term.letter));
    const groups = [...alphabets[lang], '#']
      .filter((letter) => present.has(letter))
      .map((letter) => ({
        letter,
        id: `letter-${letter.toLowerCase()}`,
        terms: terms.filter((term) => term.letter === letter),
      }));
    return reply.render('meetings/glossary/views/glossary.njk', {
      pageTitle: request.t('glossary:title'),
      query: q ?? '',
      letters: alphabets[lang].map((letter) => ({
        letter,
        href: present.has(letter) ? `#letter-${letter.toLowerCase()}` : null,
      })),
      groups,
      count: terms.length,
      mayManage: glossary.mayManage(request.actor ?? null),
      ...(await flashes.take(request)),
    });
  });

  const renderForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { id?: string; form: Record<string, string>; issues?: readonly Issue[] },
  ) => {
    const { t } = request;
    const { errorList, fields } = formErrors(t, options.issues ?? []);
    if (options.issues?.length) reply.code(400);
    return reply.render('meetings/glossary/views/form.njk', {
      pageTitle: t(options.id ? 'glossary:form.changeTitle' : 'glossary:form.addTitle'),
      action: options.id ? `/glossary/${options.id}/edit` : '/glossary/new',
      form: options.form,
      errors: fields,
      errorList,
    });
  };

  app.get('/glossary/new', { preHandler: requireActor }, async (request, reply) => {
    if (!glossary.mayManage(request.actor ?? null)) throw new HttpError(403);
    return renderForm(request, reply, { form: formOf({}) });
  });

  /** Saves the posted term; the form again with its problems, else the term in the glossary. */
  const saveTerm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { id?: string; flash: string },
    save: (values: TermValues) => Promise<Result<unknown>>,
  ) => {
    const form = (request.body ?? {}) as Form;
    const parsed = parseTermForm(form);
    const result = parsed.ok ? await save(parsed.value) : parsed;
    if (!result.ok || !parsed.ok)
      return renderForm(request, reply, {
        id: options.id,
        form: rawForm(form),
        issues: result.ok ? [] : result.issues,
      });
    return reply.redirect(
      await flashes.redirectUrl(request, `/glossary#${parsed.value.slug}`, {
        key: options.flash,
      }),
      303,
    );
  };

  app.post('/glossary/new', { preHandler: requireActor }, async (request, reply) => {
    if (!glossary.mayManage(request.actor ?? null)) throw new HttpError(403);
    return saveTerm(request, reply, { flash: 'glossary:flash.added' }, (values) =>
      glossary.addTerm(request.actor ?? null, values),
    );
  });

  app.get('/glossary/:id/edit', { preHandler: requireActor }, async (request, reply) => {
    const id = idOf(request);
    const row = await glossary.termToEdit(request.actor ?? null, id);
    return renderForm(request, reply, { id, form: formOf(row) });
  });

  app.post('/glossary/:id/edit', { preHandler: requireActor }, async (request, reply) => {
    const id = idOf(request);
    await glossary.termToEdit(request.actor ?? null, id);
    return saveTerm(request, reply, { id, flash: 'glossary:flash.changed' }, (values) =>
      glossary.changeTerm(request.actor ?? null, id, values),
    );
  });

  app.get('/glossary/:id/delete', { preHandler: requireActor }, async (request, reply) => {
    const id = idOf(request);
    const row = await glossary.termToEdit(request.actor ?? null, id);
    return reply.render('meetings/glossary/views/delete.njk', {
      pageTitle: request.t('glossary:delete.title'),
      id,
      term: request.lang === 'cy' ? row.term_cy : row.term_en,
    });
  });

  app.post('/glossary/:id/delete', { preHandler: requireActor }, async (request, reply) => {
    const id = idOf(request);
    await glossary.removeTerm(request.actor ?? null, id);
    return reply.redirect(
      await flashes.redirectUrl(request, '/glossary', { key: 'glossary:flash.deleted' }),
      303,
    );
  });
};

/** The posted fields as typed, to show the form again. */
function rawForm(form: Form): Record<string, string> {
  const fields = [
    'termEn',
    'termCy',
    'expansionEn',
    'expansionCy',
    'explanationEn',
    'explanationCy',
    'seeAlso',
  ];
  return Object.fromEntries(
    fields.map((field) => {
      const value = form[field];
      return [field, typeof value === 'string' ? value : ''];
    }),
  );
}

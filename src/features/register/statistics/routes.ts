import type { FastifyPluginAsync } from 'fastify';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, authoriseAnywhere, requireActor } from '#platform/http/guards.ts';
import { parsedOr404 } from '#platform/http/params.ts';
import type { Language } from '#platform/i18n/i18n.ts';
import type { StatisticsOrganisation } from './service.ts';
import type { ShownCount, SuppressedTable } from './suppress.ts';

// "" is the chooser's "whole scope" option
const statisticsQuery = z.object({
  organisation: z.union([z.literal('').transform(() => undefined), z.guid()]).optional(),
});

const nameIn = (o: StatisticsOrganisation, lang: Language) => (lang === 'cy' ? o.nameCy : o.nameEn);

/** What a cell shows: the number, "fewer than 5", or "hidden" (secondary suppression). */
function cellText(t: TFunction, cell: Pick<ShownCount, 'count' | 'suppressed'>) {
  if (cell.suppressed === 'primary') return t('statistics:fewerThan5');
  if (cell.suppressed === 'secondary') return t('statistics:hidden');
  return String(cell.count);
}

const rowsOf = (t: TFunction, table: SuppressedTable, label: (key: string) => string) =>
  table.cells.map((cell) => ({
    label: label(cell.key),
    value: cellText(t, cell),
    suppressed: cell.suppressed !== null,
  }));

const totalText = (t: TFunction, table: SuppressedTable) =>
  table.totalSuppressed ? t('statistics:fewerThan5') : String(table.total);

export const registerStatisticsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { statistics } = services;

  app.get('/register/statistics', { preHandler: requireActor }, async (request, reply) => {
    const query = parsedOr404(statisticsQuery, request.query);
    // an organisation outside the actor's scope answers 404 (checked by the service)
    const actor = query.organisation
      ? actorOf(request)
      : authoriseAnywhere(request, 'register.statistics');
    const result = await statistics.registerStatistics(actor, query.organisation);
    const t = request.t;
    const lang = request.lang;
    const tables = result.tables.map(({ name, table }) => ({
      id: `by-${name}`,
      caption: t(`statistics:tables.${name}`),
      heading: t(`statistics:headings.${name}`),
      rows: rowsOf(t, table, (key) => t(`statistics:values.${name}.${key}`)),
      total: name === 'willingness' ? null : totalText(t, table),
      overlapping: name === 'willingness',
    }));
    const organisations = {
      rows: result.organisations.table.cells.map((cell) => {
        const organisation = result.organisations.names.get(cell.key)!;
        return {
          label: nameIn(organisation, lang),
          href: `/register/statistics?organisation=${organisation.id}`,
          value: cellText(t, cell),
          suppressed: cell.suppressed !== null,
        };
      }),
    };
    const equality = result.equality.map(({ name, table }) => ({
      id: `equality-${name}`,
      caption: t(`equality:questions.${name}.legend`),
      rows: rowsOf(t, table, (key) =>
        key === 'not_answered'
          ? t('statistics:notAnswered')
          : key === 'prefer_not_to_say'
            ? t('equality:preferNotToSay')
            : name === 'ethnicity'
              ? t(`equality:ethnicityGroups.${key}`)
              : t(`equality:questions.${name}.options.${key}`),
      ),
      total: totalText(t, table),
    }));
    const scopeName = result.organisation
      ? nameIn(result.organisation, lang)
      : t('statistics:wholeScope');
    return reply.render('register/statistics/views/statistics.njk', {
      pageTitle: t('statistics:title'),
      scopeName,
      chosen: result.organisation,
      // choosing an organisation or forum by name, at any depth (issue 13)
      choices: [
        {
          value: '',
          text: t('statistics:wholeScope'),
          selected: !result.organisation,
        },
        ...result.choices
          .map((o) => ({
            value: o.id,
            text: nameIn(o, lang),
            selected: o.id === result.organisation?.id,
          }))
          .sort((a, b) => a.text.localeCompare(b.text, lang)),
      ],
      path: result.path.map((o) => ({
        text: nameIn(o, lang),
        href: `/register/statistics?organisation=${o.id}`,
      })),
      peopleTotal: totalText(t, result.people),
      equalityTotal: totalText(t, result.equalityPeople),
      tables,
      organisations,
      equality,
    });
  });
};

import type { FastifyPluginAsync } from 'fastify';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import type { Services } from '#platform/modules/contract.ts';
import { levels, rungKey } from '../tables.ts';
import { actorOf, authoriseAnywhere, requireActor } from '#platform/http/guards.ts';
import { ladderChart } from './chart.ts';
import { formErrors } from '#platform/validation/index.ts';
import { defaultPeriod, type Cell, type LadderOrganisation } from './service.ts';
import { parsedOr404 } from '#platform/http/params.ts';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const realDate = (v: string) => {
  if (!isoDate.test(v)) return false;
  const [y, m, d] = v.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 2000 && y <= 2100;
};
const ladderQuery = z.object({
  organisation: z.guid().optional().catch(undefined),
  from: z.string().trim().max(20).optional(),
  to: z.string().trim().max(20).optional(),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

const nameIn = (o: LadderOrganisation, lang: string) => (lang === 'cy' ? o.nameCy : o.nameEn);
const round = (n: number) => Math.round(n * 100) / 100;
const cellText = (t: TFunction, cell: Cell) => ({
  people: t('ladder:cell.people', { count: cell.people }),
  hours: t('ladder:cell.hours', { count: round(cell.hours) }),
  opportunities: t('ladder:cell.opportunities', { count: cell.opportunities }),
});

export const ladderMapRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { ladder } = services;

  app.get('/ladder-map', { preHandler: requireActor }, async (request, reply) => {
    const query = parsedOr404(ladderQuery, request.query);
    // an organisation outside the actor's scope answers 404 (checked by the service)
    const actor = query.organisation ? actorOf(request) : authoriseAnywhere(request, 'ladder.view');
    const t = request.t;
    const lang = request.lang;

    const period = defaultPeriod();
    const issues: Record<string, string> = {};
    const from = query.from || period.from;
    const to = query.to || period.to;
    if (!realDate(from)) issues.from = 'ladder:errors.from';
    if (!realDate(to)) issues.to = 'ladder:errors.to';
    if (!issues.from && !issues.to && from > to) issues.to = 'ladder:errors.order';
    const { errorList, fields: errors } = formErrors(t, issues);
    const valid = errorList.length === 0;

    const map = await ladder.ladderMap(actor, {
      organisationId: query.organisation,
      ...(valid ? { from, to } : period),
      page: query.page,
    });
    if (!valid) reply.code(400);
    const scopeName = map.organisation ? nameIn(map.organisation, lang) : t('ladder:wholeScope');
    const link = (organisation: string | null, page = 1) => {
      const p = new URLSearchParams();
      if (organisation) p.set('organisation', organisation);
      if (query.from) p.set('from', from);
      if (query.to) p.set('to', to);
      if (page > 1) p.set('page', String(page));
      const s = p.toString();
      return `/ladder-map${s ? `?${s}` : ''}`;
    };
    const rungName = (n: number) => t(`involvement:rungs.${rungKey(n)}.name`);
    const gapText = (expected: boolean) =>
      t(expected ? 'ladder:gap.expected' : 'ladder:gap.aspirational');
    const gaps = map.rows.filter((r) => r.gap);
    const rows = map.rows.map((r) => ({
      rung: r.rung,
      name: rungName(r.rung),
      explanation: t(`involvement:rungs.${rungKey(r.rung)}.explanation`),
      gap: r.gap,
      status: r.gap
        ? gapText(r.expected)
        : r.rung > 5
          ? t('ladder:evidencedAspirational')
          : t('ladder:evidenced'),
      people: String(r.people),
      hours: String(round(r.hours)),
      records: String(r.records),
      opportunities: String(r.opportunities),
      levels: levels.map((l) => ({
        ...cellText(t, r.byLevel[l]),
        empty: r.byLevel[l].people === 0,
      })),
    }));
    const chart = ladderChart(
      map.rows.map((r) => ({
        label: rungName(r.rung),
        people: r.people,
        value: t('ladder:chart.value', {
          people: t('ladder:cell.people', { count: r.people }),
          hours: t('ladder:cell.hours', { count: round(r.hours) }),
        }),
        gap: r.gap,
        gapText: gapText(r.expected),
      })),
      {
        title: t('ladder:chart.title', { organisation: scopeName }),
        description: t('ladder:chart.description', {
          evidenced: map.rungsEvidenced,
          gaps: gaps.length ? gaps.map((g) => rungName(g.rung)).join(', ') : t('ladder:noGaps'),
        }),
      },
    );
    const pages = map.sideBySide.pageCount;
    return reply.render('involvement/ladder-map/views/ladder.njk', {
      pageTitle: t('ladder:title'),
      errorList,
      errors,
      scopeName,
      chosen: map.organisation,
      path: map.path.map((o) => ({ text: nameIn(o, lang), href: link(o.id) })),
      from: query.from ?? from,
      to: query.to ?? to,
      periodFrom: map.from,
      periodTo: map.to,
      organisationId: query.organisation,
      summary: t('ladder:summary', { count: map.rungsEvidenced }),
      gapsText: gaps.length
        ? t('ladder:gapsList', { rungs: gaps.map((g) => rungName(g.rung)).join(', ') })
        : t('ladder:noGaps'),
      expectedGaps: gaps.filter((g) => g.expected).length,
      total: {
        people: String(map.total.people),
        hours: String(round(map.total.hours)),
        records: String(map.total.records),
        opportunities: String(map.total.opportunities),
      },
      rows,
      levelNames: levels.map((l) => t(`involvement:levels.${l}.name`)),
      chart,
      sideBySide: {
        total: map.sideBySide.total,
        rows: map.sideBySide.rows.map((o) => ({
          name: nameIn(o, lang),
          href: link(o.id),
          kind: t(`organisations:kinds.${o.kind}`),
          indent: Math.min(o.depth - 1, 4),
          cells: o.people.map((n, i) => ({
            text: String(n),
            gap: n === 0,
            label: rungName(i + 1),
          })),
          total: String(o.total),
          hours: String(round(o.hours)),
          rungs: t('ladder:sideBySide.rungsOf', { count: o.rungsEvidenced }),
        })),
        pagination:
          pages > 1
            ? {
                landmarkLabel: t('ladder:sideBySide.pages'),
                previous:
                  map.sideBySide.page > 1
                    ? {
                        href: link(query.organisation ?? null, map.sideBySide.page - 1),
                        text: t('common:pagination.previous'),
                      }
                    : null,
                next:
                  map.sideBySide.page < pages
                    ? {
                        href: link(query.organisation ?? null, map.sideBySide.page + 1),
                        text: t('common:pagination.next'),
                      }
                    : null,
                items: [],
              }
            : null,
        pageText: t('ladder:sideBySide.pageOf', { page: map.sideBySide.page, pages }),
      },
    });
  });
};

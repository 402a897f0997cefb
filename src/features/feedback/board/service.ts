import QRCode from 'qrcode';
import { authoriseAt, findOrganisation } from '#features/admin';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import type { I18n, Language } from '#platform/i18n/i18n.ts';
import { boardPosterPdf, tellUsPosterPdf, type TellUsWords } from './pdf.ts';
import { inLanguage, presentItem, printedLink, shorten } from './present.ts';
import { findInbox, type Inbox } from '../items/repository.ts';
import {
  boardItems,
  boardSummary,
  findArea,
  PAGE_SIZE,
  type SummaryRow,
  type Within,
} from './repository.ts';

/** The latest outcomes on a board poster, and the longest text each may have there. */
const POSTER_ITEMS = 6;
const POSTER_TEXT = 300;

/** How long an area board's numbers are kept, and for how many areas at most. */
const AREA_SUMMARY_MS = 60_000;
const MAX_KEPT_AREAS = 2_000;

/** The furthest page of a board anyone may ask for. */
export const MAX_PAGE = 10_000;

export interface BoardsDependencies {
  db: Database;
  i18n: I18n;
  /** Where people reach Cyd (config.publicUrl): the posters print and encode their links. */
  publicUrl: string;
  /** The number people text their feedback to (config.notify.textNumber), if there is one. */
  textNumber?: string | undefined;
}

/**
 * "You said, we did" (issue 12 item 4): a service's public board, the board of every service at
 * or below an organisation, the board's A4 poster, and the poster that asks people to tell us
 * (item 1), with a QR code of the form's short link. Boards show only published outcomes, never
 * a safeguarding item, never what people wrote (only a redacted quote they agreed to), and
 * counts below 5 as "fewer than 5".
 */
export function createBoards({ db, i18n, publicUrl, textNumber }: BoardsDependencies) {
  const base = publicUrl.replace(/\/+$/, '');

  // An area's numbers are counted over every published item below it: 123 ms of SQL for a
  // region of 54,000, so 20 visitors at once waited 1.5-2 s. A board is not live: each area's
  // numbers are kept for a minute (visitors who come while they are being counted share the
  // count); a service's are cheap and always counted.
  const areaSummaries = new Map<string, { until: number; summary: Promise<SummaryRow[]> }>();
  function summaryOf(where: Within) {
    if (!('area' in where)) return boardSummary(db, where);
    const now = Date.now();
    const kept = areaSummaries.get(where.area);
    if (kept && kept.until > now) return kept.summary;
    if (areaSummaries.size >= MAX_KEPT_AREAS) areaSummaries.clear();
    const summary = boardSummary(db, where);
    areaSummaries.set(where.area, { until: now + AREA_SUMMARY_MS, summary });
    summary.catch(() => areaSummaries.delete(where.area));
    return summary;
  }

  /** A board's numbers and one page of its items (two queries). */
  async function board(where: Within, page: number) {
    const [summary, items] = await Promise.all([
      summaryOf(where),
      boardItems(db, where, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    ]);
    const all = summary.find((r) => r.by === 'all')?.count ?? 0;
    return { summary, items, page, pageCount: Math.max(1, Math.ceil(all / PAGE_SIZE)) };
  }

  /** The words of the "tell us" poster in one language. */
  function tellUsWords(lang: Language, inbox: Inbox): TellUsWords {
    const t = i18n.t(lang);
    return {
      service: inLanguage(lang, inbox.nameEn, inbox.nameCy),
      title: t('board:tellUs.title'),
      lead: t('board:tellUs.lead'),
      anonymous: t('board:tellUs.anonymous'),
      scan: t('board:tellUs.scan'),
      text: !inbox.keyword
        ? null
        : textNumber
          ? t('board:tellUs.textTo', { keyword: inbox.keyword, number: textNumber })
          : t('board:tellUs.text', { keyword: inbox.keyword }),
    };
  }

  return {
    /** A service's board by its inbox's short link code; undefined when there is no open inbox. */
    async serviceBoard(code: string, page: number) {
      const inbox = await findInbox(db, { code });
      if (!inbox) return undefined;
      return { inbox, ...(await board({ service: inbox.organisationId }, page)) };
    },

    /** The board of every service at or below an organisation; undefined when it is unknown. */
    async areaBoard(organisationId: string, page: number) {
      const area = await findArea(db, organisationId);
      if (!area) return undefined;
      return { area, ...(await board({ area: area.id }, page)) };
    },

    /** A service's A4 board poster in the language; undefined when there is no open inbox. */
    async boardPoster(code: string, lang: Language) {
      const inbox = await findInbox(db, { code });
      if (!inbox) return undefined;
      const t = i18n.t(lang);
      const items = await boardItems(
        db,
        { service: inbox.organisationId },
        { limit: POSTER_ITEMS, offset: 0 },
      );
      const service = inLanguage(lang, inbox.nameEn, inbox.nameCy);
      return boardPosterPdf({
        service,
        title: t('board:title'),
        lead: t('board:poster.lead'),
        items: items.map((row) => {
          const item = presentItem(t, lang, row);
          return {
            about: [item.kind, ...item.themes].join(' · '),
            heading: item.heading,
            text: shorten(item.text, POSTER_TEXT),
          };
        }),
        empty: t('board:list.empty'),
        seeAll: t('board:poster.seeAll'),
        link: printedLink(`${base}/you-said-we-did/${inbox.code}`),
      });
    },

    /**
     * The "tell us what you think" poster of a service's inbox, for staff who may see its
     * feedback (404 for an organisation out of sight or with no open inbox, 403 without
     * feedback.view there).
     */
    async tellUsPoster(actor: Actor, organisationId: string) {
      const organisation = await findOrganisation(db, organisationId);
      if (!organisation) throw new HttpError(404);
      authoriseAt(actor, 'feedback.view', organisation);
      const inbox = await findInbox(db, { organisationId: organisation.id });
      if (!inbox) throw new HttpError(404);
      const link = `${base}/f/${inbox.code}`;
      const qr = await QRCode.toBuffer(link, {
        type: 'png',
        errorCorrectionLevel: 'M',
        margin: 2,
        width: 600,
      });
      const bytes = await tellUsPosterPdf(tellUsWords('cy', inbox), tellUsWords('en', inbox), {
        printed: printedLink(link),
        qr,
      });
      return { bytes, code: inbox.code };
    },
  };
}

export type Boards = ReturnType<typeof createBoards>;

import { a4Document } from '#platform/pdf/document.ts';

// A4 in points, with margins of about 1.7 cm
const MARGIN = 48;
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const WIDTH = PAGE_WIDTH - MARGIN * 2;
const INK = '#0b0c0c';
const GREY = '#505a5f';
const TEAL = '#005a5a';

/** A poster's A4 page (the DejaVu fonts, these margins), and its bytes once ended. */
const a4 = (title: string) => a4Document({ title, margin: MARGIN });

/**
 * Draws a link on one line, centred, as large as fits up to `size` points: an address broken
 * across lines would be typed wrongly.
 */
function oneLine(doc: PDFKit.PDFDocument, text: string, size: number, y?: number) {
  doc.font('bold').fontSize(size);
  const fitted = Math.max(8, Math.min(size, (size * WIDTH) / doc.widthOfString(text)));
  const top = y ?? doc.y;
  doc.fontSize(fitted).text(text, MARGIN, top, { width: WIDTH, align: 'center', lineBreak: false });
  doc.x = MARGIN;
  doc.y = top + fitted * 1.25;
}

/** One published outcome on the board poster (already in the poster's language, shortened). */
export interface PosterItem {
  /** Its kind and themes, e.g. "An idea or suggestion · Groups". */
  about: string;
  heading: string;
  text: string;
}

export interface BoardPosterWords {
  service: string;
  title: string;
  lead: string;
  items: PosterItem[];
  empty: string;
  seeAll: string;
  /** The board's address as printed. */
  link: string;
}

/** The most an item may take on the poster, in points (six fit on the page). */
const ITEM_HEIGHT = 92;

/**
 * The A4 "you said, we did" poster of a service (issue 12 item 4): its latest published
 * outcomes, and the address of its board. Returns the file's bytes.
 */
export function boardPosterPdf(words: BoardPosterWords): Promise<Buffer> {
  const { doc, done } = a4(`${words.title}: ${words.service}`);
  doc.fillColor(GREY).font('body').fontSize(14).text(words.service, { width: WIDTH });
  doc.fillColor(TEAL).font('bold').fontSize(30);
  // on one line when it can be, not much smaller than it was meant to be
  const size = Math.max(24, Math.min(30, (30 * WIDTH) / doc.widthOfString(words.title)));
  doc.fontSize(size).text(words.title, { width: WIDTH });
  doc.fillColor(INK).font('body').fontSize(12).text(words.lead, { width: WIDTH });
  doc.moveDown(0.8);
  if (!words.items.length) doc.fontSize(14).text(words.empty, { width: WIDTH });
  const footer = PAGE_HEIGHT - MARGIN - 62;
  // six fit below a long name and title too: the items share what room there is
  const itemHeight = Math.min(ITEM_HEIGHT, (footer - 12 - doc.y) / Math.max(1, words.items.length));
  for (const item of words.items) {
    const top = doc.y;
    doc
      .moveTo(MARGIN, top)
      .lineTo(MARGIN + WIDTH, top)
      .lineWidth(0.75)
      .strokeColor('#b1b4b6')
      .stroke();
    doc.fillColor(GREY).font('body').fontSize(9.5);
    doc.text(item.about, MARGIN, top + 6, { width: WIDTH, height: 13, ellipsis: true });
    doc.fillColor(INK).font('bold').fontSize(13);
    doc.text(item.heading, { width: WIDTH, height: 18, ellipsis: true });
    doc.font('body').fontSize(11);
    const room = top + itemHeight - doc.y - 4;
    if (item.text && room > 12) doc.text(item.text, { width: WIDTH, height: room, ellipsis: true });
    doc.x = MARGIN;
    doc.y = top + itemHeight;
  }
  doc.fillColor(INK).font('body').fontSize(12);
  doc.text(words.seeAll, MARGIN, footer, { width: WIDTH, align: 'center' });
  doc.fillColor(TEAL);
  oneLine(doc, words.link, 22);
  doc.end();
  return done;
}

/** The words of the "tell us" poster in one language. */
export interface TellUsWords {
  service: string;
  title: string;
  lead: string;
  anonymous: string;
  scan: string;
  /** "You can also text …", or null when the inbox has no keyword. */
  text: string | null;
}

/** Draws one language's block of the "tell us" poster from `top`; where it ends. */
function tellUsBlock(doc: PDFKit.PDFDocument, words: TellUsWords, top: number) {
  doc.fillColor(GREY).font('body').fontSize(13).text(words.service, MARGIN, top, { width: WIDTH });
  doc.fillColor(TEAL).font('bold').fontSize(24).text(words.title, { width: WIDTH });
  doc.fillColor(INK).font('body').fontSize(12).text(words.lead, { width: WIDTH });
  doc.moveDown(0.3).text(words.anonymous, { width: WIDTH });
  return doc.y;
}

/** The QR code's side, in points. */
const QR_SIDE = 220;

/**
 * A service's "tell us what you think" poster (issue 12 item 1): Welsh above English on one A4
 * page, a QR code of the form's short link, the link in large letters, and the text-message
 * keyword when the inbox has one. `qr` is the code as a PNG. Returns the file's bytes.
 */
export function tellUsPosterPdf(
  cy: TellUsWords,
  en: TellUsWords,
  link: { printed: string; qr: Buffer },
): Promise<Buffer> {
  const { doc, done } = a4(`${cy.title} / ${en.title}: ${en.service}`);
  const afterWelsh = tellUsBlock(doc, cy, MARGIN);
  const afterEnglish = tellUsBlock(doc, en, afterWelsh + 18);
  const qrTop = afterEnglish + 20;
  doc.image(link.qr, (PAGE_WIDTH - QR_SIDE) / 2, qrTop, { width: QR_SIDE, height: QR_SIDE });
  doc.fillColor(TEAL);
  oneLine(doc, link.printed, 30, qrTop + QR_SIDE + 14);
  doc.fillColor(INK).font('body').fontSize(12).moveDown(0.4);
  doc.text(cy.scan, { width: WIDTH, align: 'center' });
  doc.text(en.scan, { width: WIDTH, align: 'center' });
  if (cy.text && en.text) {
    doc.font('bold').fontSize(13).moveDown(0.6);
    doc.text(cy.text, { width: WIDTH, align: 'center' });
    doc.text(en.text, { width: WIDTH, align: 'center' });
  }
  doc.end();
  return done;
}

import { a4Document } from '#platform/pdf/document.ts';
import type { StatementText } from './present.ts';

/** What the PDF says around the statement, in the reader's language. */
export interface StatementWords {
  person: string;
  /** Address lines (a window envelope shows them), when the statement is for the post. */
  address?: string[];
  made: string;
  columns: {
    paidOn: string;
    claim: string;
    organisation: string;
    method: string;
    expenses: string;
    payment: string;
    total: string;
  };
  empty: string;
  expensesNote: string;
  advice: string;
  page: (n: number, of: number) => string;
}

// A4 in points, with 2 cm margins
const MARGIN = 56;
const WIDTH = 595.28 - MARGIN * 2;
// the columns' widths as shares of the page: day, claim, organisation, method, expenses, payment
const SHARES = [0.14, 0.13, 0.21, 0.2, 0.16, 0.16];
const COLUMNS = SHARES.map((share) => share * WIDTH);

/**
 * A person's statement of payments and expenses as an A4 PDF (issue 11 item 6), in their
 * language, with page numbers. Returns the file's bytes.
 */
export function statementPdf(text: StatementText, words: StatementWords): Promise<Buffer> {
  const { doc, done } = a4Document({
    title: `${text.title}: ${text.period}`,
    margin: MARGIN,
    bufferPages: true,
  });

  doc.font('bold').fontSize(12).text(words.person);
  for (const line of words.address ?? []) doc.font('body').text(line);
  doc.moveDown(2);
  doc.font('bold').fontSize(18).text(text.title);
  doc.font('body').fontSize(12).text(text.period).text(words.made);
  doc.moveDown();

  const row = (cells: string[], font: 'body' | 'bold') => {
    doc.font(font).fontSize(9);
    const heights = cells.map((cell, i) =>
      doc.heightOfString(cell, { width: COLUMNS[i]! - 4, align: i >= 4 ? 'right' : 'left' }),
    );
    const height = Math.max(...heights) + 6;
    if (doc.y + height > doc.page.height - MARGIN - 20) doc.addPage();
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      doc.text(cell, x, top + 3, { width: COLUMNS[i]! - 4, align: i >= 4 ? 'right' : 'left' });
      x += COLUMNS[i]!;
    });
    doc
      .moveTo(MARGIN, top + height)
      .lineTo(MARGIN + WIDTH, top + height)
      .lineWidth(0.5)
      .strokeColor('#b1b4b6')
      .stroke();
    doc.x = MARGIN;
    doc.y = top + height;
  };

  const c = words.columns;
  row([c.paidOn, c.claim, c.organisation, c.method, c.expenses, c.payment], 'bold');
  if (text.empty) {
    doc.moveDown(0.5).font('body').fontSize(11).text(words.empty, MARGIN, doc.y, { width: WIDTH });
  }
  for (const line of text.lines)
    row(
      [line.paidOn, line.claim, line.organisation, line.method, line.expenses, line.payment],
      'body',
    );
  row([c.total, '', '', '', text.totals.expenses, text.totals.payment], 'bold');

  doc.moveDown(1.5).font('body').fontSize(11);
  doc.text(words.expensesNote, MARGIN, doc.y, { width: WIDTH });
  doc.moveDown().text(words.advice, { width: WIDTH });

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    // below the bottom margin: without this pdfkit would start a new page for the footer
    doc.page.margins.bottom = 0;
    doc
      .font('body')
      .fontSize(9)
      .text(words.page(i + 1, range.count), MARGIN, doc.page.height - MARGIN + 10, {
        width: WIDTH,
        align: 'center',
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}

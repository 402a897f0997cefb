import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
/** DejaVu Sans has every Welsh letter (ŵ, ŷ, â...); pdfkit's built-in Helvetica does not. */
const REGULAR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

/**
 * An A4 PDF with DejaVu Sans registered as the fonts `body` and `bold`, and its bytes once
 * `doc.end()` is called. Everything drawn on it is text: words that look like HTML or script are
 * printed as they are. `bufferPages` keeps the pages to go back to (for page numbers).
 */
export function a4Document(options: { title: string; margin: number; bufferPages?: boolean }) {
  const doc = new PDFDocument({
    size: 'A4',
    margin: options.margin,
    bufferPages: options.bufferPages ?? false,
    info: { Title: options.title },
  });
  doc.registerFont('body', REGULAR);
  doc.registerFont('bold', BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

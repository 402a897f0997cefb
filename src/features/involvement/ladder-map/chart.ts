/**
 * The ladder map's chart: a server-rendered SVG (no JavaScript), one horizontal bar per rung
 * with the highest rung at the top, like a ladder. Bar length is the number of people who took
 * part; every bar is labelled with its numbers in words, and a gap is drawn as a dashed
 * outline labelled "Gap", so nothing depends on colour. The SVG is an image with a title and a
 * description; the table next to it holds the same figures for screen readers.
 */
export interface ChartRung {
  label: string;
  people: number;
  /** The words at the end of the bar, for example "12 people, 30 hours". */
  value: string;
  gap: boolean;
  /** Words for a gap, for example "Gap: expected" or "Gap: aspirational". */
  gapText: string;
}

export interface ChartText {
  title: string;
  description: string;
}

const escapeXml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

const WIDTH = 760;
const LABEL_WIDTH = 230;
const BAR_AREA = 280;
const ROW = 36;
const TOP = 8;

/** The SVG markup (escaped here; the template outputs it as it is). */
export function ladderChart(rungs: ChartRung[], text: ChartText, id = 'ladder-chart') {
  const max = Math.max(1, ...rungs.map((r) => r.people));
  const height = TOP * 2 + rungs.length * ROW;
  const ordered = [...rungs].reverse(); // rung 7 at the top
  const bars = ordered
    .map((rung, i) => {
      const y = TOP + i * ROW;
      const label = `<text x="${LABEL_WIDTH - 8}" y="${y + ROW / 2 + 5}" text-anchor="end" font-size="15" fill="#0b0c0c">${escapeXml(rung.label)}</text>`;
      if (rung.gap) {
        return `${label}<rect x="${LABEL_WIDTH}" y="${y + 6}" width="${BAR_AREA}" height="${ROW - 12}" fill="#ffffff" stroke="#d4351c" stroke-width="2" stroke-dasharray="6 4"/><text x="${LABEL_WIDTH + 10}" y="${y + ROW / 2 + 5}" font-size="15" font-weight="bold" fill="#0b0c0c">${escapeXml(rung.gapText)}</text>`;
      }
      const width = Math.max(4, Math.round((rung.people / max) * BAR_AREA));
      return `${label}<rect x="${LABEL_WIDTH}" y="${y + 6}" width="${width}" height="${ROW - 12}" fill="#1d70b8"/><text x="${LABEL_WIDTH + width + 8}" y="${y + ROW / 2 + 5}" font-size="15" fill="#0b0c0c">${escapeXml(rung.value)}</text>`;
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" ` +
    `font-family="system-ui, -apple-system, sans-serif" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false" class="cyd-ladder-chart">` +
    `<title id="${id}-title">${escapeXml(text.title)}</title>` +
    `<desc id="${id}-desc">${escapeXml(text.description)}</desc>` +
    `<line x1="${LABEL_WIDTH}" y1="${TOP}" x2="${LABEL_WIDTH}" y2="${height - TOP}" stroke="#0b0c0c" stroke-width="2"/>` +
    bars +
    `</svg>`
  );
}
